/// Finds the article body in a page tree and returns it as paragraphs.
///
/// The method combines the usual signals: text and link density, commas and
/// paragraph structure scored up the tree (Readability's idea) pick the
/// densest container; semantic markup (`article`, `main`, `itemprop=articleBody`)
/// and the class/id vocabulary adjust the choice; sibling blocks of the same
/// story are merged; inside the chosen container, boilerplate boxes (share
/// bars, related posts, comments, forms, link lists) are pruned and
/// repeated short lines dropped. When that yields too little, a wider
/// container is tried.
struct MainTextExtractor {
    var vocabulary = ClassVocabulary()
    /// Text length of the container being emitted: a box holding most of it is the story, whatever its class.
    private var rootLength = 0

    struct Result {
        var paragraphs: [String]
        /// The container the text came from (for metadata that looks nearby).
        var container: Element?
    }

    mutating func extract(from document: HTMLDocument) -> Result {
        let body = document.root.children.lazy.compactMap { node -> Element? in
            if case .element(let e) = node, e.tag == .body { return e }
            return nil
        }.first ?? document.root
        var candidates: [Element] = []
        computeStatistics(body, candidates: &candidates)
        guard body.textLength > 0 else { return Result(paragraphs: [], container: nil) }

        var best: Element?
        var bestScore = -Double.infinity
        for c in candidates {
            c.score *= (1 - c.linkDensity)
            if c.score > bestScore {
                bestScore = c.score
                best = c
            }
        }
        guard var top = best else {
            return Result(paragraphs: blocks(of: [body]), container: body)
        }
        top = refine(top, candidates: candidates)
        var parts = mergeSiblings(top)
        gatherSameClass(top, body: body, into: &parts)
        var paragraphs = blocks(of: parts)
        let total = paragraphs.reduce(0) { $0 + $1.utf8.count }
        if total < 250, let parent = top.parent, parent.tag != .html {
            // Too little for an article: the best block was probably one of
            // several; try its parent, then the container holding most prose.
            let wider = blocks(of: mergeSiblings(parent))
            if wider.reduce(0, { $0 + $1.utf8.count }) > total { paragraphs = wider }
            let proseBox = Self.proseContainer(in: body)
            let widest = blocks(of: [proseBox])
            if widest.reduce(0, { $0 + $1.utf8.count }) > max(total, paragraphs.reduce(0) { $0 + $1.utf8.count }) {
                paragraphs = widest
                top = proseBox
            }
        }
        return Result(paragraphs: paragraphs, container: top)
    }

    /// The fallback when scoring found too little: the smallest container
    /// that still holds most of the page's unlinked text. Story text written
    /// straight into a layout cell (between `<br>`s, beside a heading) scores
    /// low, since no paragraph carries it, yet it is most of what the page says.
    static func proseContainer(in body: Element) -> Element {
        var node = body
        while true {
            var best: Element?
            for child in node.children {
                guard case .element(let e) = child else { continue }
                if best.map({ e.textLength - e.linkLength > $0.textLength - $0.linkLength }) ?? true { best = e }
            }
            guard let b = best, (b.textLength - b.linkLength) * 10 >= (node.textLength - node.linkLength) * 6 else {
                return node
            }
            node = b
        }
    }

    // MARK: - Statistics and scoring

    /// One bottom-up pass: text/link lengths, commas, paragraph counts, and
    /// the paragraph scores pushed up to ancestors.
    private var counter = 0

