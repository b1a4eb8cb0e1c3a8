import Foundation

/// The article facts found in a page's JSON-LD blocks.
///
/// Pages mix several objects (`WebSite`, `Organization`, `BreadcrumbList`,
/// `NewsArticle`), nest them in `@graph`, and write names as strings, objects
/// or arrays; this folds all of that into plain fields.
struct JSONLDSummary {
    var headline: String?
    var datePublished: String?
    var dateModified: String?
    var authors: [String] = []
    var publisher: String?
    var section: String?
    var keywords: [String] = []
    var description: String?
    var image: String?
    var canonical: String?
    var language: String?
    var breadcrumbs: [String] = []
    var accessibleForFree: Bool?
    /// The story's text as the page serves it in `articleBody` (line breaks kept):
    /// the only prose some script-rendered pages carry before JavaScript runs.
    var articleBody: String?
    /// Every `@type` named by the page's objects (lower-cased): what the page says it is.
    var declaredTypes: Set<String> = []

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting", "techarticle",
        "scholarlyarticle", "socialmediaposting", "report", "posting", "webpage", "medicalwebpage", "review",
    ]

    mutating func read(_ script: String) {
        var text = script.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("<!--") { text = String(text.dropFirst(4)) }
        if text.hasSuffix("-->") { text = String(text.dropLast(3)) }
        guard let data = text.data(using: .utf8),
            let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return }
        var objects: [[String: Any]] = []
        collect(json, into: &objects, depth: 0)
        for object in objects { declaredTypes.formUnion(types(object)) }
        // Articles first, then other page types, so a WebPage never hides a NewsArticle.
        let ranked = objects.sorted { rank($0) < rank($1) }
        for object in ranked { absorb(object) }
    }

    private func types(_ o: [String: Any]) -> [String] {
        if let t = o["@type"] as? String { return [t.lowercased()] }
        if let ts = o["@type"] as? [Any] { return ts.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    private func rank(_ o: [String: Any]) -> Int {
        let t = types(o)
        if t.contains(where: { $0 != "webpage" && Self.articleTypes.contains($0) }) { return 0 }
        if t.contains("webpage") { return 1 }
        return 2
    }

    private func collect(_ value: Any, into out: inout [[String: Any]], depth: Int) {
        guard depth < 6 else { return }
        if let array = value as? [Any] {
            for item in array { collect(item, into: &out, depth: depth + 1) }
        } else if let object = value as? [String: Any] {
            out.append(object)
            if let graph = object["@graph"] { collect(graph, into: &out, depth: depth + 1) }
            if let main = object["mainEntity"] as? [String: Any] { collect(main, into: &out, depth: depth + 1) }
        }
    }

    private mutating func absorb(_ o: [String: Any]) {
        let t = types(o)
        if t.contains("breadcrumblist"), breadcrumbs.isEmpty {
            breadcrumbs = Self.crumbs(o)
            return
        }
        guard t.contains(where: { Self.articleTypes.contains($0) }) else {
            if publisher == nil, t.contains("newsmediaorganization") || t.contains("website") {
                if t.contains("website") { publisher = Self.string(o["name"]) }
            }
            return
        }
        let isWebPage = !t.contains(where: { $0 != "webpage" && $0 != "medicalwebpage" && Self.articleTypes.contains($0) })
        if headline == nil { headline = Self.string(o["headline"]) ?? (isWebPage ? nil : Self.string(o["name"])) }
        if datePublished == nil { datePublished = Self.string(o["datePublished"]) ?? Self.string(o["dateCreated"]) }
        if dateModified == nil { dateModified = Self.string(o["dateModified"]) }
        if authors.isEmpty { authors = Self.names(o["author"]) + Self.names(o["creator"]) }
        if publisher == nil { publisher = Self.names(o["publisher"]).first }
        if section == nil {
            section = Self.string(o["articleSection"]) ?? (o["articleSection"] as? [Any])?.compactMap(Self.string).first
        }
        if keywords.isEmpty {
            if let k = o["keywords"] as? String {
                keywords = k.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else if let ks = o["keywords"] as? [Any] {
                keywords = ks.compactMap(Self.string)
            }
        }
        if description == nil { description = Self.string(o["description"]) }
        if image == nil { image = Self.url(o["image"]) ?? Self.url(o["thumbnailUrl"]) }
        if canonical == nil { canonical = Self.url(o["mainEntityOfPage"]) ?? Self.string(o["url"]) }
        if language == nil { language = Self.string(o["inLanguage"]) }
        if accessibleForFree == nil {
            if let b = o["isAccessibleForFree"] as? Bool { accessibleForFree = b }
            if let s = o["isAccessibleForFree"] as? String { accessibleForFree = s.lowercased() == "true" }
        }
        if articleBody == nil, let body = o["articleBody"] as? String, !body.isEmpty { articleBody = body }
        if let bc = o["breadcrumb"] as? [String: Any], breadcrumbs.isEmpty { breadcrumbs = Self.crumbs(bc) }
    }

    /// `articleBody` as paragraphs: split at blank lines, line breaks and
    /// paragraph tags (some CMSs put their HTML in it), other tags dropped.
    static func paragraphs(ofBody body: String) -> [String] {
        let marked = body.replacingOccurrences(of: #"(?i)</?(p|br|div|h[1-6]|li)\b[^>]*>"#, with: "\n", options: .regularExpression)
        let plain = marked.replacingOccurrences(of: #"<[^>]{1,200}>"#, with: "", options: .regularExpression)
        return plain.split(whereSeparator: \.isNewline).map { TextNormalizer.collapse(String($0)) }.filter { !$0.isEmpty }
    }

    static func string(_ v: Any?) -> String? {
        if let s = v as? String {
            let c = TextNormalizer.collapse(s)
            return c.isEmpty ? nil : c
        }
        if let o = v as? [String: Any] { return string(o["name"]) ?? string(o["@value"]) }
        return nil
    }

    static func names(_ v: Any?) -> [String] {
        if let s = v as? String { return string(s).map { [$0] } ?? [] }
        if let o = v as? [String: Any] { return string(o["name"]).map { [$0] } ?? [] }
        if let a = v as? [Any] { return a.flatMap { names($0) } }
        return []
    }

    static func url(_ v: Any?) -> String? {
        if let s = v as? String { return s.isEmpty ? nil : s }
        if let o = v as? [String: Any] { return (o["url"] as? String) ?? (o["@id"] as? String) }
        if let a = v as? [Any], let first = a.first { return url(first) }
        return nil
    }

    static func crumbs(_ o: [String: Any]) -> [String] {
        guard let items = o["itemListElement"] as? [Any] else { return [] }
        let entries: [(Int, String)] = items.enumerated().compactMap { index, raw in
            guard let item = raw as? [String: Any] else { return nil }
            let position = (item["position"] as? Int) ?? Int((item["position"] as? String) ?? "") ?? index
            let name = string(item["name"]) ?? (item["item"] as? [String: Any]).flatMap { string($0["name"]) }
            return name.map { (position, $0) }
        }
        return entries.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
