/// GeoNames places (countries, US states, continents, places of 15,000+
/// people), other countries' first-level divisions (ISO 3166-2), and named
/// seas, rivers, mountains and regions, by lower-cased name, for recognising
/// and resolving locations. Entries without a GeoNames id (0) have no position.
public struct Gazetteer: Sendable {
    public struct Entry: Sendable, Equatable {
        /// GeoNames-style letters: H water bodies, L regions and relief (mountains, deserts).
        public enum Kind: Character, Sendable {
            case country = "C", admin1 = "A", city = "P", continent = "R", water = "H", region = "L"
        }
        public var kind: Kind
        public var geonameID: Int
        public var name: String
        public var countryCode: String
        public var latitude: Double
        public var longitude: Double
        public var population: Int
        /// Has a GeoNames id and a position.
        public var located: Bool { geonameID != 0 }

        var featureClass: String {
            switch kind {
            case .country: "country"
            case .admin1: "admin1"
            case .city: "city"
            case .continent: "continent"
            case .water: "water"
            case .region: "region"
            }
        }
    }

    /// Candidates per lower-cased name, most populous first (countries first).
    let byName: [String: [Entry]]
    let countries: [String: Entry]

    public init() throws {
        var byName: [String: [Entry]] = [:]
        var countries: [String: Entry] = [:]
        for row in try DataFiles.rows("gazetteer.tsv") where row.count >= 7 {
            guard let kind = Entry.Kind(rawValue: row[0].first ?? "?"), let id = Int(row[1]) else { continue }
            let entry = Entry(
                kind: kind, geonameID: id, name: String(row[2]), countryCode: String(row[3]),
                latitude: Double(row[4]) ?? 0, longitude: Double(row[5]) ?? 0, population: Int(row[6]) ?? 0)
            if kind == .country { countries[entry.countryCode] = entry }
            byName[entry.name.lowercased(), default: []].append(entry)
            if row.count > 7 && !row[7].isEmpty {
                for alias in row[7].split(separator: "|") {
                    byName[alias.lowercased(), default: []].append(entry)
                }
            }
        }
        for (key, list) in byName {
            byName[key] = list.sorted { Gazetteer.rank($0) > Gazetteer.rank($1) }
        }
        self.byName = byName
        self.countries = countries
    }

    /// Countries, states and continents outrank any city of the same name.
    private static func rank(_ e: Entry) -> Double {
        switch e.kind {
        case .country: 1e12 + Double(e.population)
        case .continent: 1e11
        case .admin1: 1e10
        case .water, .region: 1e9
        case .city: Double(e.population)
        }
    }

    public func candidates(_ name: String) -> [Entry] { byName[name.lowercased()] ?? [] }
    /// For a name that is already lower-cased.
    func candidates(lower: String) -> [Entry] { byName[lower] ?? [] }
    public func country(code: String) -> Entry? { countries[code] }
}