    private mutating func computeStatistics(_ element: Element, candidates: inout [Element]) {
        counter += 1
        element.order = counter
        var directText = 0
        var directCommas = 0
        var hasBlockChild = false
        for child in element.children {
            switch child {
            case .text(let t):
                let w = TextNormalizer.weight(t)
                directText += w.length
                directCommas += w.commas
                element.textLength += w.length
                element.commas += w.commas
            case .element(let e):
                computeStatistics(e, candidates: &candidates)
                element.textLength += e.textLength
                element.linkLength += e.linkLength
                element.commas += e.commas
                element.paragraphCount += e.paragraphCount
                if e.tag.isBlock && e.tag != .br { hasBlockChild = true }
                else if !e.tag.isBlock {
                    directText += e.textLength
                    directCommas += e.commas
                }
            }
        }
        if element.tag == .a { element.linkLength = element.textLength }
        let tag = element.tag
        let scored: Bool
        let length: Int
        let commas: Int
        switch tag {
        case .p, .pre, .blockquote:
            scored = true
            length = element.textLength
            commas = element.commas
            if length >= 25 && element.linkDensity < 0.5 { element.paragraphCount += 1 }
        case .td, .div, .section, .article, .main, .span, .dd, .li, .font, .other:
            // Text written straight into a container (br-separated articles).
            scored = !hasBlockChild || directText >= 100
            length = hasBlockChild ? directText : element.textLength
            commas = hasBlockChild ? directCommas : element.commas
        default:
            scored = false
            length = 0
            commas = 0
        }
        guard scored, length >= 25 else { return }
        if tag == .li && element.linkDensity > 0.3 { return }
        if isInsideSkippedAncestor(element) { return }
        var contentScore = 1 + Double(commas) + min(Double(length) / 100, 3)
        if element.linkDensity > 0.5 { contentScore *= 0.2 }
        var ancestor = element.parent
        var level = 0
        while let a = ancestor, level < 5, a.tag != .html {
            if !a.isCandidate {
                a.isCandidate = true
                a.score = initialScore(a)
                candidates.append(a)
            }
            let divider: Double = level == 0 ? 1 : (level == 1 ? 2 : Double(level) * 3)
            a.score += contentScore / divider
            ancestor = a.parent
            level += 1
        }
    }

    private func isInsideSkippedAncestor(_ element: Element) -> Bool {
        var node = element.parent
        var depth = 0
        while let n = node, depth < 12 {
            switch n.tag {
            case .aside, .nav, .footer, .form: return true
            default: break
            }
            node = n.parent
            depth += 1
        }
        return false
    }

    private mutating func initialScore(_ e: Element) -> Double {
        var score: Double
        switch e.tag {
        case .div: score = 5
        case .article, .main: score = 8
        case .pre, .td, .blockquote: score = 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: score = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: score = -5
        case .aside, .nav, .footer, .header: score = -25
        default: score = 0
        }
        let verdict = vocabulary.verdict(e.classID)
        score += verdict.weight
        if verdict.strongContent { score += 15 }
        if let itemprop = e.attribute("itemprop"), itemprop.lowercased().has("articlebody") { score += 40 }
        if let role = e.attribute("role"), role == "main" { score += 10 }
        return score
    }

    /// Readability's climb: when several strong candidates share an ancestor,
    /// or the parent scores nearly as well, the story spans more than one block.
    private func refine(_ top: Element, candidates: [Element]) -> Element {
        var top = top
        let sorted = candidates.sorted { $0.score > $1.score }
        let alternatives = sorted.dropFirst().prefix(5).filter { $0.score >= top.score * 0.75 }
        if alternatives.count >= 3 {
            var ancestor = top.parent
            while let a = ancestor, a.tag != .body, a.tag != .html {
                let contained = alternatives.filter { $0.isDescendant(of: a) }.count
                if contained >= 3 {
                    top = a
                    break
                }
                ancestor = a.parent
            }
        }
        // Climb while the parent still scores well (the story continues beside us).
        var lastScore = top.score
        var parent = top.parent
        let threshold = lastScore / 3
        while let p = parent, p.tag != .body, p.tag != .html {
            if !p.isCandidate {
                parent = p.parent
                continue
            }
            if p.score < threshold { break }
            if p.score > lastScore {
                top = p
                break
            }
            lastScore = p.score
            parent = p.parent
        }
        // A lone child is the same box as its parent.
        while let p = top.parent, p.tag != .body, p.tag != .html, elementChildCount(p) == 1 {
            top = p
        }
        return top
    }

