import Foundation

/// Reads RSS 2.0, RSS 1.0 (RDF), Atom, sitemaps and sitemap indexes into a
/// `FeedDocument`, with libxml2's SAX parser (`XMLEventReader`;
/// namespace-aware, so `dc:date` and Atom inside other vocabularies are
/// found by namespace, not prefix).
public enum FeedParser {
    /// The local name of the document's root element, from a cheap scan of
    /// the first bytes (skipping the XML declaration, comments and doctype).
    public static func rootElement(of data: Data) -> String? {
        let bytes = Array(data.prefix(8192))
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count else { i += 1; continue }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                if i + 3 < bytes.count, bytes[i + 2] == UInt8(ascii: "-"), bytes[i + 3] == UInt8(ascii: "-") {
                    var j = i + 4
                    while j + 2 < bytes.count, !(bytes[j] == 0x2D && bytes[j + 1] == 0x2D && bytes[j + 2] == 0x3E) { j += 1 }
                    i = j + 3
                } else {
                    i += 2
                }
                continue
            }
            var j = i + 1
            var name: [UInt8] = []
            while j < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[j]) {
                name.append(bytes[j]); j += 1
            }
            let qualified = String(decoding: name, as: UTF8.self)
            return qualified.split(separator: ":").last.map(String.init)
        }
        return nil
    }

    static let feedRoots: Set<String> = ["rss", "RDF", "feed", "urlset", "sitemapindex"]

    /// True when the root element is one of the feed or sitemap kinds.
    public static func looksLikeFeed(_ data: Data) -> Bool {
        rootElement(of: data).map(feedRoots.contains) ?? false
    }

    /// Parses UTF-8 XML (the fetcher converts first; bytes that are not
    /// valid UTF-8 are repaired, see `parserInput`). Relative links resolve
    /// against `baseURL`.
    public static func parse(_ utf8: Data, baseURL: String) throws -> FeedDocument {
        let collector = Collector(baseURL: baseURL)
        let ok = XMLEventReader.read(parserInput(utf8), into: collector)
        guard let kind = collector.kind else {
            let reason = collector.root.map { "root element <\($0)> is not rss, feed, urlset or sitemapindex" }
                ?? "XML error before the root element"
            throw FetchError.notAFeed(url: baseURL, reason: reason)
        }
        // A feed broken half way (an undeclared HTML entity) still gives the entries before the break.
        if !ok && collector.entries.isEmpty {
            throw FetchError.notAFeed(url: baseURL, reason: "XML error before the first entry")
        }
        return FeedDocument(kind: kind, title: collector.title, entries: collector.entries)
    }

    private static let atomNS = "http://www.w3.org/2005/Atom"
    private static let dcNS = "http://purl.org/dc/elements/1.1/"
    private static let newsNS = "http://www.google.com/schemas/sitemap-news/0.9"

    /// Collects entries as elements close. Local names plus namespaces, with
    /// the path of open elements to tell an item's title from the channel's.
    private final class Collector: XMLEventHandler {
        let baseURL: String
        var kind: FeedDocument.Kind?
        var root: String?
        var title: String?
        var entries: [FeedDocument.Entry] = []
        var seen: Set<String> = []

        var stack: [String] = []
        var text: [UInt8] = []
        // The entry being read.
        var inEntry = false
        var link: String?
        var alternateLink: String?
        var guid: String?
        var guidIsPermalink = true
        var entryTitle: String?
        var published: String?
        var updated: String?

        init(baseURL: String) { self.baseURL = baseURL }

        func startElement(_ name: String, namespaceURI: String?, attributes: [String: String]) -> Bool {
            if root == nil {
                root = name
                switch name {
                case "rss", "RDF": kind = .rss
                case "feed": kind = .atom
                case "urlset": kind = .sitemap
                case "sitemapindex": kind = .sitemapIndex
                default: return false
                }
            }
            stack.append(name)
            text.removeAll(keepingCapacity: true)
            switch (kind, name) {
            case (.rss, "item"), (.atom, "entry"), (.sitemap, "url"), (.sitemapIndex, "sitemap"):
                inEntry = true
                link = nil; alternateLink = nil; guid = nil; guidIsPermalink = true
                entryTitle = nil; published = nil; updated = nil
            case (.rss, "guid") where inEntry:
                guidIsPermalink = attributes["isPermaLink"]?.lowercased() != "false"
            case (.atom, "link"), (.rss, "link"):
                // Atom links carry href; an RSS <link> carries its URL as text (taken at its end tag)
                // unless it is an embedded atom:link. Only links inside an entry count.
                guard inEntry, let href = attributes["href"] else { break }
                let rel = attributes["rel"] ?? "alternate"
                if rel == "alternate" {
                    if alternateLink == nil || attributes["type"]?.contains("html") == true { alternateLink = href }
                } else if link == nil, rel != "self", rel != "enclosure", rel != "replies", rel != "edit" {
                    link = href
                }
            default: break
            }
            return true
        }

        func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }

        func endElement(_ name: String, namespaceURI: String?) {
            let value = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let parent = stack.count >= 2 ? stack[stack.count - 2] : nil
            defer {
                if !stack.isEmpty { stack.removeLast() }
                text.removeAll(keepingCapacity: true)
            }
            guard let kind else { return }
            if !inEntry {
                if name == "title", title == nil, parent == "channel" || parent == "feed", !value.isEmpty {
                    title = value
                }
                return
            }
            switch (kind, name) {
            case (.rss, "item"), (.atom, "entry"), (.sitemap, "url"), (.sitemapIndex, "sitemap"):
                inEntry = false
                finishEntry()
            case (.rss, "link") where !value.isEmpty && namespaceURI != FeedParser.atomNS:
                link = value
            case (.rss, "guid"):
                guid = value
            case (_, "title") where namespaceURI == FeedParser.newsNS || parent == "item" || parent == "entry":
                entryTitle = value.isEmpty ? entryTitle : value
            case (.rss, "pubDate"), (_, "published"), (_, "publication_date"):
                published = value
            case (_, "date") where namespaceURI == FeedParser.dcNS:
                published = published ?? value
            case (_, "updated"), (_, "lastmod"):
                updated = value
            case (.atom, "id"):
                guid = value
            case (.sitemap, "loc"), (.sitemapIndex, "loc"):
                if parent == "url" || parent == "sitemap" { link = value }
            default: break
            }
        }

        private func finishEntry() {
            var candidate = alternateLink ?? link
            if candidate == nil, let guid, guidIsPermalink || kind == .atom,
               guid.hasPrefix("http://") || guid.hasPrefix("https://") {
                candidate = guid
            }
            guard let raw = candidate, let url = URLNormalizer.resolve(raw, against: baseURL) else { return }
            guard seen.insert(url).inserted else { return }
            let date = (published ?? updated).map(FeedDate.normalize)
            entries.append(FeedDocument.Entry(url: url, title: entryTitle, published: date))
        }
    }
}
