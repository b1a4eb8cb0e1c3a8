import CLibXML2
import Foundation

/// Element names the extractor reasons about; everything else is `.other`.
enum Tag: UInt8 {
    case other
    case html, head, body, title, meta, link, base
    case div, span, p, br, hr, a, img, picture, figure, figcaption
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd
    case table, thead, tbody, tfoot, tr, td, th, caption
    case article, section, main, aside, nav, header, footer, address
    case blockquote, pre, code, em, strong, b, i, u, small, sub, sup, mark, cite, q, abbr, time, font
    case form, label, fieldset

    static let byName: [String: Tag] = [
        "html": .html, "head": .head, "body": .body, "title": .title, "meta": .meta, "link": .link, "base": .base,
        "div": .div, "span": .span, "p": .p, "br": .br, "hr": .hr, "a": .a, "img": .img, "picture": .picture,
        "figure": .figure, "figcaption": .figcaption,
        "h1": .h1, "h2": .h2, "h3": .h3, "h4": .h4, "h5": .h5, "h6": .h6,
        "ul": .ul, "ol": .ol, "li": .li, "dl": .dl, "dt": .dt, "dd": .dd,
        "table": .table, "thead": .thead, "tbody": .tbody, "tfoot": .tfoot, "tr": .tr, "td": .td, "th": .th,
        "caption": .caption,
        "article": .article, "section": .section, "main": .main, "aside": .aside, "nav": .nav, "header": .header,
        "footer": .footer, "address": .address,
        "blockquote": .blockquote, "pre": .pre, "code": .code, "em": .em, "strong": .strong, "b": .b, "i": .i,
        "u": .u, "small": .small, "sub": .sub, "sup": .sup, "mark": .mark, "cite": .cite, "q": .q, "abbr": .abbr,
        "time": .time, "font": .font,
        "form": .form, "label": .label, "fieldset": .fieldset,
    ]

    var isHeading: Bool { self == .h1 || self == .h2 || self == .h3 || self == .h4 || self == .h5 || self == .h6 }

    /// Elements that end a line of text: their boundaries become paragraph breaks.
    var isBlock: Bool {
        switch self {
        case .p, .div, .br, .hr, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .table, .thead,
            .tbody, .tfoot, .tr, .td, .th, .caption, .article, .section, .main, .aside, .nav, .header, .footer,
            .address, .blockquote, .pre, .figure, .figcaption, .form, .fieldset, .body, .html:
            true
        default: false
        }
    }
}

/// A node of the compact tree: an element or a run of text.
enum Node {
    case element(Element)
    case text(String)
}

/// One element of the compact tree the extractor works on.
///
/// The libxml2 document is converted once into this tree (dropping scripts,
/// styles, forms controls and hidden parts), because walking Swift objects
/// with cached per-node statistics is far cheaper than re-walking C nodes.
final class Element {
    let tag: Tag
    /// `class` and `id` joined and lower-cased: the vocabulary the boilerplate
    /// and content classifiers read.
    let classID: String
    /// Only the attributes the extractor reads (see `keptAttributes`).
    let attributes: [(String, String)]
    var children: [Node] = []
    unowned(unsafe) var parent: Element?

    // Statistics filled by `computeStatistics()`.
    /// Non-space bytes of text below this element.
    var textLength = 0
    /// Non-space bytes of text inside links below this element.
    var linkLength = 0
    var commas = 0
    /// `<p>` descendants with real text.
    var paragraphCount = 0
    var score = 0.0
    var isCandidate = false
    /// Position in document order (pre-order), for putting gathered blocks back in reading order.
    var order = 0

    init(tag: Tag, classID: String, attributes: [(String, String)]) {
        self.tag = tag
        self.classID = classID
        self.attributes = attributes
    }

    func attribute(_ name: String) -> String? {
        for (key, value) in attributes where key == name { return value }
        return nil
    }

    var linkDensity: Double { textLength == 0 ? 0 : Double(linkLength) / Double(textLength) }

    /// Depth-first visit of all descendant elements (self included); the
    /// visitor returns false to skip a subtree.
    func walk(_ visit: (Element) -> Bool) {
        guard visit(self) else { return }
        for child in children {
            if case .element(let e) = child { e.walk(visit) }
        }
    }

    /// All descendant elements with the tag, in document order.
    func descendants(_ tag: Tag) -> [Element] {
        var out: [Element] = []
        walk { e in
            if e.tag == tag && e !== self { out.append(e) }
            return true
        }
        return out
    }

    /// The whole text below the element, whitespace normalised.
    var text: String {
        var raw = ""
        appendRawText(to: &raw)
        return TextNormalizer.collapse(raw)
    }

    func appendRawText(to out: inout String) {
        for child in children {
            switch child {
            case .text(let t): out += t
            case .element(let e):
                if e.tag.isBlock && !out.isEmpty { out += " " }
                e.appendRawText(to: &out)
                if e.tag.isBlock { out += " " }
            }
        }
    }

    func hasAncestor(_ tag: Tag) -> Bool {
        var node = parent
        while let n = node {
            if n.tag == tag { return true }
            node = n.parent
        }
        return false
    }

