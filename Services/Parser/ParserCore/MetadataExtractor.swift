import Foundation
import Shared

/// Fills an article's metadata from the page, most trusted source first:
/// JSON-LD, then OpenGraph and other `<meta>`, then microdata, then the DOM
/// (headings, bylines, `<time>`, breadcrumbs, tag links), then the URL and
/// the text. Each field's source is recorded in `provenance`.
struct MetadataExtractor {
    let document: HTMLDocument
    let url: String
    /// Dates later than this (plus a day of time-zone slack) are rejected.
    var now: Date = Date()

    private var meta: [String: [String]] = [:]
    private var ld = JSONLDSummary()
    private var itemprops: [String: [Element]] = [:]

    init(document: HTMLDocument, url: String, now: Date = Date()) {
        self.document = document
        self.url = url
        self.now = now
        scan = PageScan(document.root)
        for m in document.metas {
            guard let content = m.attribute("content") else { continue }
            let value = TextNormalizer.collapse(content)
            guard !value.isEmpty else { continue }
            for key in ["property", "name", "itemprop", "http-equiv"] {
                if let k = m.attribute(key) { meta[k.lowercased(), default: []].append(value) }
            }
        }
        for script in document.jsonLD { ld.read(script) }
        itemprops = scan.itemprops
    }

    private var scan: PageScan

    /// Everything the DOM-level rules look for, gathered in one walk of the tree.
    struct PageScan {
        var itemprops: [String: [Element]] = [:]
        var firstH1: String?
        var relAuthor: Element?
        var byline: Element?
        var breadcrumbs: Element?
        var tagLinks: [Element] = []
        var relatedBoxes: [Element] = []

        private var vocabulary = ClassVocabulary()

        init(_ root: Element) {
            visit(root, insideRelated: false)
        }

        private mutating func visit(_ e: Element, insideRelated: Bool) {
            var insideRelated = insideRelated
            for (key, value) in e.attributes {
                switch key {
                case "itemprop":
                    for name in value.split(separator: " ") { itemprops[name.lowercased(), default: []].append(e) }
                case "rel" where e.tag == .a:
                    let rel = value.lowercased()
                    if relAuthor == nil && rel.has("author") { relAuthor = e }
                    if rel.split(separator: " ").contains("tag") { tagLinks.append(e) }
                case "aria-label":
                    if breadcrumbs == nil, value.lowercased().has("breadcrumb") { breadcrumbs = e }
                default: break
                }
            }
            if e.tag == .h1 && firstH1 == nil {
                let t = e.text
                if !t.isEmpty { firstH1 = t }
            }
            if !e.classID.isEmpty {
                let verdict = vocabulary.verdict(e.classID)
                if breadcrumbs == nil && verdict.breadcrumb { breadcrumbs = e }
                if byline == nil, e.textLength > 0, e.textLength < 120, verdict.byline {
                    byline = e
                }
                if !insideRelated && e.tag != .a && verdict.relatedBox {
                    relatedBoxes.append(e)
                    insideRelated = true
                }
            }
            for child in e.children {
                if case .element(let x) = child { visit(x, insideRelated: insideRelated) }
            }
        }
    }

    /// The story's paragraphs from JSON-LD `articleBody`, when the page has one.
    var structuredBody: [String] {
        ld.articleBody.map(JSONLDSummary.paragraphs(ofBody:)) ?? []
    }

    /// UTF-8 size of the JSON-LD `articleBody` (0 without one), before any splitting.
    var structuredBodySize: Int { ld.articleBody?.utf8.count ?? 0 }

    /// What the page's JSON-LD, `og:type` and body classes say it is.
    func declaration(bodyClassID: String) -> PageClassifier.Declaration {
        PageClassifier.declaration(
            jsonLDTypes: ld.declaredTypes, openGraphType: metaValue("og:type"), bodyClassID: bodyClassID)
    }