    private func elementChildCount(_ e: Element) -> Int {
        var n = 0
        for child in e.children {
            switch child {
            case .element: n += 1
            case .text(let t): if TextNormalizer.weight(t).length > 0 { return 2 }
            }
        }
        return n
    }

    /// The top block plus siblings that look like more of the same story.
    private mutating func mergeSiblings(_ top: Element) -> [Element] {
        guard let parent = top.parent else { return [top] }
        let threshold = max(10, top.score * 0.2)
        var out: [Element] = []
        for child in parent.children {
            guard case .element(let s) = child else { continue }
            if s === top {
                out.append(s)
                continue
            }
            var bonus = 0.0
            if !top.classID.isEmpty && s.classID == top.classID { bonus = top.score * 0.2 }
            if s.isCandidate && s.score * (1) + bonus >= threshold && !vocabulary.verdict(s.classID).boilerplate {
                out.append(s)
            } else if s.tag == .p {
                let density = s.linkDensity
                let length = s.textLength
                if length > 80 && density < 0.25 {
                    out.append(s)
                } else if length > 0 && length <= 80 && density == 0 {
                    let t = s.text
                    if t.hasSuffix(".") || t.hasSuffix("。") { out.append(s) }
                }
            }
        }
        return out
    }

    /// Templates that split a story into chunks (`article__body` blocks between
    /// ads) give every chunk the same class: collect them all, in reading order.
    private func gatherSameClass(_ top: Element, body: Element, into parts: inout [Element]) {
        // The chunk's own class, or its wrapper's when the chunk sits alone in it.
        var models = [top]
        if let p = top.parent, p.tag != .body, elementChildCount(p) == 1 { models.append(p) }
        for model in models where !model.classID.isEmpty {
            var extra: [Element] = []
            body.walk { e in
                if e === model || parts.contains(where: { e.isDescendant(of: $0) }) { return false }
                if parts.contains(where: { $0.isDescendant(of: e) }) { return true }
                if e.classID == model.classID && e.tag == model.tag {
                    if e.textLength >= 150 && e.paragraphCount >= 1 && e.linkDensity < 0.35 { extra.append(e) }
                    return false
                }
                return true
            }
            if !extra.isEmpty {
                parts = (parts + extra).sorted { $0.order < $1.order }
                return
            }
        }
    }

    // MARK: - Emitting paragraphs

    private mutating func blocks(of parts: [Element]) -> [String] {
        var emitter = BlockEmitter()
        rootLength = parts.reduce(0) { $0 + $1.textLength }
        for part in parts {
            emit(part, into: &emitter, isRoot: true)
            emitter.flush()
        }
        return UILabels.trimTail(emitter.paragraphs.filter { !UILabels.isLabel($0) })
    }

    private mutating func emit(_ element: Element, into emitter: inout BlockEmitter, isRoot: Bool) {
        if !isRoot && shouldPrune(element) { return }
        let block = element.tag.isBlock
        if block { emitter.flush() }
        if element.tag == .br {
            emitter.flush()
            return
        }
        for child in element.children {
            switch child {
            case .text(let t): emitter.append(t)
            case .element(let e): emit(e, into: &emitter, isRoot: false)
            }
        }
        if block { emitter.flush() }
    }

    /// A list whose every item is a short line with a link: "more stories", not story text.
    private func isLinkList(_ list: Element) -> Bool {
        guard list.linkDensity >= 0.3 else { return false }
        var items = 0
        var headlineLinks = 0
        for child in list.children {
            guard case .element(let li) = child, li.tag == .li else { continue }
            items += 1
            if li.linkLength == 0 || li.textLength > 160 { return false }
            // Story links read like headlines; links on a name or a place are content.
            if li.linkLength >= 20 { headlineLinks += 1 }
        }
        return items >= 2 && headlineLinks * 5 >= items * 4
    }