    func isDescendant(of other: Element) -> Bool {
        var node: Element? = self
        while let n = node {
            if n === other { return true }
            node = n.parent
        }
        return false
    }
}

/// A parsed page: the compact body tree plus what the head and the scripts said.
final class HTMLDocument {
    let root: Element
    var title: String?
    /// `<meta>` and `<link>` elements wherever they appear.
    var metas: [Element] = []
    var links: [Element] = []
    /// Bodies of `application/ld+json` scripts.
    var jsonLD: [String] = []
    /// Number of `<script>` elements and bytes of script text (for the needs-JavaScript outcome).
    var scriptCount = 0
    var scriptBytes = 0
    /// Elements marked hidden (`hidden`, `display:none`): dropped unless the parse kept them.
    var hiddenElements = 0
    var htmlLang: String?

    init(root: Element) { self.root = root }
}

/// Turns bytes into an `HTMLDocument` with libxml2's forgiving HTML parser.
///
/// libxml2 runs in SAX mode: its tokenizer and its HTML repair rules (implied
/// elements, auto-closing) drive our tree builder directly, so no libxml2
/// tree is allocated and freed for every page. That halves the parse cost.
enum HTMLTreeBuilder {
    static let keptAttributes: Set<String> = [
        "href", "rel", "itemprop", "itemtype", "itemscope", "role", "property", "name", "content", "datetime",
        "lang", "src", "type", "hidden", "title", "http-equiv", "charset", "aria-hidden", "style", "alt",
        "aria-label",
    ]

    /// Deepest element nesting the tree keeps (the root counts as one level).
    /// Real pages stay far below it; browsers cap their parsers' trees at a
    /// few hundred levels for the same reason.
    static let maxDepth = 256

    /// Elements dropped with their content: never article text.
    static let droppedNames: Set<String> = [
        "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select",
        "option", "button", "input", "textarea", "video", "audio", "map", "source", "track", "dialog",
    ]

    /// libxml2 sets up its globals (the dictionary lock and random seed) on
    /// first use; two threads doing that at once deadlock, so it is done once
    /// here before any parse.
    private static let libraryReady: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses UTF-8 bytes; nil when the input holds no markup at all.
    /// `keepHidden` builds hidden elements too (for pages that reveal their story by script).
    static func parse(_ data: Data, keepHidden: Bool = false) -> HTMLDocument? {
        guard libraryReady, !data.isEmpty, data.count < Int(Int32.max) else { return nil }
        let builder = SAXTreeBuilder(keepHidden: keepHidden)
        let parsed: Bool = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            guard let ctxt = htmlCreateMemoryParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(raw.count))
            else { return false }
            defer { htmlFreeParserCtxt(ctxt) }
            _ = htmlCtxtUseOptions(
                ctxt,
                Int32(
                    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                        | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue))
            _ = xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
            guard let sax = ctxt.pointee.sax else { return false }
            sax.pointee = SAXTreeBuilder.makeHandler()
            ctxt.pointee.userData = Unmanaged.passUnretained(builder).toOpaque()
            _ = htmlParseDocument(ctxt)
            return true
        }
        guard parsed else { return nil }
        builder.finish()
        return builder.document
    }
}

/// Receives libxml2's SAX events and builds the compact tree.
final class SAXTreeBuilder {
    let root = Element(tag: .html, classID: "", attributes: [])
    let document: HTMLDocument
    private var stack: [Element]
    /// Pending text bytes of the current element, flushed into one text node.
    private var text: [UInt8] = []
    /// >0 while inside an element whose content is dropped.
    private var skipDepth = 0
    /// Elements open below the nesting cap: not built, their text goes to the element at the cap.
    private var overflowDepth = 0
    private var captureScript = false
    private var inScript = false
    private var capturingTitle = false
    private var captured: [UInt8] = []
    /// libxml2 interns element and attribute names, so the same pointer means the same name.
    private var names: [UnsafeRawPointer: (String, Tag)] = [:]

    private let keepHidden: Bool

    init(keepHidden: Bool = false) {
        self.keepHidden = keepHidden
        document = HTMLDocument(root: root)
        stack = [root]
    }

