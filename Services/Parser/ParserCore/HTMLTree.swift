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
    var htmlLang: String?

    init(root: Element) { self.root = root }
}

/// Turns bytes into an `HTMLDocument` with libxml2's forgiving HTML parser.
enum HTMLTreeBuilder {
    static let keptAttributes: Set<String> = [
        "href", "rel", "itemprop", "itemtype", "itemscope", "role", "property", "name", "content", "datetime",
        "lang", "src", "type", "hidden", "title", "http-equiv", "charset", "aria-hidden", "style", "alt",
    ]

    /// Elements dropped with their content: never article text.
    static let droppedNames: Set<String> = [
        "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select",
        "option", "button", "input", "textarea", "video", "audio", "map", "source", "track", "dialog",
    ]

    /// Parses bytes in `encoding` (an iconv name); nil when libxml2 builds no document at all.
    static func parse(_ data: Data, encoding: String = "UTF-8") -> HTMLDocument? {
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let doc: htmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            return htmlReadMemory(
                base.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, encoding, options)
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let rootNode = xmlDocGetRootElement(doc) else { return nil }
        let root = Element(tag: .html, classID: "", attributes: [])
        let document = HTMLDocument(root: root)
        var builder = Converter(document: document)
        if let lang = attributeValue(rootNode, "lang") { document.htmlLang = lang }
        builder.convertChildren(of: rootNode, into: root)
        return document
    }

    static func attributeValue(_ node: xmlNodePtr, _ name: String) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, String(cString: n) == name {
                if let child = a.pointee.children, let content = child.pointee.content {
                    return String(cString: content)
                }
                return ""
            }
            attr = a.pointee.next
        }
        return nil
    }

    private struct Converter {
        let document: HTMLDocument
        var inHead = false

        mutating func convertChildren(of node: xmlNodePtr, into parent: Element) {
            var child = node.pointee.children
            while let c = child {
                convert(c, into: parent)
                child = c.pointee.next
            }
        }

        mutating func convert(_ node: xmlNodePtr, into parent: Element) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    parent.children.append(.text(String(cString: content)))
                }
            case XML_ELEMENT_NODE:
                guard let cname = node.pointee.name else { return }
                let name = String(cString: cname)
                if name == "script" {
                    document.scriptCount += 1
                    let body = textContent(node)
                    document.scriptBytes += body.utf8.count
                    if let type = attributeValue(node, "type"), type.lowercased().has("ld+json") {
                        document.jsonLD.append(body)
                    }
                    return
                }
                if HTMLTreeBuilder.droppedNames.contains(name) { return }
                if name == "title" {
                    if document.title == nil { document.title = TextNormalizer.collapse(textContent(node)) }
                    return
                }
                var attributes: [(String, String)] = []
                var classID = ""
                var attr = node.pointee.properties
                while let a = attr {
                    if let n = a.pointee.name {
                        let key = String(cString: n)
                        if key == "class" || key == "id" {
                            if let v = a.pointee.children?.pointee.content {
                                if !classID.isEmpty { classID += " " }
                                classID += String(cString: v).lowercased()
                            }
                        } else if HTMLTreeBuilder.keptAttributes.contains(key) {
                            let value = a.pointee.children?.pointee.content.map { String(cString: $0) } ?? ""
                            attributes.append((key, value))
                        }
                    }
                    attr = a.pointee.next
                }
                let tag = Tag.byName[name] ?? .other
                let element = Element(tag: tag, classID: classID, attributes: attributes)
                if tag == .meta { document.metas.append(element); return }
                if tag == .link { document.links.append(element); return }
                if isHidden(element) { return }
                element.parent = parent
                parent.children.append(.element(element))
                convertChildren(of: node, into: element)
            default:
                return
            }
        }

        func isHidden(_ e: Element) -> Bool {
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

        func textContent(_ node: xmlNodePtr) -> String {
            var out = ""
            var child = node.pointee.children
            while let c = child {
                if let content = c.pointee.content { out += String(cString: content) }
                child = c.pointee.next
            }
            return out
        }
    }
}