    static func looksPaywalled(_ document: HTMLDocument) -> Bool {
        var summary = JSONLDSummary()
        for script in document.jsonLD { summary.read(script) }
        return summary.accessibleForFree == false
    }

    private func metaValue(_ keys: String...) -> String? {
        for k in keys { if let v = meta[k]?.first, !v.isEmpty { return v } }
        return nil
    }

    private func itempropText(_ name: String) -> String? {
        guard let e = itemprops[name]?.first else { return nil }
        if let c = e.attribute("content"), !c.isEmpty { return TextNormalizer.collapse(c) }
        if let d = e.attribute("datetime"), !d.isEmpty { return d }
        let t = e.text
        return t.isEmpty ? nil : t
    }

    mutating func fill(_ article: inout ParsedArticle, mainText: MainTextExtractor.Result) {
        var provenance: [String: String] = [:]
        func set<T>(_ field: String, _ value: T?, _ source: String, _ assign: (T) -> Void) -> Bool {
            guard let value else { return false }
            assign(value)
            provenance[field] = source
            return true
        }

        // Canonical URL and site name first: the title cleaner needs the site name.
        // A page may only name a URL of its own site (same registrable domain)
        // as its key: another site's URL would overwrite that site's article.
        let canonicalCandidates: [(String?, String)] = [
            (document.links.first(where: { ($0.attribute("rel") ?? "").lowercased() == "canonical" })?
                .attribute("href"), "link"),
            (metaValue("og:url"), "meta"),
            (ld.canonical, "json-ld"),
        ]
        for case (let raw?, let source) in canonicalCandidates {
            guard let resolved = Self.resolve(raw, against: url), SameSite.isSameSite(resolved, as: url) else {
                continue
            }
            article.canonicalURL = resolved
            provenance["canonicalURL"] = source
            break
        }

        _ = set("siteName", metaValue("og:site_name"), "meta") { article.siteName = $0 }
            || set("siteName", ld.publisher, "json-ld") { article.siteName = $0 }
            || set("siteName", metaValue("application-name", "publisher"), "meta") { article.siteName = $0 }

        // Title.
        let h1 = firstHeading()
        let pageTitle = document.title.map { cleanTitle($0, siteName: article.siteName, heading: h1, guessSite: true) }
        _ = set("title", ld.headline.map { cleanTitle($0, siteName: article.siteName, heading: h1) }, "json-ld") {
            article.title = $0
        }
            || set("title", metaValue("og:title", "twitter:title").map {
                cleanTitle($0, siteName: article.siteName, heading: h1)
            }, "meta") { article.title = $0 }
            || set("title", itempropText("headline"), "microdata") { article.title = $0 }
            || set("title", pageTitle.flatMap { $0.isEmpty ? nil : $0 }, "title") { article.title = $0 }
            || set("title", h1, "dom") { article.title = $0 }
        if article.siteName == nil, let raw = document.title, let title = article.title,
            let suffix = Self.siteSuffix(raw, title: title)
        {
            article.siteName = suffix
            provenance["siteName"] = "title"
        }

        // "Site - Headline" when nothing named the site: the side the page
        // itself shows as a line of text above the story is the headline.
        if let title = article.title, let (headline, site) = Self.headlineSide(of: title, lines: mainText.paragraphs.prefix(3)) {
            article.title = headline
            if article.siteName == nil, site.count <= 60 {
                article.siteName = site
                provenance["siteName"] = "title"
            }
        }

        // Authors.
        let authorSources: [([String], String)] = [
            (ld.authors, "json-ld"),
            ((meta["author"] ?? []) + (meta["article:author"] ?? []) + (meta["dc.creator"] ?? [])
                + (meta["parsely-author"] ?? []) + (meta["sailthru.author"] ?? [])
                + (meta["twitter:misc:written by"] ?? []), "meta"),
            (storyMicrodataAuthors().map(authorText), "microdata"),
            (bylineAuthors(), "dom"),
        ]
        // Many sites credit the publication itself as the author in their
        // metadata while the page names the writer: a person found by a later
        // source beats the outlet's own name, which stays the last resort.
        var outletOnly: ([String], String)?
        for (candidates, source) in authorSources {
            let cleaned = AuthorCleaner.clean(candidates)
            let people = cleaned.filter { !isOutletName($0, siteName: article.siteName) }
            if !people.isEmpty {
                article.authors = people
                provenance["authors"] = source
                outletOnly = nil
                break
            }
            if outletOnly == nil, !cleaned.isEmpty { outletOnly = (cleaned, source) }
        }
        // A byline written as a bold line of its own atop the story text.
        var bylineLine: String?
        if article.authors.isEmpty || outletOnly != nil, let line = Self.boldNameLine(in: mainText.container) {
            let names = AuthorCleaner.clean([line])
            if !names.isEmpty {
                article.authors = names
                provenance["authors"] = "text"
                bylineLine = line
                outletOnly = nil
            }
        }
        if let (names, source) = outletOnly {
            article.authors = names
            provenance["authors"] = source
        }

        if let choice = PublicationDatePicker(now: now).firstPlausible([
            (ld.dateModified, "json-ld"),
            (metaValue("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified"), "meta"),
            (itempropText("datemodified"), "microdata"),
        ]) {
            article.modifiedAt = choice.iso
            provenance["modifiedAt"] = choice.source
        }

        // Language.
        let langSources: [(String?, String)] = [
            (document.htmlLang, "html"), (ld.language, "json-ld"),
            (metaValue("og:locale", "content-language", "language", "dc.language"), "meta"),
        ]
        for (raw, source) in langSources {
            if let code = raw.flatMap(Self.primaryLanguage) {
                article.language = code
                provenance["language"] = source
                break
            }
        }
        if article.language == nil, let guess = LanguageGuesser.guess(mainText.paragraphs) {
            article.language = guess
            provenance["language"] = "text"
        }

        // Description, image.
        _ = set("description", metaValue("description", "og:description", "twitter:description"), "meta") {
            article.description = $0
        } || set("description", ld.description, "json-ld") { article.description = $0 }
        let image: (String, String)? =
            metaValue("og:image", "og:image:url", "twitter:image", "twitter:image:src").map { ($0, "meta") }
            ?? ld.image.map { ($0, "json-ld") }
            ?? itempropText("image").map { ($0, "microdata") }
        if let (raw, source) = image, let resolved = Self.resolve(raw, against: url) {
            article.imageURL = resolved
            provenance["imageURL"] = source
        }

        // Publication date (after the language, which decides how 03/04/2019 reads, and the image).
        let picker = PublicationDatePicker(now: now)
        if let choice = picker.pick(
            metadata: [
                (ld.datePublished, "json-ld"),
                (metaValue(
                    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                    "publish-date", "publish_date", "dc.date.issued", "dcterms.created", "dc.date", "date",
                    "sailthru.date", "parsely-pub-date", "article.published", "published_time", "og:pubdate",
                    "cxenseparse:recs:publishtime"), "meta"),
                (itempropText("datepublished"), "microdata"),
            ],
            document: document, urls: [url, article.canonicalURL], imageURL: article.imageURL,
            language: [document.htmlLang, metaValue("og:locale"), ld.language, article.language])
        {
            article.publishedAt = choice.iso
            provenance["publishedAt"] = choice.source
        }

        // Breadcrumbs, section, tags.
        if !ld.breadcrumbs.isEmpty {
            article.breadcrumbs = ld.breadcrumbs
            provenance["breadcrumbs"] = "json-ld"
        } else {
            let crumbs = domBreadcrumbs(title: article.title)
            if !crumbs.isEmpty {
                article.breadcrumbs = crumbs
                provenance["breadcrumbs"] = "dom"
            }
        }
        if let last = article.breadcrumbs.last, last == article.title { article.breadcrumbs.removeLast() }
        _ = set("section", metaValue("article:section", "section", "parsely-section", "category"), "meta") {
            article.section = $0
        } || set("section", ld.section, "json-ld") { article.section = $0 }
            || set("section", itempropText("articlesection"), "microdata") { article.section = $0 }
            || set("section", article.breadcrumbs.dropFirst().last, "breadcrumbs") { article.section = $0 }

        var tags: [String] = []
        var tagSource = ""
        let tagSources: [([String], String)] = [
            (meta["article:tag"] ?? [], "meta"), (ld.keywords, "json-ld"),
            ((meta["news_keywords"] ?? []).flatMap { $0.split(separator: ",").map(String.init) }, "meta"),
            (domTags(), "dom"),
        ]
        for (values, source) in tagSources where !values.isEmpty {
            tags = values
            tagSource = source
            break
        }
        var seen = Set<String>()
        article.tags = tags.map { TextNormalizer.collapse($0) }
            .filter { !$0.isEmpty && $0.count <= 60 && seen.insert($0.lowercased()).inserted }
            .sorted { $0.lowercased() < $1.lowercased() }
        if !article.tags.isEmpty { provenance["tags"] = tagSource }

        // Body, dateline, credit line.
        var paragraphs = mainText.paragraphs
        if let line = bylineLine, let index = paragraphs.prefix(3).firstIndex(of: line) { paragraphs.remove(at: index) }
        LeadAnalyzer.dropLeadingLabels(
            &paragraphs, title: article.title,
            labels: [article.section].compactMap { $0 } + article.breadcrumbs + article.tags)
        let lead = LeadAnalyzer.analyze(&paragraphs)
        article.paragraphs = paragraphs
        if let dateline = lead.dateline {
            article.dateline = dateline
            provenance["dateline"] = "text"
        }
        if let credit = lead.credit {
            article.sourceCredit = credit
            provenance["sourceCredit"] = "text"
        }
        article.related = relatedLinks(excluding: mainText.container)
        if !article.related.isEmpty { provenance["related"] = "dom" }
        provenance["paragraphs"] = "dom"
        article.provenance = provenance
    }

