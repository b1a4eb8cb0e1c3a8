import CLibXML2
import Foundation

/// What `XMLEventReader` reports: elements by local name and namespace,
/// their attributes, and text (character data and CDATA) as UTF-8 bytes.
protocol XMLEventHandler: AnyObject {
    /// Returns false to stop the parse (the document is not wanted).
    func startElement(_ name: String, namespaceURI: String?, attributes: [String: String]) -> Bool
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    func endElement(_ name: String, namespaceURI: String?)
}

/// Reads XML with libxml2's SAX2 parser (namespace-aware, recovering from
/// errors, no network, no external entities) and hands the events to an
/// `XMLEventHandler`.
///
/// Why not Foundation's XMLParser: FoundationXML force-unwraps the UTF-8
/// decoding of every name libxml2 reports and calls strlen() on pointers
/// libxml2 may leave NULL (a processing instruction without data), so one
/// bad byte in a fetched feed killed the fetcher. Here every pointer is
/// checked and every string is decoded with repair.
enum XMLEventReader {
    /// libxml2 sets up its globals on first use; two threads doing that at
    /// once deadlock, so it is done once before any parse.
    private static let libraryReady: Bool = {
        xmlInitParser()
        return true
    }()

    /// The parse in progress: the handler, and whether it asked to stop.
    fileprivate final class Session {
        let handler: any XMLEventHandler
        var stopped = false
        init(handler: any XMLEventHandler) { self.handler = handler }
    }

    /// Parses `data` (UTF-8 under a UTF-8 declaration, see
    /// `FeedParser.parserInput`). Returns true when the document was
    /// well-formed and read to its end.
    static func read(_ data: Data, into handler: any XMLEventHandler) -> Bool {
        guard libraryReady, !data.isEmpty, data.count < Int(Int32.max) else { return false }
        let session = Session(handler: handler)
        return data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress,
                  let ctxt = xmlCreateMemoryParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(raw.count))
            else { return false }
            defer {
                if let document = ctxt.pointee.myDoc { xmlFreeDoc(document) }
                xmlFreeParserCtxt(ctxt)
            }
            let options = XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue
            _ = xmlCtxtUseOptions(ctxt, Int32(options))
            guard let sax = ctxt.pointee.sax else { return false }
            sax.pointee = makeHandler()
            // libxml2's own SAX2 callbacks (entity declarations, the document
            // node) expect the parser context as their user data; the session
            // rides in `_private`.
            ctxt.pointee._private = Unmanaged.passUnretained(session).toOpaque()
            _ = xmlParseDocument(ctxt)
            return !session.stopped && ctxt.pointee.wellFormed != 0
        }
    }

    fileprivate static func session(_ ctx: UnsafeMutableRawPointer?) -> Session? {
        guard let ctxt = ctx?.assumingMemoryBound(to: xmlParserCtxt.self), let session = ctxt.pointee._private
        else { return nil }
        return Unmanaged<Session>.fromOpaque(session).takeUnretainedValue()
    }

    /// libxml2's default SAX2 handler with the element and text callbacks
    /// replaced, and nothing else that builds a tree or reports errors.
    private static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        _ = xmlSAXVersion(&h, 2)
        h.startElementNs = { ctx, localname, _, uri, _, _, count, _, attributes in
            guard let session = XMLEventReader.session(ctx), !session.stopped, let localname else { return }
            let wanted = session.handler.startElement(
                XMLEventReader.text(localname), namespaceURI: uri.map(XMLEventReader.text),
                attributes: XMLEventReader.attributeMap(attributes, count: Int(count)))
            if !wanted {
                session.stopped = true
                xmlStopParser(ctx?.assumingMemoryBound(to: xmlParserCtxt.self))
            }
        }
        h.endElementNs = { ctx, localname, _, uri in
            guard let session = XMLEventReader.session(ctx), !session.stopped, let localname else { return }
            session.handler.endElement(XMLEventReader.text(localname), namespaceURI: uri.map(XMLEventReader.text))
        }
        let characters: charactersSAXFunc = { ctx, bytes, length in
            guard let session = XMLEventReader.session(ctx), !session.stopped, let bytes, length > 0 else { return }
            session.handler.characters(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        h.characters = characters
        h.cdataBlock = characters
        h.ignorableWhitespace = characters
        h.startElement = nil
        h.endElement = nil
        h.reference = nil
        h.processingInstruction = nil
        h.comment = nil
        h.warning = nil
        h.error = nil
        h.serror = { _, _ in }
        return h
    }

    /// A NUL-terminated libxml2 string, decoded with repair.
    fileprivate static func text(_ pointer: UnsafePointer<xmlChar>) -> String {
        String(decoding: UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))),
               as: UTF8.self)
    }

    /// SAX2 attributes: `count` groups of (localname, prefix, URI, value
    /// start, value end). Keys are local names.
    fileprivate static func attributeMap(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int)
        -> [String: String] {
        guard let attributes, count > 0 else { return [:] }
        var map: [String: String] = [:]
        for i in 0..<count {
            guard let name = attributes[i * 5], let start = attributes[i * 5 + 3], let end = attributes[i * 5 + 4],
                  end >= start
            else { continue }
            let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            // Without entity substitution libxml2 keeps `&amp;` in a value as `&#38;`.
            map[text(name)] = value.replacingOccurrences(of: "&#38;", with: "&")
        }
        return map
    }
}
