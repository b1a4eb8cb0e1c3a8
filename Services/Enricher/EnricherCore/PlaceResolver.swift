import Shared

/// Resolves LOC entities to GeoNames places. Among same-named candidates it
/// prefers countries and states, then places in a country the article
/// mentions, then the most populous (so "Paris" is in France unless the
/// article is about Texas).
struct PlaceResolver: Sendable {
    let gazetteer: Gazetteer

    func resolve(_ entities: [Entity]) -> [Place] {
        let locs = entities.filter { $0.type == .LOC }
        // Country context: countries named in the article, weighted by mentions.
        var context: [String: Int] = [:]
        for e in locs {
            if let c = gazetteer.candidates(e.name).first, c.kind == .country || c.kind == .admin1 {
                context[c.countryCode, default: 0] += e.mentions.count
            }
        }
        // Other places: a city whose every candidate lies in one country puts that
        // country in context too (Kandahar and Jalalabad make an Afghanistan story).
        for e in locs {
            let candidates = gazetteer.candidates(e.name)
            if let first = candidates.first, first.kind == .city,
               candidates.allSatisfy({ $0.kind == .city && $0.countryCode == first.countryCode }) {
                context[first.countryCode, default: 0] += 1
            }
        }
        // "Paris, Texas": a place followed by ", <country or state>" lies in that country.
        var within: [String: String] = [:]
        var spans: [(start: Int, end: Int, name: String)] = []
        for e in locs { for m in e.mentions { spans.append((m.start, m.end, e.name)) } }
        spans.sort { $0.start < $1.start }
        if spans.count > 1 {
            for k in 0..<(spans.count - 1) where spans[k + 1].start == spans[k].end + 2 {
                if let outer = gazetteer.candidates(spans[k + 1].name).first, outer.kind == .country || outer.kind == .admin1 {
                    within[spans[k].name] = outer.countryCode
                }
            }
        }
        var places: [Place] = []
        for e in locs {
            var candidates = gazetteer.candidates(e.name)
            if candidates.isEmpty {
                for alias in e.aliases where candidates.isEmpty { candidates = gazetteer.candidates(alias) }
            }
            guard !candidates.isEmpty else {
                places.append(Place(name: e.name, mentions: e.mentions.count))
                continue
            }
            // A mention in all capitals is a dateline ("WASHINGTON –", shown as
            // "Washington" by the linker): datelines name cities.
            let dateline = e.mentions.contains { $0.text.count > 3 && EntityLinker.isShouted($0.text) }
            var best = candidates[0]
            var bestScore = -Double.infinity
            for c in candidates.prefix(50) {
                var score: Double
                switch c.kind {
                case .country: score = 100
                case .continent: score = 90
                case .admin1: score = 80
                case .water, .region: score = 70
                case .city: score = log10(Double(max(c.population, 1)))
                }
                // A country the article names is worth about an order of magnitude of population
                // (Jalalabad in an Afghanistan story), not more (Paris stays in France).
                if let weight = context[c.countryCode], c.kind == .city { score += 1 + Double(min(weight, 3)) * 0.3 }
                if dateline && c.kind == .city { score += 100 }
                if let cc = within[e.name], c.kind == .city { score += c.countryCode == cc ? 50 : -50 }
                if score > bestScore { bestScore = score; best = c }
            }
            guard best.located else {
                places.append(Place(
                    name: e.name, countryCode: best.countryCode.isEmpty ? nil : best.countryCode,
                    featureClass: best.featureClass, mentions: e.mentions.count))
                continue
            }
            places.append(Place(
                name: e.name, geonameID: best.geonameID, countryCode: best.countryCode.isEmpty ? nil : best.countryCode,
                latitude: best.latitude, longitude: best.longitude, featureClass: best.featureClass,
                mentions: e.mentions.count))
        }
        return places
    }
}

import Foundation