    // MARK: - Titles

    private func firstHeading() -> String? { scan.firstH1 }

    static let titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " // ", " : "]

    /// Drops a site-name prefix or suffix (`Story | Site`, `Site - Story`).
    func cleanTitle(_ raw: String, siteName: String?, heading: String?, guessSite: Bool = false) -> String {
        let title = TextNormalizer.collapse(raw)
        // The page's own headline inside a longer title ("Opinion | Headline", "Headline - Site") is the title.
        if let heading, heading.count >= 10, title.hasPrefix(heading) || title.hasSuffix(heading) { return heading }
        for sep in Self.titleSeparators {
            let parts = title.components(separatedBy: sep)
            guard parts.count >= 2 else { continue }
            if let site = siteName?.lowercased() {
                if parts.last!.lowercased().contains(site) || site.contains(parts.last!.lowercased()) {
                    return parts.dropLast().joined(separator: sep)
                }
                if parts.first!.lowercased().contains(site) || site.contains(parts.first!.lowercased()) {
                    return parts.dropFirst().joined(separator: sep)
                }
            }
            // Without a known site name, a short last part is the site's name.
            if guessSite, sep != " : ", let last = parts.last, last.count < 30, title.count - last.count > 20 {
                return parts.dropLast().joined(separator: sep)
            }
        }
        return title
    }

    /// The part of a `Site - Headline` (or `Headline - Site`) title that one of
    /// the page's lines repeats, and the rest as the site's name.
    static func headlineSide(of title: String, lines: ArraySlice<String>) -> (String, String)? {
        // A line longer than the whole title cannot be one side of it.
        let keys = lines.filter { $0.utf8.count >= 10 && $0.utf8.count < title.utf8.count }
            .map(LeadAnalyzer.normalizedKey)
        guard !keys.isEmpty else { return nil }
        for sep in titleSeparators where title.contains(sep) {
            let parts = title.components(separatedBy: sep)
            for i in 1..<parts.count {
                let head = parts[..<i].joined(separator: sep).trimmingCharacters(in: .whitespaces)
                let tail = parts[i...].joined(separator: sep).trimmingCharacters(in: .whitespaces)
                guard !head.isEmpty, !tail.isEmpty else { continue }
                let headKey = LeadAnalyzer.normalizedKey(head)
                let tailKey = LeadAnalyzer.normalizedKey(tail)
                if keys.contains(tailKey) && !keys.contains(headKey) { return (tail, head) }
                if keys.contains(headKey) && !keys.contains(tailKey) { return (head, tail) }
            }
        }
        return nil
    }

    static func siteSuffix(_ raw: String, title: String) -> String? {
        let t = TextNormalizer.collapse(raw)
        guard t.hasPrefix(title), t.count > title.count + 3 else { return nil }
        var rest = Substring(t.dropFirst(title.count))
        rest = rest.drop { " |-–—:»·/".contains($0) }
        let site = String(rest).trimmingCharacters(in: .whitespaces)
        return site.isEmpty || site.count > 60 ? nil : site
    }

    // MARK: - Authors

    private func authorText(_ e: Element) -> String {
        if let name = e.attribute("content"), !name.isEmpty { return name }
        var found: String?
        e.walk { d in
            if found != nil { return false }
            if d !== e, d.attribute("itemprop") == "name" {
                found = d.attribute("content") ?? d.text
                return false
            }
            return true
        }
        return found ?? e.text
    }

    /// The site's own name (`og:site_name`, JSON-LD publisher, the host's
    /// main label) given as an author: the outlet, not a writer.
    private func isOutletName(_ name: String, siteName: String?) -> Bool {
        let key = Self.compactKey(name)
        guard key.count >= 3 else { return false }
        var outlets = [siteName, ld.publisher].compactMap { $0 }.map(Self.compactKey)
        if let host = URL(string: url)?.host {
            let labels = host.split(separator: ".")
            if labels.count >= 2 { outlets.append(Self.compactKey(String(labels[labels.count - 2]))) }
        }
        return outlets.contains { outlet in
            outlet.count >= 3 && (outlet.contains(key) || key.contains(outlet))
        }
    }

    /// Lowercased letters and digits only: "EXAMPLE.com" and "example.com" are one name.
    static func compactKey(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            .map(Character.init))
    }

    /// Microdata authors of the page's own item: teasers of other stories
    /// carry `itemprop=author` too, each inside an item of its own, so only
    /// authors in the same item as the first one count.
    private func storyMicrodataAuthors() -> [Element] {
        guard let all = itemprops["author"], let first = all.first else { return [] }
        let owner = Self.itemScope(of: first)
        return all.filter { Self.itemScope(of: $0) === owner }
    }

    private static func itemScope(of e: Element) -> Element? {
        var node = e.parent
        while let n = node {
            if n.attribute("itemscope") != nil { return n }
            node = n.parent
        }
        return nil
    }

    private func bylineAuthors() -> [String] {
        if let link = scan.relAuthor { return [link.text] }
        if let byline = scan.byline { return Self.bylineNames(byline) }
        return []
    }

    /// One of the story's first paragraphs that is only a bold run of
    /// capitalised names ("<p><strong>Jane Doe/John Roe</strong></p>"): small
    /// newsrooms write the byline that way instead of marking it up.
    static func boldNameLine(in container: Element?) -> String? {
        guard let container else { return nil }
        var seen = 0
        var found: String?
        container.walk { e in
            guard found == nil, seen < 3 else { return false }
            guard e.tag == .p else { return true }
            guard e.textLength > 0 else { return false }
            seen += 1
            var bold: Element?
            for child in e.children {
                switch child {
                case .text(let t): if !TextNormalizer.collapse(t).isEmpty { return false }
                case .element(let c):
                    guard bold == nil, c.tag == .strong || c.tag == .b else { return false }
                    bold = c
                }
            }
            if let bold, Self.readsAsNames(bold.text) { found = bold.text }
            return false
        }
        return found
    }

    /// Two to four capitalised words per name, no digits, no sentence end.
    static func readsAsNames(_ line: String) -> Bool {
        guard line.count <= 80, !line.contains(where: \.isNumber), let last = line.last, !".!?:…".contains(last)
        else { return false }
        let names = line.split(whereSeparator: { $0 == "/" || $0 == "," || $0 == "&" })
        return !names.isEmpty && names.allSatisfy { name in
            let words = name.split(separator: " ")
            return (2...4).contains(words.count) && words.allSatisfy { $0.first?.isUppercase == true }
        }
    }

    /// A byline that lists its names in separate elements without commas or
    /// "and" between them ("<span>A</span> <span>B</span>"): one name per
    /// innermost element; otherwise the byline's whole text.
    static func bylineNames(_ byline: Element) -> [String] {
        var texts: [String] = []
        byline.walk { e in
            if e === byline { return true }
            let hasElementChild = e.children.contains { if case .element = $0 { return true } else { return false } }
            if hasElementChild { return true }
            let t = e.text
            if !t.isEmpty { texts.append(t) }
            return false
        }
        let joined = TextNormalizer.collapse(byline.text)
        // Only when the elements hold the names and no separator joins them;
        // a lowercase word beside them is a section label or "von", not a name.
        if texts.count >= 2, !joined.contains(","), !joined.contains(" and "), !joined.contains(" und "),
            !joined.contains("&")
        {
            let names = texts.filter { $0.first?.isLowercase != true }
            // Given and family names in elements of their own are one name.
            if names.contains(where: { $0.contains(" ") }) { return names }
        }
        return [byline.text]
    }

    // MARK: - Breadcrumbs, tags, related links

    private func domBreadcrumbs(title: String?) -> [String] {
        guard let container = scan.breadcrumbs else { return [] }
        var crumbs: [String] = []
        container.walk { e in
            if e.tag == .a {
                let t = e.text
                if !t.isEmpty, t.count < 80 { crumbs.append(t) }
                return false
            }
            return true
        }
        return crumbs
    }

    private func domTags() -> [String] {
        scan.tagLinks.map(\.text).filter { !$0.isEmpty }
    }

    /// Story links in "related", "check also", "read more" boxes outside the body.
    private func relatedLinks(excluding container: Element?) -> [RelatedLink] {
        var out: [RelatedLink] = []
        var seen = Set<String>()
        for box in scan.relatedBoxes {
            if let container, box === container || container.isDescendant(of: box) { continue }
            box.walk { link in
                guard out.count < 20 else { return false }
                guard link.tag == .a, let href = link.attribute("href"), !href.hasPrefix("#") else { return true }
                let title = link.text
                if title.count >= 15, title.split(separator: " ").count >= 3,
                    let absolute = Self.resolve(href, against: url), seen.insert(absolute).inserted
                {
                    out.append(RelatedLink(title: title, url: absolute))
                }
                return false
            }
        }
        return out
    }

    // MARK: - Helpers

    static func resolve(_ raw: String, against base: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://") { return trimmed }
        guard let baseURL = URL(string: base), let resolved = URL(string: trimmed, relativeTo: baseURL) else {
            return nil
        }
        return resolved.absoluteString
    }

    static func primaryLanguage(_ raw: String) -> String? {
        let code = raw.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "," || $0 == " " }).first
            .map { $0.lowercased() }
        guard let code, (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return nil
        }
        return code
    }
}