    /// Layout wrappers borrow the boilerplate vocabulary (`sidebar-grid__container`
    /// around one chunk of a story split into several): a box holding an
    /// element named as the article body (`article__content`, `itemprop=articleBody`)
    /// is the story's frame, not a sidebar.
    private mutating func wrapsDeclaredBody(_ box: Element) -> Bool {
        guard box.paragraphCount >= 1 else { return false }
        var found = false
        var names = vocabulary
        box.walk { d in
            if found { return false }
            if d !== box, names.verdict(d.classID).strongContent || d.attribute("itemprop") == "articleBody" {
                found = true
            }
            return !found
        }
        vocabulary = names
        return found
    }

    /// A long unlinked paragraph beside plainly named story paragraphs is story
    /// text whatever its class says (`paywall` marks the served story's second
    /// half); a cookie or newsletter paragraph sits in a box of its own.
    private mutating func isStoryParagraph(_ e: Element) -> Bool {
        guard e.tag == .p, e.textLength >= 100, e.linkDensity < 0.25, let parent = e.parent else { return false }
        for child in parent.children {
            guard case .element(let s) = child, s !== e, s.tag == .p, s.textLength >= 100, s.linkDensity < 0.25
            else { continue }
            if !vocabulary.verdict(s.classID).boilerplate { return true }
        }
        return false
    }

    /// Boxes inside the chosen container that are not story text.
    private mutating func shouldPrune(_ e: Element) -> Bool {
        switch e.tag {
        case .aside, .nav, .footer, .form, .h1, .header, .fieldset, .label, .figure, .figcaption, .caption:
            return true
        case .img, .picture, .br, .hr, .a, .em, .strong, .b, .i, .u, .sub, .sup, .small, .mark, .q, .abbr,
            .cite, .code:
            return false
        default:
            break
        }
        if let role = e.attribute("role"),
            role == "navigation" || role == "complementary" || role == "contentinfo" || role == "banner"
        {
            return true
        }
        if e.attribute("aria-hidden") == "true" && e.textLength < 200 { return true }
        let verdict = vocabulary.verdict(e.classID)
        if verdict.boilerplate && !verdict.strongContent && !isStoryParagraph(e) {
            let holdsStory = e.paragraphCount >= 2 && e.linkDensity < 0.25 && e.textLength * 2 > rootLength
            if !(holdsStory || wrapsDeclaredBody(e)) || e.classID.has("comment") { return true }
        }
        if e.textLength == 0 { return true }
        let density = e.linkDensity
        switch e.tag {
        case .p:
            return density > 0.8 && e.textLength < 200 && e.hasAncestorList == false
        case .span:
            // A span around a link inside a sentence is part of the prose; only
            // link spans in a linked box (share bars, tag rows) are chrome.
            return density > 0.8 && e.textLength < 200 && (e.parent?.linkDensity ?? 1) > 0.5
        case .li:
            return false
        case .ul, .ol:
            return density > 0.5 || isLinkList(e)
        default:
            if e.tag.isHeading { return false }
            if density > 0.5 { return true }
            if density > 0.25 && e.paragraphCount == 0 && e.textLength < 300 { return true }
            return false
        }
    }
}

extension MainTextExtractor {
    /// Lines that occur more than once in the body are captions, gallery
    /// credits or widget labels repeated by the template, not story text.
    static func dropRepeated(_ paragraphs: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for p in paragraphs { counts[p, default: 0] += 1 }
        if counts.count == paragraphs.count { return paragraphs }
        return paragraphs.filter { counts[$0]! == 1 || $0.utf8.count > 600 }
    }
}

extension Element {
    fileprivate var hasAncestorList: Bool { false }
}

/// Accumulates inline text and cuts it into paragraphs at block boundaries.
struct BlockEmitter {
    var paragraphs: [String] = []
    private var buffer = ""

    mutating func append(_ text: String) { buffer += text }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        let line = TextNormalizer.collapse(buffer)
        buffer = ""
        if !line.isEmpty { paragraphs.append(line) }
    }
}
