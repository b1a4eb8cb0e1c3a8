import Shared

/// Groups an article's mentions into one canonical entity each (one entity
/// per referent): short forms of a person ("Votel" -> "Joseph Votel", also
/// when the short form was typed as something else), known aliases
/// ("Daesh" -> ISIS), acronyms of a longer name in the same article, and
/// places that resolve to the same gazetteer entry ("US", "U.S.", "United
/// States"). It runs after recognition on typed mentions with offsets,
/// whatever produced them (the rules or a trained tagger).
struct EntityLinker: Sendable {
    let gazetteer: Gazetteer

    func link(_ mentions: [EntityRecognizer.Mention]) -> [Entity] {
        link(mentions.map { EntitySpan(start: $0.start, end: $0.end, type: $0.type, text: $0.text) })
    }

    /// The entities of an article from its typed mentions (offsets in Unicode
    /// scalars, any order), most mentioned first.
    func link(_ mentions: [EntitySpan]) -> [Entity] {
        var entities: [Entity] = []
        var index: [String: Int] = [:]          // "TYPE|key" -> entity
        var personTokens: [String: Int] = [:]   // surname / first name -> person entity
        var surnames: [String: Int] = [:]       // surname -> person entity

        func key(_ type: Entity.EntityType, _ k: String) -> String { type.rawValue + "|" + k }

        // Longest names first, so short forms find their full name.
        let order = mentions.indices.sorted {
            let a = mentions[$0], b = mentions[$1]
            if a.end - a.start != b.end - b.start { return a.end - a.start > b.end - b.start }
            return a.start < b.start
        }
        var orgInitials: [String: Int] = [:]
        for m in order {
            let mention = mentions[m]
            let lower = mention.text.lowercased()
            var target: Int? = index[key(mention.type, lower)]
            var canonical = mention.text
            switch mention.type {
            case .PER:
                let parts = Self.nameParts(mention.text)
                if target == nil, parts.count == 1 { target = personTokens[lower] }
                if target == nil, parts.count >= 2, let last = parts.last {
                    // "Joe Votel" vs "Joseph Votel": same surname and initial.
                    if let t = personTokens[last.lowercased()],
                       let other = Self.nameParts(entities[t].name).first, other.first == parts.first?.first,
                       Self.nameParts(entities[t].name).count >= 2 {
                        target = t
                    }
                }
            case .ORG:
                if let alias = Lexicon.orgAliases[lower] {
                    canonical = alias
                    target = target ?? index[key(.ORG, alias.lowercased())]
                }
                if target == nil, mention.end - mention.start <= 6 { target = orgInitials[mention.text] }
            case .LOC:
                if let id = Self.placeKey(gazetteer, mention.text) {
                    target = target ?? index[key(.LOC, id)]
                }
            }
            // A person's surname alone, typed as a place or organisation that is
            // neither in the gazetteer nor a known alias: the person again.
            if target == nil, mention.type != .PER, !mention.text.contains(" "), let person = surnames[lower],
               Self.placeKey(gazetteer, mention.text) == nil, Lexicon.orgAliases[lower] == nil {
                target = person
            }
            let span = TextSpan(start: mention.start, end: mention.end, text: mention.text)
            if let t = target {
                entities[t].mentions.append(span)
                if mention.text != entities[t].name && !entities[t].aliases.contains(mention.text)
                    && !entities[t].name.hasSuffix(mention.text) && !entities[t].name.hasPrefix(mention.text) {
                    entities[t].aliases.append(mention.text)
                }
            } else {
                let name = mention.type == .PER ? Self.stripNickname(canonical) : canonical
                entities.append(Entity(name: name, type: mention.type, mentions: [span],
                                       aliases: canonical != mention.text ? [mention.text] : []))
                let t = entities.count - 1
                index[key(mention.type, lower)] = t
                index[key(mention.type, canonical.lowercased())] = t
                if mention.type == .PER {
                    let parts = Self.nameParts(mention.text)
                    if parts.count >= 2 {
                        for p in [parts.first!, parts.last!] where personTokens[p.lowercased()] == nil {
                            personTokens[p.lowercased()] = t
                        }
                        if surnames[parts.last!.lowercased()] == nil { surnames[parts.last!.lowercased()] = t }
                    }
                }
                if mention.type == .LOC, let id = Self.placeKey(gazetteer, mention.text) {
                    index[key(.LOC, id)] = t
                }
                if mention.type == .ORG, mention.text.contains(" ") {
                    let initials = Self.initials(name)
                    if initials.count >= 2 && orgInitials[initials] == nil { orgInitials[initials] = t }
                }
            }
        }
        for i in entities.indices {
            entities[i].mentions.sort { $0.start < $1.start }
            if let plain = Self.unshouted(entities[i], gazetteer) {
                entities[i].aliases.removeAll { $0 == plain }
                if !entities[i].aliases.contains(entities[i].name) { entities[i].aliases.append(entities[i].name) }
                entities[i].name = plain
            }
        }
        // Most mentioned first, then by first appearance.
        return entities.sorted {
            if $0.mentions.count != $1.mentions.count { return $0.mentions.count > $1.mentions.count }
            return ($0.mentions.first?.start ?? 0) < ($1.mentions.first?.start ?? 0)
        }
    }

    /// One key per gazetteer place, so "US" and "United States" meet: the
    /// GeoNames id, or for places without one (seas, regions) the entry's name.
    static func placeKey(_ gazetteer: Gazetteer, _ text: String) -> String? {
        guard let g = gazetteer.candidates(text).first else { return nil }
        return g.located ? "#\(g.geonameID)" : "@" + g.name.lowercased()
    }

    /// The name to show instead of an all-capitals one ("BUDAPEST (CPS) -",
    /// "WASHINGTON -" in datelines): the same words in ordinary case from
    /// another mention, or for a place the gazetteer's spelling; nil to keep it.
    static func unshouted(_ entity: Entity, _ gazetteer: Gazetteer) -> String? {
        guard isShouted(entity.name) else { return nil }
        let lower = entity.name.lowercased()
        if let plain = (entity.mentions.map(\.text) + entity.aliases).first(where: {
            !isShouted($0) && $0.lowercased() == lower
        }) {
            return plain
        }
        if entity.type == .LOC, let entry = gazetteer.candidates(lower: lower).first,
            entry.name.lowercased() == lower, !isShouted(entry.name)
        {
            return entry.name
        }
        return nil
    }

    /// Letters all in capitals, at least two of them.
    static func isShouted(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if scalar.properties.isLowercase { return false }
            if scalar.properties.isUppercase { letters += 1 }
        }
        return letters >= 2
    }

    static func nameParts(_ name: String) -> [Substring] {
        stripNickname(name).split(separator: " ")
    }

    /// "Raymond “Tony” Thomas" -> "Raymond Thomas".
    static func stripNickname(_ name: String) -> String {
        guard let open = name.firstIndex(where: { $0 == "\u{201C}" || $0 == "\"" }) else { return name }
        guard let close = name[name.index(after: open)...].firstIndex(where: { $0 == "\u{201D}" || $0 == "\"" }) else { return name }
        let joined = name[..<open] + name[name.index(after: close)...]
        return joined.split(separator: " ").joined(separator: " ")
    }

    static func initials(_ name: String) -> String {
        String(name.split(separator: " ").compactMap { word -> Character? in
            guard let f = word.first, f.isUppercase else { return nil }
            return f
        })
    }
}
