import Foundation

/// Chooses a page's publication day the way htmldate's documented method
/// does: the page's metadata first (JSON-LD, `<meta>`, microdata), then a
/// full date in the URL, then the dates the page shows around its headline
/// and byline (`<time>`, labelled and marked dates, then any short line),
/// publication preferred over revision, inside a plausible range; a
/// copyright year only when nothing else names a day.
struct PublicationDatePicker {
    /// Dates after this (plus a day of time-zone slack) are not publication dates.
    var now: Date
    /// Nothing on the web is dated before this year.
    static let earliestYear = 1995
    /// Segments around the headline where the page shows its own date.
    static let window = -8...40

    struct Choice: Equatable {
        var iso: String
        var source: String
    }

    /// `urls`: the fetched URL, then the page's own (same-site) canonical URL;
    /// `imageURL`: the lead image, whose upload path often holds the day.
    func pick(
        metadata: [(String?, String)], document: HTMLDocument, urls: [String?], imageURL: String?,
        language: [String?]
    ) -> Choice? {
        if let declared = firstPlausible(metadata) { return declared }
        for case let url? in urls {
            if let fromURL = URLDate.find(url), plausible(fromURL) { return Choice(iso: fromURL.iso, source: "url") }
        }
        let page = PageDateCandidates(root: document.root, title: document.title, order: Self.numericOrder(language))
        if let shown = best(page.candidates) { return Choice(iso: shown.date.iso, source: "text") }
        if let imageURL, let fromImage = URLDate.find(imageURL), plausible(fromImage) {
            return Choice(iso: fromImage.iso, source: "image-url")
        }
        let nextYear = Calendar(identifier: .gregorian).component(.year, from: now) + 1
        if let year = page.copyrightYears.last(where: { $0 >= Self.earliestYear && $0 < nextYear }) {
            return Choice(iso: DateNormalizer.Parsed(year: year, month: 1, day: 1).iso, source: "copyright")
        }
        return nil
    }

    /// The first source whose value reads as a plausible date.
    func firstPlausible(_ sources: [(String?, String)]) -> Choice? {
        for case (let raw?, let source) in sources {
            if let parsed = DateNormalizer.parse(raw), plausible(parsed) { return Choice(iso: parsed.iso, source: source) }
        }
        return nil
    }

    func plausible(_ p: DateNormalizer.Parsed) -> Bool {
        guard let date = p.date, p.year >= Self.earliestYear else { return false }
        return date <= now.addingTimeInterval(86_400)
    }

    /// The candidate of the first non-empty tier, nearest the headline (after it
    /// counts half the distance of before it: dates mostly follow the title).
    func best(_ all: [PageDateCandidates.Candidate]) -> PageDateCandidates.Candidate? {
        let usable = all.filter { plausible($0.date) && !$0.inFooter && $0.label != .until }
        let near = usable.filter { Self.window.contains($0.distance) }
        let tiers: [(PageDateCandidates.Candidate) -> Bool] = [
            { $0.label == .published },
            { $0.machineReadable && $0.label != .updated },
            { $0.marked && $0.label != .updated },
            { $0.label != .updated },
            { _ in true },
        ]
        for pool in [near, usable.filter { $0.marked || $0.label == .published }] {
            for tier in tiers {
                let matching = pool.filter(tier)
                if let nearest = matching.min(by: { Self.cost($0.distance) < Self.cost($1.distance) }) {
                    return nearest
                }
            }
        }
        return nil
    }

    private static func cost(_ distance: Int) -> Int { distance >= 0 ? distance : -2 * distance }

    /// Month-first only for US English (and English with no region given);
    /// the rest of the world writes the day first. The first tag with a
    /// region decides; else the first language.
    static func numericOrder(_ tags: [String?]) -> TextDateScanner.NumericOrder {
        let parsed = tags.compactMap { $0 }.map { tag -> (String, String?) in
            let parts = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : nil)
        }.filter { !$0.0.isEmpty }
        guard let (language, region) = parsed.first(where: { $0.1 != nil }) ?? parsed.first else { return .dayFirst }
        return language == "en" && (region == nil || region == "us") ? .monthFirst : .dayFirst
    }
}
