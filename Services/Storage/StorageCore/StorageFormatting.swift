import Foundation
import Shared

/// The human-readable output of `search`, `show` and `stats`, shared by
/// `newswire-storage` and the `newswire` CLI so both print the same thing.
public enum StorageFormatting {
    /// One entry per result: id, date, site, title (and how many near-duplicates
    /// its story has), then the URL and the snippet, indented.
    public static func searchResults(_ results: [SearchResult]) -> String {
        guard !results.isEmpty else { return "no matching articles\n" }
        let idWidth = results.map { String($0.id).count }.max() ?? 1
        var out = ""
        for result in results {
            let id = String(repeating: " ", count: idWidth - String(result.id).count) + String(result.id)
            var head = [id, day(result.publishedAt) ?? "----------"]
            if let site = result.siteName, !site.isEmpty { head.append(site) }
            head.append(result.title.flatMap { $0.isEmpty ? nil : $0 } ?? "(untitled)")
            var line = head.joined(separator: "  ")
            if result.clusterSize > 1 {
                line += "  [story \(result.clusterID): \(result.clusterSize) articles]"
            }
            let indent = String(repeating: " ", count: idWidth + 2)
            out += line + "\n" + indent + result.url + "\n"
            if !result.snippet.isEmpty { out += indent + truncated(result.snippet, to: 240) + "\n" }
        }
        return out
    }

    /// The whole stored article: metadata, enrichment, then the text.
    public static func article(_ stored: StoredArticle) -> String {
        let a = stored.article.article
        let e = stored.article
        var out = ""
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            out += name.padding(toLength: 12, withPad: " ", startingAt: 0) + value + "\n"
        }
        field("id", String(stored.id))
        field("title", a.title)
        field("url", a.url)
        if let canonical = a.canonicalURL, canonical != a.url { field("canonical", canonical) }
        field("site", a.siteName)
        field("section", a.section)
        field("breadcrumbs", a.breadcrumbs.joined(separator: " > "))
        field("authors", a.authors.joined(separator: ", "))
        field("published", a.publishedAt)
        field("modified", a.modifiedAt)
        field("language", e.language.map { lang in
            e.languageConfidence.map { "\(lang) (\(String(format: "%.2f", $0)))" } ?? lang
        } ?? a.language)
        field("dateline", a.dateline)
        field("credit", a.sourceCredit)
        field("tags", a.tags.joined(separator: ", "))
        field("source", a.source)
        field("fetched", a.fetchedAt.map(WireJSON.formatDate))
        field("story", "\(stored.clusterID) (\(stored.clusterSize) article\(stored.clusterSize == 1 ? "" : "s"))")
        field("simhash", e.simhash)
        field("stored", "\(WireJSON.formatDate(stored.firstSeen)), updated \(WireJSON.formatDate(stored.lastUpdated)), version \(stored.versionCount)")
        if !stored.isEnriched { field("enriched", "no") }
        field("tone", e.tone.map { String(format: "%+.2f", $0) })
        field("keywords", e.keywords.joined(separator: ", "))
        field("summary", e.summary)
        if !e.entities.isEmpty {
            out += "\nentities\n"
            for entity in e.entities.sorted(by: { ($1.count, $0.name) < ($0.count, $1.name) }) {
                var line = "  \(entity.type.rawValue)  \(entity.name)  x\(entity.count)"
                if !entity.aliases.isEmpty { line += "  (also: \(entity.aliases.joined(separator: ", ")))" }
                out += line + "\n"
            }
        }
        if !e.places.isEmpty {
            out += "\nplaces\n"
            for place in e.places {
                var line = "  \(place.name)"
                if let code = place.countryCode { line += "  \(code)" }
                if let lat = place.latitude, let lon = place.longitude {
                    line += String(format: "  %.4f, %.4f", lat, lon)
                }
                if let id = place.geonameID { line += "  geonames:\(id)" }
                line += "  x\(place.mentions)"
                out += line + "\n"
            }
        }
        if !e.quotes.isEmpty {
            out += "\nquotes\n"
            for quote in e.quotes {
                let who = quote.speaker ?? quote.speakerRole ?? "unattributed"
                out += "  \(who): \u{201C}\(quote.text)\u{201D}\n"
            }
        }
        if !e.amounts.isEmpty {
            out += "\namounts\n"
            for amount in e.amounts { out += "  \(amount.text)\(amount.object.map { " (\($0))" } ?? "")\n" }
        }
        if !e.dates.isEmpty {
            out += "\ndates\n"
            for date in e.dates { out += "  \(date.text)\(date.resolved.map { " -> \($0)" } ?? "")\n" }
        }
        out += "\n" + a.paragraphs.joined(separator: "\n\n") + "\n"
        return out
    }

    /// The summary `make run` prints when it stops.
    public static func stats(_ stats: StorageStats) -> String {
        var out = "articles: \(stats.articles) (\(stats.enrichedArticles) enriched)\n"
        out += "stories: \(stats.storyClusters) (\(stats.multiArticleStories) with more than one article)\n"
        if !stats.outcomes.isEmpty {
            let outcomes = stats.outcomes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            out += "other pages: " + outcomes.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if !stats.topEntities.isEmpty {
            out += "top entities:\n"
            for entity in stats.topEntities {
                out += "  \(entity.name) (\(entity.type))  \(entity.articles) article\(entity.articles == 1 ? "" : "s"), \(entity.mentions) mentions\n"
            }
        }
        if !stats.topPlaces.isEmpty {
            out += "top places:\n"
            for place in stats.topPlaces {
                out += "  \(place.name)\(place.countryCode.map { " (\($0))" } ?? "")  \(place.articles) article\(place.articles == 1 ? "" : "s")\n"
            }
        }
        return out
    }

    static func day(_ published: String?) -> String? {
        guard let published, published.count >= 10 else { return published }
        return String(published.prefix(10))
    }

    static func truncated(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