    /// The callbacks (built per parse: a C struct of function pointers is not `Sendable` as a global).
    static func makeHandler() -> htmlSAXHandler {
        var h = htmlSAXHandler()
        h.startElement = { ctx, name, atts in
            guard let ctx, let name else { return }
            Unmanaged<SAXTreeBuilder>.fromOpaque(ctx).takeUnretainedValue().start(name, atts)
        }
        h.endElement = { ctx, name in
            guard let ctx, let name else { return }
            Unmanaged<SAXTreeBuilder>.fromOpaque(ctx).takeUnretainedValue().end(name)
        }
        let characters: charactersSAXFunc = { ctx, ch, len in
            guard let ctx, let ch, len > 0 else { return }
            Unmanaged<SAXTreeBuilder>.fromOpaque(ctx).takeUnretainedValue()
                .characters(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        h.characters = characters
        h.ignorableWhitespace = characters
        h.cdataBlock = characters
        h.serror = { _, _ in }
        h.initialized = 0xDEED_BEAF
        return h
    }

    private func name(_ pointer: UnsafePointer<xmlChar>) -> (String, Tag) {
        let key = UnsafeRawPointer(pointer)
        if let known = names[key] { return known }
        let string = String(cString: pointer)
        let entry = (string, Tag.byName[string] ?? .other)
        names[key] = entry
        return entry
    }

    private func flushText() {
        guard !text.isEmpty else { return }
        let string = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        stack[stack.count - 1].children.append(.text(string))
    }

    func start(_ rawName: UnsafePointer<xmlChar>, _ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        let (name, tag) = self.name(rawName)
        if tag == .other {
            if name == "script" {
                document.scriptCount += 1
                skipDepth = 1
                inScript = true
                captureScript = false
                if let type = attribute(atts, "type"), type.lowercased().has("ld+json") { captureScript = true }
                captured.removeAll(keepingCapacity: true)
                return
            }
            if HTMLTreeBuilder.droppedNames.contains(name) {
                skipDepth = 1
                return
            }
        }
        if tag == .title {
            if document.title == nil { capturingTitle = true }
            captured.removeAll(keepingCapacity: true)
            skipDepth = 1
            return
        }
        var attributes: [(String, String)] = []
        var classID = ""
        if var p = atts {
            while let keyPointer = p.pointee {
                let value = p.advanced(by: 1).pointee
                let (key, _) = self.name(keyPointer)
                if key == "class" || key == "id" {
                    if let value {
                        if !classID.isEmpty { classID += " " }
                        classID += String(cString: value).lowercased()
                    }
                } else if HTMLTreeBuilder.keptAttributes.contains(key) {
                    attributes.append((key, value.map { String(cString: $0) } ?? ""))
                }
                p = p.advanced(by: 2)
            }
        }
        let element = Element(tag: tag, classID: classID, attributes: attributes)
        if tag == .meta || tag == .link {
            if tag == .meta { document.metas.append(element) } else { document.links.append(element) }
            skipDepth = 1
            return
        }
        if tag == .html {
            if document.htmlLang == nil, let lang = element.attribute("lang") { document.htmlLang = lang }
            return
        }
        if isHidden(element) {
            document.hiddenElements += 1
            if !keepHidden {
                skipDepth = 1
                return
            }
        }
        // Hostile or broken pages nest elements by the hundred thousand; every
        // walk of the tree (and freeing it) is recursive, so the tree stops
        // growing at the cap and deeper content joins the element there.
        if stack.count >= HTMLTreeBuilder.maxDepth {
            overflowDepth += 1
            if tag.isBlock { text.append(0x20) }
            return
        }
        flushText()
        element.parent = stack[stack.count - 1]
        stack[stack.count - 1].children.append(.element(element))
        stack.append(element)
    }

    func end(_ rawName: UnsafePointer<xmlChar>) {
        if skipDepth > 0 {
            skipDepth -= 1
            if skipDepth == 0 {
                inScript = false
                if captureScript {
                    document.jsonLD.append(String(decoding: captured, as: UTF8.self))
                    captureScript = false
                } else if capturingTitle {
                    document.title = TextNormalizer.collapse(String(decoding: captured, as: UTF8.self))
                    capturingTitle = false
                }
                captured.removeAll(keepingCapacity: true)
            }
            return
        }
        let (_, tag) = self.name(rawName)
        if tag == .html { return }
        if overflowDepth > 0 {
            overflowDepth -= 1
            if tag.isBlock { text.append(0x20) }
            return
        }
        // libxml2 balances its events, so the element ending is the innermost open one.
        guard stack.count > 1 else { return }
        flushText()
        stack.removeLast()
    }

    func characters(_ bytes: UnsafeBufferPointer<xmlChar>) {
        if skipDepth > 0 {
            if skipDepth == 1 {
                if captureScript || capturingTitle {
                    captured.append(contentsOf: bytes)
                    if captureScript { document.scriptBytes += bytes.count }
                } else if inScript {
                    document.scriptBytes += bytes.count
                }
            }
            return
        }
        text.append(contentsOf: bytes)
    }

    func finish() {
        flushText()
        while stack.count > 1 {
            stack.removeLast()
            flushText()
        }
    }

    private func attribute(_ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ wanted: String) -> String? {
        guard var p = atts else { return nil }
        while let keyPointer = p.pointee {
            if self.name(keyPointer).0 == wanted { return p.advanced(by: 1).pointee.map { String(cString: $0) } ?? "" }
            p = p.advanced(by: 2)
        }
        return nil
    }

    private func isHidden(_ e: Element) -> Bool {
        for (key, value) in e.attributes {
            if key == "hidden" { return true }
            if key == "style" {
                let v = value.lowercased()
                if v.has("none") || v.has("hidden") {
                    let compact = String(v.unicodeScalars.filter { $0 != " " })
                    if compact.has("display:none") || compact.has("visibility:hidden") { return true }
                }
            }
        }
        return false
    }
}
