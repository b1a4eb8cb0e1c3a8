import Shared

/// Finds PER / ORG / LOC names in tokenised news text with rules over
/// capitalisation, lexicons (GeoNames, US Census names, organisation and
/// place head words, titles) and document-level evidence (a word seen in
/// lower case elsewhere is a common word; a surname seen in a full name is a
/// person). Rules rather than a trained model because the only openly licensed
/// training data at hand is small and the rules run at millions of tokens/s.
public struct EntityRecognizer: Sendable {
    public struct Mention: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var type: Entity.EntityType
        public var text: String
        /// Token range of the mention.
        var firstToken: Int
        var lastToken: Int
    }

    let gazetteer: Gazetteer
    let names: NameLexicon

    public init(gazetteer: Gazetteer, names: NameLexicon) {
        self.gazetteer = gazetteer
        self.names = names
    }

    /// Words that, glued by a hyphen to a name, make an adjective ("Afghanistan-based").
    static let hyphenSuffixes: Set<String> = [
        "based", "led", "backed", "born", "style", "owned", "run", "made", "bound", "related", "linked", "era",
        "wide", "like", "type", "funded", "sponsored", "controlled", "held", "affiliated", "inspired",
        "specific", "centric", "friendly", "focused", "bred", "raised", "trained", "listed", "registered",
        "headquartered", "allied", "aligned", "educated", "made", "produced", "designed", "built",
    ]

    /// Where a run of names may split in two. Not "&": it joins one name
    /// ("Mary & Leigh Block Museum", "Evergreen Aviation & Space Museum", "Procter & Gamble").
    static let splitters: Set<String> = ["and", "'s", "\u{2019}s", "-"]
    static let joiners: Set<String> = ["of", "for", "on"]
    static let acronymTitles: Set<String> = ["ceo", "cfo", "coo", "cto", "mp", "mep"]
    static let orgCueNouns: Set<String> = [
        "company", "firm", "group", "agency", "party", "organisation", "organization", "network", "newspaper",
        "startup", "start-up", "airline", "carrier", "bank", "club", "team", "militia", "charity", "broadcaster",
        "publisher", "retailer", "manufacturer", "automaker", "insurer", "union", "outlet", "website", "brand",
        "journal", "magazine", "tabloid", "broadsheet", "school", "schools", "companies", "firms", "groups",
        "parties", "teams", "clubs", "charities", "bands", "newspapers", "agencies", "banks",
    ]
    static let locCueNouns: Set<String> = [
        "city", "town", "village", "province", "capital", "region", "country", "district", "county", "island",
        "port", "state", "suburb", "neighbourhood", "neighborhood", "municipality",
    ]
    static let compass: Set<String> = [
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
        "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater",
    ]

    struct Piece {
        var first: Int
        var last: Int
        var personCue: Bool
        /// Stands before a title ("Senate Majority Leader ..."): an employer or a place, not a person.
        var beforeTitle = false
    }

    public func recognize(scalars: [Unicode.Scalar], tokens: [Token]) -> [Mention] {
        recognize(scalars: scalars, tokens: tokens, lowers: tokens.map(\.lower))
    }

    func recognize(scalars: [Unicode.Scalar], tokens: [Token], lowers: [String]) -> [Mention] {
        let n = tokens.count
        var lowerSeen = KeyCounter(capacity: n)
        var capCount = KeyCounter(capacity: n / 4 + 16)
        for t in tokens where t.kind == .word {
            guard let f = t.text.unicodeScalars.first else { continue }
            if f.isLowerFast { lowerSeen.add(t.key) } else if f.isUpperFast && !t.sentenceStart && !t.lineStart { capCount.add(t.key) }
        }

        // 1. Which tokens can be part of a name.
        var nameTok = [Bool](repeating: false, count: n)
        for i in 0..<n where tokens[i].kind == .word {
            let t = tokens[i]
            let l = lowers[i]
            // "Suleiman al-Amr": a lower-case name particle glued to a capitalised name, after a name.
            if !t.isCapitalized {
                if i > 0, nameTok[i - 1], l.hasPrefix("al-") || l.hasPrefix("el-") || l.hasPrefix("bin-"),
                   let dash = t.text.unicodeScalars.firstIndex(of: "-"),
                   t.text.unicodeScalars[t.text.unicodeScalars.index(after: dash)].isUpperFast {
                    nameTok[i] = true
                }
                continue
            }
            if t.isAllCaps {
                // Shouted function words ("UNLESS", "NEVER") are no acronyms; short ones may be (US, WHO).
                if l != "i" && l != "a" && !(t.has(.stop) && l.utf8.count >= 4) { nameTok[i] = true }
                continue
            }
            if t.has(.stop) {
                // "James To", "Wilson Or", "Johnnie Christmas": a function or calendar word capitalised
                // inside a sentence right after a given name is a surname.
                if i > 0, nameTok[i - 1], !t.sentenceStart, !t.lineStart, t.spaceBefore, !tokens[i - 1].isAllCaps,
                   names.firstName(lowers[i - 1]) > 0.01, i + 1 == n || !tokens[i + 1].isCapitalized {
                    nameTok[i] = true
                }
                continue
            }
            if let dash = l.firstIndex(of: "-") {
                let head = l[..<dash]
                let tail = l[l.index(after: dash)...]
                let tailCap = t.text[t.text.index(t.text.startIndex, offsetBy: head.count + 1)...].first?.isUppercase ?? false
                // "Afghanistan-based", "Texas-sized"; but "Yau Wai-ching" (Wai is a town) is a name part.
                let afterName = i > 0 && tokens[i - 1].kind == .word && tokens[i - 1].isCapitalized && !tokens[i].sentenceStart
                if !tailCap && (Self.hyphenSuffixes.contains(String(tail))
                    || !afterName && (!gazetteer.candidates(String(head)).isEmpty || isDemonym(String(head)))) {
                    continue
                }
            }
            nameTok[i] = true
        }

        // 2. Chunks of name tokens with connectors between them.
        var chunks: [(Int, Int)] = []
        var i = 0
        while i < n {
            guard nameTok[i] else { i += 1; continue }
            let start = i
            var end = i
            var j = i + 1
            while j < n {
                if tokens[j].lineStart || tokens[j].sentenceStart { break }
                if nameTok[j] { end = j; j += 1; continue }
                // Nickname in quotes inside a person's name: Raymond “Tony” Thomas.
                if j + 3 < n, tokens[j].text == "\u{201C}" || tokens[j].text == "\"",
                   nameTok[j + 1], tokens[j + 2].text == "\u{201D}" || tokens[j + 2].text == "\"", nameTok[j + 3],
                   !tokens[j + 3].sentenceStart {
                    end = j + 3; j += 4; continue
                }
                // Connectors: of, the, and, &, -, 's followed by a name token.
                var k = j
                var steps = 0
                while k < n && steps < 2 {
                    let l = lowers[k]
                    if tokens[k].has(.connector) || l == "-" || l == "'s" || l == "\u{2019}s" {
                        k += 1; steps += 1
                    } else { break }
                }
                if steps > 0 && k < n && nameTok[k] && !tokens[k].sentenceStart && !tokens[k].lineStart {
                    let first = lowers[j]
                    if first == "the" { break }  // "X the Y" is not a name
                    end = k; j = k + 1; continue
                }
                break
            }
            chunks.append((start, end))
            i = end + 1
        }

        // 3. Split chunks into pieces at titles and weak connectors.
        var pieces: [Piece] = []
        for (s, e) in chunks {
            splitChunk(s, e, tokens: tokens, lowers: lowers, lowerSeen: lowerSeen, into: &pieces)
        }

        // 4. Classify, with document-level memory for single words.
        var typed: [(Piece, Entity.EntityType?)] = []
        var confident: [Bool] = []
        var orgEvidence: [Bool] = []
        for p in pieces {
            var (type, sure) = classify(p, tokens: tokens, lowers: lowers, lowerSeen: lowerSeen, capCount: capCount)
            // What surrounds the name says organisation: its officials, members, spokespeople.
            let orgContext = type != .LOC && !(type == .PER && sure) && !p.personCue
                && organisationContext(p, tokens: tokens, lowers: lowers)
            if orgContext { (type, sure) = (.ORG, true) }
            typed.append((p, type))
            confident.append(sure)
            orgEvidence.append(orgContext || type == .ORG && sure)
        }
        var memory: [String: Entity.EntityType] = [:]
        // "Kennedy Space Center (KSC)": an acronym in parentheses after a name has that name's type.
        for idx in typed.indices.dropFirst() {
            let p = typed[idx].0
            guard p.first == p.last, tokens[p.first].isAllCaps, p.first >= 2, p.last + 1 < n,
                  tokens[p.first - 1].text == "(", tokens[p.last + 1].text == ")",
                  let prevType = typed[idx - 1].1, typed[idx - 1].0.last == p.first - 2,
                  initials(typed[idx - 1].0, tokens) == acronymLetters(tokens[p.first].text)
            else { continue }
            typed[idx].1 = prevType
            confident[idx] = true
            memory[lowers[p.first]] = prevType
        }
        var weakSurnames: [String: Bool] = [:]
        for (p, type) in typed where type == .PER && p.last > p.first && p.last - p.first <= 2 && tokens[p.last].kind == .word {
            weakSurnames[lowers[p.last]] = true
        }
        // "Warhol Polaroids": a known surname followed by a word is no new person.
        for (idx, (p, type)) in typed.enumerated() where type == .PER && p.last > p.first && !confident[idx] {
            if weakSurnames[lowers[p.first]] == true { weakSurnames[lowers[p.last]] = nil }
        }
        for (idx, (p, type)) in typed.enumerated() {
            guard let type, confident[idx] else { continue }
            if p.last > p.first {
                memory[joined(p, lowers)] = type
                if type == .PER {
                    for k in p.first...p.last where tokens[k].kind == .word && !tokens[k].isAllCaps && !Lexicon.nameParticles.contains(lowers[k]) {
                        memory[lowers[k]] = .PER
                    }
                }
            }
        }
        // A single word an organisation's context named ("Acme officials", "members of
        // Acme") is that organisation in every mention a full name does not claim.
        for (idx, (p, type)) in typed.enumerated() where p.first == p.last && type == .ORG && orgEvidence[idx] {
            if memory[lowers[p.first]] == nil { memory[lowers[p.first]] = .ORG }
        }
        // "Warhol Polaroids": a person known from a full name, before a common word or a plural
        // that is no name, is that person; the word is what belongs to them.
        for idx in typed.indices where !confident[idx] {
            let p = typed[idx].0
            guard p.last == p.first + 1, memory[lowers[p.first]] == .PER, tokens[p.last].kind == .word,
                  !tokens[p.last].isAllCaps, names.firstName(lowers[p.last]) == 0, names.surname(lowers[p.last]) == 0,
                  !isHead(p.last, lowers), memory[lowers[p.last]] == nil, !lowers[p.last].contains("-"),
                  lowerSeen.contains(tokens[p.last].key) || lowers[p.last].hasSuffix("s") && !lowers[p.last].hasSuffix("ss")
            else { continue }
            typed[idx].0.last = p.first
            typed[idx].1 = .PER
        }
        // "Church of Scientology" ... "Scientology": an unknown, never lower-case word naming a
        // body after "of" is that body's short form.
        for (idx, (p, type)) in typed.enumerated() where type == .ORG && confident[idx] && p.last - p.first >= 2 {
            let w = p.last
            guard lowers[w - 1] == "of" || lowers[w - 1] == "the" && lowers[w - 2] == "of",
                  plainUnknownWord(w, tokens, lowers), !lowerSeen.contains(tokens[w].key),
                  names.firstName(lowers[w]) == 0, names.surname(lowers[w]) == 0, memory[lowers[w]] == nil else { continue }
            memory[lowers[w]] = .ORG
        }
        for idx in typed.indices {
            let p = typed[idx].0
            let key = joined(p, lowers)
            if let known = memory[key] {
                if p.first == p.last || typed[idx].1 == nil || !confident[idx] { typed[idx].1 = known }
            } else if p.first == p.last, let surname = weakSurnames[key], surname, typed[idx].1 != .PER {
                // "Valeska Paris" ... "Paris claims": a word that ended a person's name stays a person,
                // unless it names a country or state.
                let g = gazetteer.candidates(lower: key).first
                if g == nil || g!.kind == .city { typed[idx].1 = .PER }
            }
        }

        // One word, one type per article: weakly typed single words take the
        // type most of their mentions got ("in Mecca" ... "Mecca's Grand Mosque").
        var votes: [String: [Int]] = [:]
        for (idx, (p, type)) in typed.enumerated() where p.first == p.last && !confident[idx] && type != nil {
            var v = votes[lowers[p.first], default: [0, 0, 0]]
            switch type! {
            case .PER: v[0] += 1
            case .ORG: v[1] += 1
            case .LOC: v[2] += 1
            }
            votes[lowers[p.first]] = v
        }
        for idx in typed.indices where typed[idx].0.first == typed[idx].0.last && !confident[idx] && typed[idx].1 != nil {
            guard let v = votes[lowers[typed[idx].0.first]], v.reduce(0, +) > 1 else { continue }
            let best = v.indices.max { v[$0] < v[$1] }!
            if v[best] * 2 > v.reduce(0, +) { typed[idx].1 = [Entity.EntityType.PER, .ORG, .LOC][best] }
        }

        // "Raymond Chan of People Power", "Nick Rhodes of Duran Duran": after a person and "of",
        // a name read weakly as a person is what they belong to.
        for idx in typed.indices.dropFirst() where typed[idx].1 == .PER && !confident[idx] || typed[idx].1 == nil {
            let p = typed[idx].0, q = typed[idx - 1].0
            guard typed[idx - 1].1 == .PER, q.last + 2 == p.first, lowers[p.first - 1] == "of",
                  memory[joined(p, lowers)] == nil else { continue }
            // An unknown word there ("Nathan Law of Demosisto") too, but not a common word.
            if typed[idx].1 == nil && (p.first != p.last || !plainUnknownWord(p.first, tokens, lowers)
                || lowerSeen.contains(tokens[p.first].key)) { continue }
            typed[idx].1 = .ORG
        }

        // Lists are of one kind: an unknown single word coordinated with a typed name
        // takes its type ("Ubisoft, Microsoft and ...", "Zeus, Hera, Poseidon").
        for idx in typed.indices where typed[idx].1 == nil {
            let p = typed[idx].0
            guard p.first == p.last, plainUnknownWord(p.first, tokens, lowers), !tokens[p.first].sentenceStart,
                  !tokens[p.first].lineStart, !lowerSeen.contains(tokens[p.first].key) else { continue }
            // What joins piece i to the next piece j: 2 for "and"/"or" (with or without a comma), 1 for a comma.
            func joint(_ i: Int, _ j: Int) -> Int {
                guard i >= 0, j < typed.count else { return 0 }
                let a = typed[i].0.last + 1, b = typed[j].0.first - 1
                guard a <= b, b - a <= 1 else { return 0 }
                var kind = 1
                for k in a...b {
                    if lowers[k] == "and" || lowers[k] == "or" { kind = 2 } else if lowers[k] != "," { return 0 }
                }
                return kind
            }
            let left = joint(idx - 1, idx), right = joint(idx, idx + 1)
            // A list with another unknown member, or members of two types, is no evidence
            // ("Department for Environment, Food and Rural Affairs").
            if left > 0 && typed[idx - 1].1 == nil || right > 0 && typed[idx + 1].1 == nil { continue }
            if left > 0 && right > 0 && typed[idx - 1].1 != typed[idx + 1].1 { continue }
            // A comma alone joins a list only inside one ("A, B, and C"), not "On the Freewinds, Paris said".
            if left > 0, let t = typed[idx - 1].1, left == 2 || right > 0 || joint(idx - 2, idx - 1) > 0 {
                typed[idx].1 = t
            } else if right > 0, let t = typed[idx + 1].1, right == 2 || left > 0 || joint(idx + 1, idx + 2) > 0 {
                typed[idx].1 = t
            } else if right == 1, typed[idx + 1].1 == .LOC,
                      let g = gazetteer.candidates(lower: joined(typed[idx + 1].0, lowers)).first,
                      g.kind == .country || g.kind == .admin1 {
                // "Aceh, Indonesia": a place, then the country or state it is in.
                typed[idx].1 = .LOC
            }
        }

        var out: [Mention] = []
        out.reserveCapacity(typed.count)
        for (p, type) in typed {
            guard let type else { continue }
            let s = tokens[p.first].start
            let e = tokens[p.last].end
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[s..<e])
            out.append(Mention(start: s, end: e, type: type, text: String(v), firstToken: p.first, lastToken: p.last))
        }
        return out
    }

    /// Upper-case initials of the capitalised words of a piece ("Kennedy Space Center" -> "KSC").
    private func initials(_ p: Piece, _ tokens: [Token]) -> String {
        var out = String.UnicodeScalarView()
        for k in p.first...p.last where tokens[k].isCapitalized {
            if let f = tokens[k].text.unicodeScalars.first { out.append(f) }
        }
        return String(out)
    }

    private func acronymLetters(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars where u.isUpperFast { out.append(u) }
        return String(out)
    }

    private func joined(_ p: Piece, _ lowers: [String]) -> String {
        if p.first == p.last { return lowers[p.first] }
        return lowers[p.first...p.last].joined(separator: " ")
    }

    private func isTitle(_ k: Int, _ tokens: [Token], _ lowers: [String]) -> Bool {
        guard tokens[k].kind == .word else { return false }
        if tokens[k].isAllCaps { return Self.acronymTitles.contains(lowers[k]) }
        if tokens[k].has(.title) { return true }
        // "Secretary-General", "Attorney-General", "Director-General".
        if lowers[k].contains("-") {
            return lowers[k].split(separator: "-").allSatisfy { Lexicon.titles.contains(String($0)) }
        }
        return false
    }

    private func splitChunk(
        _ s: Int, _ e: Int, tokens: [Token], lowers: [String], lowerSeen: KeyCounter, into pieces: inout [Piece]
    ) {
        var start = s
        var cue = false
        // Leading titles, and common words capitalised only because they open a sentence.
        while start <= e {
            // "Dean Kamen", "Earl Woods": a title that is also a common given name, before one
            // more name word, is the given name.
            func givenName() -> Bool {
                start + 1 == e && names.firstName(lowers[start]) >= 0.05 && !tokens[start].isAllCaps
                    && !isTitle(e, tokens, lowers) && names.firstName(lowers[e]) < 0.05
            }
            // "Duke University", "General Hospital": a title word opening a body's name.
            func opensBody() -> Bool {
                start < e && isHead(e, lowers) && !isTitle(e, tokens, lowers)
                    && (start + 1...e).allSatisfy { names.firstName(lowers[$0]) < 0.001 && !isTitle($0, tokens, lowers) }
            }
            // "Scientologist Tom Cruise": a follower's "-ist" word before a given name is a description.
            if start < e, lowers[start].hasSuffix("ist"), names.firstName(lowers[start + 1]) > 0.01,
               names.firstName(lowers[start]) == 0, names.surname(lowers[start]) < 0.001 {
                cue = true
                start += 1
                continue
            }
            if isTitle(start, tokens, lowers) && !givenName() && !opensBody() {
                cue = true
                start += 1
                // "Secretary of State Marco Rubio": the office runs up to the person's first name.
                if start <= e, lowers[start] == "of" || lowers[start] == "for" {
                    var k = start + 1
                    // ... or up to the next title ("Undersecretary for Education Mr. X"). With no
                    // person there, the title is no cue: "Director of the National Iodine Study".
                    // "Governor of Washington Chris Gregoire": a state named like a given name, before one.
                    func placeBeforeName(_ k: Int) -> Bool {
                        guard k < e, names.firstName(lowers[k + 1]) >= 0.001,
                              let g = gazetteer.candidates(lower: lowers[k]).first else { return false }
                        return g.kind == .country || g.kind == .admin1
                    }
                    while k <= e && (!personStarts(k, tokens, lowers, lowerSeen) || placeBeforeName(k)) { k += 1 }
                    // A lone given name at the end has an unknown given name before it ("... Council Enver Solomon").
                    if k == e && k - 1 > start + 1 && plainUnknownWord(k - 1, tokens, lowers) && !lowerSeen.contains(tokens[k - 1].key)
                        && isHead(k - 2, lowers) {
                        k -= 1
                    }
                    if k <= e {
                        // "CEO of the Refugee Council Enver Solomon": an office naming a body emits the body.
                        var j = start + 1
                        if j < k && lowers[j] == "the" { j += 1 }
                        let place = j < k && gazetteer.candidates(lower: lowers[j..<k].joined(separator: " ")).first
                            .map { $0.kind == .country || $0.kind == .admin1 } == true
                        if place || k - j >= 2 && Lexicon.orgHeads.contains(lowers[k - 1]) && !isTitle(k - 1, tokens, lowers) {
                            pieces.append(Piece(first: j, last: k - 1, personCue: false))
                        }
                        start = k
                    } else {
                        cue = false
                    }
                }
                continue
            }
            if tokens[start].sentenceStart || tokens[start].lineStart {
                // Kept when it starts a place name or a name with a leading or closing head word
                // ("Lake Placid", "Team Estonia", "Border Force").
                let partOfName = startsPlaceName(start, e, lowers) || Self.orgLeads.contains(lowers[start])
                    || Lexicon.locLeads.contains(lowers[start]) || isHead(e, lowers) && !tokens[start].has(.stop)
                if !tokens[start].isAllCaps && (lowerSeen.contains(tokens[start].key) || tokens[start].has(.stop)) && start < e
                    && !partOfName {
                    start += 1; continue
                }
            }
            // A nationality before a state's own institution is no part of its name: "Greek
            // Ministry of Culture", "Italian Supreme Court of Cassation" (not "British Red Cross").
            let stateBody = start < e && !Self.institutionalAdjectives.contains(lowers[start])
                && (Self.stateInstitutions.contains(lowers[start + 1])
                    || start + 2 <= e && Self.institutionalAdjectives.contains(lowers[start + 1])
                        && Self.stateInstitutions.contains(lowers[start + 2]))
            if isDemonym(start, tokens, lowers) && (!endsWithHead(start, e, lowers) || stateBody)
                && gazetteer.candidates(lower: lowers[start...e].joined(separator: " ")).isEmpty {
                start += 1
                continue
            }
            // "Prime Minister's Questions": what a title owns is no person.
            if lowers[start].hasSuffix("'s") || lowers[start].hasSuffix("\u{2019}s") { cue = false; start += 1; continue }
            if isConnector(start, tokens) || lowers[start] == "-" { start += 1; continue }
            break
        }
        if start > e { return }
        // Titles inside: "US President Donald Trump" -> US | Donald Trump.
        var k = start
        while k <= e {
            if isTitle(k, tokens, lowers) && k > start {
                var after = k
                while after <= e && (isTitle(after, tokens, lowers) || isConnector(after, tokens)) { after += 1 }
                let trailing = after > e
                let prevIsFirstName = names.firstName(lowers[k - 1]) > 0.01 && k - 1 == start
                if trailing && prevIsFirstName { k += 1; continue }
                // "State Department Spokesperson", "Museum of Flight CEO": a role after an organisation.
                if trailing && (Lexicon.orgHeads.contains(lowers[k - 1]) || tokens[k].isAllCaps) {
                    let before = pieces.count
                    emit(start, k - 1, cue, tokens, lowers, lowerSeen, into: &pieces)
                    if pieces.count > before { pieces[pieces.count - 1].beforeTitle = true }
                    return
                }
                if !endsWithHead(start, e, lowers) || !trailing {
                    let before = pieces.count
                    emit(start, k - 1, cue, tokens, lowers, lowerSeen, into: &pieces)
                    // "Cllr Jane Roe and Alderwoman X": a name joined by "and" to a title is no employer.
                    if pieces.count > before && !isConnector(k - 1, tokens) { pieces[pieces.count - 1].beforeTitle = true }
                    if !trailing {
                        splitChunk(after, e, tokens: tokens, lowers: lowers, lowerSeen: lowerSeen, into: &pieces)
                        // "High Commissioner for Refugees": after "of"/"for" an office, unless a given name follows.
                        let office = (k + 1..<after).contains { lowers[$0] == "of" || lowers[$0] == "for" }
                        if let lastIdx = pieces.indices.last, pieces[lastIdx].first == after,
                           !office || personStarts(after, tokens, lowers, lowerSeen) {
                            pieces[lastIdx].personCue = true
                        }
                    }
                    return
                }
            }
            k += 1
        }
        emit(start, e, cue, tokens, lowers, lowerSeen, into: &pieces)
    }

    /// A connector word ("of", "la", "de"), not an acronym spelled like one ("LA", "DE").
    private func isConnector(_ k: Int, _ tokens: [Token]) -> Bool {
        tokens[k].has(.connector) && !tokens[k].isAllCaps
    }

    private func isHead(_ k: Int, _ lowers: [String]) -> Bool {
        Lexicon.orgHeads.contains(lowers[k]) || Lexicon.locHeads.contains(lowers[k])
    }

    /// A person's name can start at `k`: a given name that is no common word of this text, or a title.
    private func personStarts(_ k: Int, _ tokens: [Token], _ lowers: [String], _ lowerSeen: KeyCounter) -> Bool {
        names.firstName(lowers[k]) >= 0.001 && !lowerSeen.contains(tokens[k].key) || isTitle(k, tokens, lowers)
    }

    /// A capitalised word no list knows: not a head, title, place or all-caps acronym.
    private func plainUnknownWord(_ k: Int, _ tokens: [Token], _ lowers: [String]) -> Bool {
        tokens[k].kind == .word && tokens[k].isCapitalized && !tokens[k].isAllCaps && !tokens[k].has(.title)
            && !Lexicon.orgHeads.contains(lowers[k]) && !Lexicon.locHeads.contains(lowers[k])
            && gazetteer.candidates(lower: lowers[k]).isEmpty
    }

    /// A gazetteer name of two to four words starts at `s` ("New Zealand", "North Korea").
    private func startsPlaceName(_ s: Int, _ e: Int, _ lowers: [String]) -> Bool {
        var k = s + 1
        while k <= e && k <= s + 3 {
            if !gazetteer.candidates(lower: lowers[s...k].joined(separator: " ")).isEmpty { return true }
            k += 1
        }
        return false
    }

    /// A nationality or group word (CoNLL MISC): listed, or formed from a country,
    /// division or region name with a demonym suffix ("Gabonese", "Kenyans", "Iraqi").
    func isDemonym(_ k: Int, _ tokens: [Token], _ lowers: [String]) -> Bool {
        tokens[k].has(.demonym) || (tokens[k].kind == .word && !tokens[k].isAllCaps && isDemonym(lowers[k]))
    }

    func isDemonym(_ lower: String) -> Bool {
        if Lexicon.demonyms.contains(lower) { return true }
        var word = Substring(lower)
        if word.count < 5 { return false }
        if word.hasSuffix("s") { word = word.dropLast() }
        // (suffix, endings to try in its place): Gabon-ese, Kenya-n, Canad-ian, Mexic-an -> Mexico, Iraq-i.
        let rules: [(String, [String])] = [
            ("ese", ["", "a", "o"]), ("ian", ["ia", "a", "", "e", "y"]), ("an", ["a", "", "o", "e"]),
            ("i", [""]), ("ish", ["", "y"]), ("er", [""]), ("ean", ["e", "ea", "a"]),
        ]
        for (suffix, endings) in rules where word.hasSuffix(suffix) {
            let stem = word.dropLast(suffix.count)
            if stem.count < 3 { continue }
            for ending in endings {
                let place = String(stem) + ending
                if let g = gazetteer.candidates(lower: place).first, g.kind != .city { return true }
                // "New Zealander", "South Korean": the last word of a country name.
                if Self.countryLastWords.contains(place) { return true }
            }
        }
        return false
    }

    /// Last words of multi-word country names ("zealand", "korea", "arabia").
    static let countryLastWords: Set<String> = ["zealand", "korea", "arabia", "africa", "lanka", "guinea"]

    /// After "and": a name complete in itself, up to the next "of" or the end
    /// ("... and Colorado State University"), not the tail of one name
    /// ("Department of Health and Human Services").
    private func rightIsOwnName(_ from: Int, _ e: Int, _ lowers: [String]) -> Bool {
        guard from <= e else { return false }
        var end = from
        while end < e && lowers[end + 1] != "of" { end += 1 }
        guard Lexicon.orgHeads.contains(lowers[end]) || Lexicon.locHeads.contains(lowers[end]) else { return false }
        return end - from >= 2 || gazetteer.candidates(lower: lowers[from]).first.map { $0.kind != .city } == true
    }

    private func endsWithHead(_ s: Int, _ e: Int, _ lowers: [String]) -> Bool {
        for k in s...e where Lexicon.orgHeads.contains(lowers[k]) || Lexicon.locHeads.contains(lowers[k]) { return true }
        return false
    }

    /// Drops edge connectors and possessives; splits "A and B" when it is not one name.
    private func emit(
        _ s: Int, _ e: Int, _ cue: Bool, _ tokens: [Token], _ lowers: [String], _ lowerSeen: KeyCounter, into pieces: inout [Piece]
    ) {
        var s = s, e = e
        func weak(_ k: Int) -> Bool {
            let l = lowers[k]
            return isConnector(k, tokens) || l == "-" || l == "'s" || l == "\u{2019}s" || tokens[k].kind == .punct
        }
        while s <= e && weak(s) { s += 1 }
        while e >= s && weak(e) { e -= 1 }
        guard s <= e else { return }
        if s == e && isDemonym(s, tokens, lowers) { return }
        func isHead(_ k: Int) -> Bool { Lexicon.orgHeads.contains(lowers[k]) || Lexicon.locHeads.contains(lowers[k]) }
        // Split at "and"/possessive unless the whole ends with an organisation
        // or place head; split anyway when the left part is complete ("Civic Party and the ...").
        let headed = isHead(e)
        // "Institute of Allergy and Infectious Diseases": "and" inside an "of" phrase stays.
        var ofPhraseAt: Int? = nil
        for k in s...e where lowers[k] == "of" && k > s && isHead(k - 1) { ofPhraseAt = k; break }
        for k in s...e where Self.splitters.contains(lowers[k]) {
            // "Buddhists and the United Nations": "and the" joins two names.
            let andThe = lowers[k] == "and" && k + 1 <= e && lowers[k + 1] == "the"
                || lowers[k] == "and" && k > s && (isHead(k - 1) || ofPhraseAt != nil)
                    && rightIsOwnName(k + 1, e, lowers)
            if let o = ofPhraseAt, k > o, lowers[k] == "and", !andThe { continue }
            let leftKnown = k > s && lowers[k] != "-" && !gazetteer.candidates(lower: lowers[s..<k].joined(separator: " ")).isEmpty
            if !headed || (k > s && isHead(k - 1)) || leftKnown || andThe {
                emit(s, k - 1, cue, tokens, lowers, lowerSeen, into: &pieces)
                emit(k + 1, e, false, tokens, lowers, lowerSeen, into: &pieces)
                return
            }
        }
        // "Colorado State University of the US", "University of Sheffield of the UK":
        // a complete name, then the country it is in.
        var sawOf = false
        for k in s...e where lowers[k] == "of" && k > s {
            var j = k + 1
            let the = j <= e && lowers[j] == "the"
            if the { j += 1 }
            if j <= e, sawOf || (the && k - s >= 2 && isHead(k - 1)),
               let g = gazetteer.candidates(lower: lowers[j...e].joined(separator: " ")).first,
               g.kind == .country || g.kind == .admin1 {
                emit(s, k - 1, cue, tokens, lowers, lowerSeen, into: &pieces)
                emit(j, e, false, tokens, lowers, lowerSeen, into: &pieces)
                return
            }
            sawOf = true
        }
        // "of"/"for"/"on" join only after a head word ("Bank of England"); a person
        // "of" a party is two names ("Wu Chi-wai of the Democratic Party").
        for k in s...e where Self.joiners.contains(lowers[k]) && k > s {
            if !isHead(k - 1) {
                emit(s, k - 1, cue, tokens, lowers, lowerSeen, into: &pieces)
                emit(k + 1, e, false, tokens, lowers, lowerSeen, into: &pieces)
                return
            }
            break
        }
        // An organisation or place glued to a person: "NASA Bill Ingalls"; a country or
        // state, or an organisation's head word before a known surname, then two or three
        // plain unknown words ("the United States Hamdullah Mohib").
        // Not when the whole ends with a head word: "San Diego County Water Authority".
        if e - s >= 2 && !isHead(e) {
            for k in (s + 1)..<e where !tokens[k].isAllCaps {
                let firstName = names.firstName(lowers[k]) > 0.005
                if !firstName && (e - k > 2 || e == k || lowerSeen.contains(tokens[k].key)
                    || !(k...e).allSatisfy({ plainUnknownWord($0, tokens, lowers) })) { continue }
                let left = joined(Piece(first: s, last: k - 1, personCue: false), lowers)
                let place = gazetteer.candidates(lower: left).first
                let leftKnown = (k - 1 == s && tokens[s].isAllCaps) || place != nil
                if firstName && leftKnown {
                    pieces.append(Piece(first: s, last: k - 1, personCue: false))
                    pieces.append(Piece(first: k, last: e, personCue: true))
                    return
                }
                // ... or after an organisation's head word: "the Refugee Council Enver Solomon".
                let bodyBefore = place.map { $0.kind == .country || $0.kind == .admin1 } ?? false
                    || Lexicon.orgHeads.contains(lowers[k - 1]) && names.surname(lowers[e]) > 0.001
                if !firstName, bodyBefore {
                    pieces.append(Piece(first: s, last: k - 1, personCue: false))
                    pieces.append(Piece(first: k, last: e, personCue: false))
                    return
                }
            }
        }
        // "Kabul , Afghanistan" never reaches here (commas end chunks); "Washington D.C." stays one.
        pieces.append(Piece(first: s, last: e, personCue: cue))
    }

    /// The type of a piece and whether the evidence is strong enough to pass on
    /// to other mentions of the same words.
    private func classify(_ p: Piece, tokens: [Token], lowers: [String], lowerSeen: KeyCounter, capCount: KeyCounter) -> (Entity.EntityType?, Bool) {
        let name = joined(p, lowers)
        // Well-known organisations, many named like people or places (Morgan Stanley, Wells Fargo).
        if Lexicon.organisations.contains(name) || Lexicon.orgAliases[name] != nil { return (.ORG, true) }
        // Events, awards, laws, programmes (CoNLL MISC): "World Cup", "Clean Air Act", "Group F".
        if p.last > p.first {
            if Lexicon.miscHeads.contains(lowers[p.last]) && !p.personCue { return (nil, true) }
            // "Fan Expo Canada": an event head before the country or city it is held in.
            for k in p.first..<p.last where Lexicon.miscHeads.contains(lowers[k]) && !p.personCue
                && !gazetteer.candidates(lower: lowers[(k + 1)...p.last].joined(separator: " ")).isEmpty {
                return (nil, true)
            }
            // "Google Chrome", "Mozilla Firefox": a known firm before plain words names its product.
            if Self.organisationFirstWords.contains(lowers[p.first]) {
                for k in p.first..<p.last where Lexicon.organisations.contains(lowers[p.first...k].joined(separator: " ")) {
                    if (k + 1...p.last).allSatisfy({ plainUnknownWord($0, tokens, lowers) }) { return (nil, true) }
                }
            }
            // "New Zealander", "South Korean": a nationality of a multi-word country.
            if (p.first..<p.last).allSatisfy({ Self.compass.contains(lowers[$0]) || lowers[$0] == "new" })
                && isDemonym(p.last, tokens, lowers) {
                return (nil, true)
            }
            if lowers[p.first] == "group" && p.last == p.first + 1 && acronymLetters(tokens[p.last].text).count == 1 { return (nil, true) }
            // Named storms: "Storm Elowen", "Hurricane Katrina" (CoNLL MISC).
            if Self.stormWords.contains(lowers[p.first]) && !isHead(p.last, lowers) { return (nil, true) }
        }
        // Product and model codes mixing letters and digits (IE6, STS-135, A380): no names.
        if p.first == p.last && Self.isCode(tokens[p.first]) { return (nil, false) }
        var t = classifyWeighted(p, tokens: tokens, lowers: lowers, lowerSeen: lowerSeen, capCount: capCount)
        // Company context: "shares of X", "X shares", "X's chief executive", "analyst at X".
        if t.0 != .LOC && !p.personCue && corporateContext(p, tokens: tokens, lowers: lowers) { return (.ORG, true) }
        if p.beforeTitle && t.0 == .PER { t = (.ORG, false) }
        // "Demosisto's Nathan Law", "Labour's Shadow Home Secretary": an unknown word owning a
        // named person or a title is their party or employer.
        if t.0 == nil && p.first == p.last && p.last + 2 < tokens.count
            && (lowers[p.last + 1] == "'s" || lowers[p.last + 1] == "\u{2019}s") && tokens[p.last + 2].isCapitalized
            && (tokens[p.last + 2].has(.title) || names.firstName(lowers[p.last + 2]) > 0.001)
            && plainUnknownWord(p.first, tokens, lowers) && !lowerSeen.contains(tokens[p.first].key)
            && names.surname(lowers[p.first]) == 0 && names.firstName(lowers[p.first]) == 0 {
            return (.ORG, false)
        }
        // "A Pentagon Inspector General report": a name before a title is the employer,
        // except a portfolio ("Home Secretary", "Undersecretary for Education Mr. X").
        if p.beforeTitle && t.0 == nil && p.first == p.last && !tokens[p.first].sentenceStart
            && !lowerSeen.contains(tokens[p.first].key) && p.last + 1 < tokens.count
            && !Self.portfolioTitles.contains(lowers[p.last + 1])
            && !(p.first >= 2 && Self.joiners.contains(lowers[p.first - 1]) && tokens[p.first - 2].has(.title)) {
            return (.ORG, false)
        }
        // "his company Blue Origin", "the city of Mosul": a common noun naming the kind of thing.
        if !t.1, p.first > 0 {
            var k = p.first - 1
            if lowers[k] == "of" && k > 0 { k -= 1 }
            if Self.orgCueNouns.contains(lowers[k]) { return (.ORG, false) }
            if Self.locCueNouns.contains(lowers[k]) { return (.LOC, false) }
            // "Yonhap news agency", "the Wikinews website": a kind noun after the name.
            var after = p.last + 1
            if after < tokens.count && lowers[after] == "news" { after += 1 }
            let opener = p.first == p.last && (tokens[p.first].sentenceStart || tokens[p.first].lineStart)
                && capCount.count(tokens[p.first].key) == 0
            // Singular only: "shipping companies" says nothing of "Shipping".
            if after < tokens.count && !tokens[after].isCapitalized && Self.orgCueNouns.contains(lowers[after])
                && !lowers[after].hasSuffix("s") && t.0 != .LOC && !opener {
                return (.ORG, false)
            }
            // "Cascade Thermal, a Seattle company that ...", "Tomah, a city in Wisconsin": what an
            // apposition says the name is.
            if let kind = appositiveKind(p, tokens: tokens, lowers: lowers) { return (kind, false) }
            // "the 1969 film Easy Rider", "the cruise ship Freewinds": a work or a vehicle.
            if Self.workCueNouns.contains(lowers[p.first - 1]) { return (nil, true) }
        }
        let next = p.last + 1
        // "Foreign Affairs minister", "Shadow Home Secretary": a portfolio, not a body.
        if next < tokens.count, !t.1, Self.portfolioTitles.contains(lowers[next]) { return (nil, false) }
        if next < tokens.count, !t.1, tokens[next].kind == .word, tokens[next].has(.title), !tokens[next].isCapitalized,
           !(p.first == p.last && tokens[p.first].sentenceStart && capCount.count(tokens[p.first].key) == 0) {
            // "Goldman Sachs analyst Mark Delaney": a name before a lower-case role is the employer
            // (not a word that only opens a sentence: "Senior researcher Mu Li").
            if t.0 == .PER || t.0 == nil { return (.ORG, false) }
        }
        // "US$ 20,000", "15:11 GMT": currency prefixes and time zones.
        if p.first == p.last, tokens[p.first].isAllCaps {
            if next < tokens.count, tokens[next].text.hasPrefix("$") { return (nil, true) }
            if p.first > 0, tokens[p.first - 1].kind == .number, Self.timeZones.contains(lowers[p.first]) { return (nil, true) }
        }
        // "LONDON (Reuters) -": a lone name in parentheses is a source or an acronym's owner.
        if t.0 == nil, p.first == p.last, p.first > 0, next < tokens.count,
           tokens[p.first - 1].text == "(", tokens[next].text == ")", tokens[p.first].isCapitalized {
            return (.ORG, false)
        }
        return (t.0, t.1)
    }

    /// Capital letters then digits: IE6, STS-135, A380, F-16 (not M5S or Cloud9, which name bodies).
    /// A place name followed by words that name no person or place ("Texas Instruments"), or
    /// words of this text's common vocabulary before a country ("Environment Canada"); a
    /// person with an unknown first name and a place-like surname ("Valeska Paris") is neither.
    private func placeWithCommonWord(_ s: Int, _ e: Int, _ tokens: [Token], _ lowers: [String], _ lowerSeen: KeyCounter) -> Bool {
        func isPlace(_ k: Int) -> Bool {
            guard let g = gazetteer.candidates(lower: lowers[k]).first, names.firstName(lowers[k]) < 0.01 else { return false }
            return g.kind != .city || g.population >= 100_000
        }
        func isPlain(_ k: Int) -> Bool {
            tokens[k].kind == .word && !tokens[k].isAllCaps && names.firstName(lowers[k]) == 0
                && names.surname(lowers[k]) < 0.001 && gazetteer.candidates(lower: lowers[k]).isEmpty
        }
        if isPlace(s) && (s + 1...e).allSatisfy(isPlain) { return true }
        // Only before a country or state: "Space Shuttle Columbia" is no body of Columbia.
        let country = gazetteer.candidates(lower: lowers[e]).first.map { $0.kind == .country || $0.kind == .admin1 } ?? false
        if country && isPlace(e) && (s..<e).allSatisfy({ isPlain($0) && lowerSeen.contains(tokens[$0].key) }) { return true }
        return false
    }

    static func isCode(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        var sawDigit = false, letters = 0
        for u in t.text.unicodeScalars {
            if u.value >= 48 && u.value <= 57 { sawDigit = true } else if u.isUpperFast && !sawDigit { letters += 1 } else if u == "-" && !sawDigit { continue } else { return false }
        }
        return sawDigit && letters > 0
    }

    /// Words around a name that only a company has: its shares, its chief
    /// executive, the analysts working at it.
    private func corporateContext(_ p: Piece, tokens: [Token], lowers: [String]) -> Bool {
        let n = tokens.count
        var k = p.last + 1
        if k < n && (lowers[k] == "'s" || lowers[k] == "\u{2019}s") { k += 1 }
        if k < n && Self.companyNouns.contains(lowers[k]) { return true }
        if k + 1 < n && lowers[k] == "chief" && (lowers[k + 1] == "executive" || lowers[k + 1] == "financial") { return true }
        let b = p.first
        if b >= 2 && (lowers[b - 1] == "of" || lowers[b - 1] == "in") && Self.companyNouns.contains(lowers[b - 2]) { return true }
        if b >= 2 && (lowers[b - 1] == "at" || lowers[b - 1] == "with") && Self.employeeNouns.contains(lowers[b - 2]) { return true }
        return false
    }

    /// The type an apposition after the name gives it: ", a/an/the (up to three words) <kind noun>".
    private func appositiveKind(_ p: Piece, tokens: [Token], lowers: [String]) -> Entity.EntityType? {
        let n = tokens.count
        var k = p.last + 1
        guard k + 2 < n, lowers[k] == ",", lowers[k + 1] == "a" || lowers[k + 1] == "an" || lowers[k + 1] == "the" else { return nil }
        k += 2
        let end = min(n, k + 4)
        while k < end {
            let l = lowers[k]
            if tokens[k].kind != .word { return nil }
            // The kind noun must head the phrase: "a Seattle company that ...", not "the port authority's".
            let headsPhrase = k + 1 >= n || tokens[k + 1].kind != .word || tokens[k + 1].has(.stop)
            if !tokens[k].isCapitalized && headsPhrase {
                if Self.orgCueNouns.contains(l) && !l.hasSuffix("s") { return .ORG }
                if Self.locCueNouns.contains(l) { return .LOC }
            }
            k += 1
        }
        return nil
    }

    /// People who speak or act for an organisation: "Acme officials", "members of Acme",
    /// "a spokesman for Acme", "Acme's spokeswoman".
    private func organisationContext(_ p: Piece, tokens: [Token], lowers: [String]) -> Bool {
        let n = tokens.count
        var k = p.last + 1
        if k < n && (lowers[k] == "'s" || lowers[k] == "\u{2019}s") { k += 1 }
        if k < n && Self.memberNouns.contains(lowers[k]) { return true }
        let b = p.first
        if b >= 2 && (lowers[b - 1] == "of" || lowers[b - 1] == "for") && Self.memberNouns.contains(lowers[b - 2]) { return true }
        return false
    }

    /// First words of the listed organisations, to try the lexicon only where it can match.
    static let organisationFirstWords: Set<String> = Set(Lexicon.organisations.map { String($0.split(separator: " ")[0]) })

    static let compassPoints: Set<String> = ["north", "south", "east", "west"]
    static let stormWords: Set<String> = ["storm", "hurricane", "typhoon", "cyclone"]

    /// A state's own institutions, which a nationality before them only locates.
    static let stateInstitutions: Set<String> = [
        "ministry", "court", "embassy", "consulate", "government", "parliament", "cabinet", "department",
    ]
    /// Adjectives listed with the nationalities that are part of institution names ("Supreme Court").
    static let institutionalAdjectives: Set<String> = [
        "national", "international", "global", "federal", "royal", "supreme", "central", "democratic",
        "republican", "liberal", "conservative", "islamic", "catholic", "christian", "muslim", "western",
        "eastern", "northern", "southern",
    ]

    /// First words that make a name an organisation: heads of Romance-language names, "Team".
    static let orgLeads: Set<String> = [
        "instituto", "istituto", "institut", "universidad", "universidade", "università", "universite", "université",
        "universität", "banco", "banca", "banque", "partido", "partito", "parti", "movimento", "movimiento",
        "mouvement", "ministerio", "ministero", "ministère", "ministerium", "grupo", "gruppo", "groupe",
        "compagnie", "compañía", "compagnia", "sociedad", "società", "société", "fundación", "fondazione",
        "fondation", "fundação", "asociación", "associazione", "colegio", "collegio", "liceo", "lycée",
        "escuela", "scuola", "école", "confederación", "confederazione", "federación", "federazione",
        "unión", "unione", "frente", "fronte", "team",
    ]

    /// Kinds of works and vehicles whose names follow them ("the film Easy Rider").
    static let workCueNouns: Set<String> = [
        "film", "movie", "novel", "book", "album", "song", "series", "opera", "musical", "painting", "sculpture",
        "videogame", "app", "browser", "software", "ship", "vessel", "yacht", "ferry", "tanker", "submarine",
        "frigate", "destroyer", "orbiter", "shuttle", "rocket", "spacecraft", "satellite", "aircraft",
        "smartphone", "console", "stamp", "hashtag", "slogan", "codename", "code-name", "documentary",
    ]
    /// Time zones after a clock time ("15:11 GMT").
    static let timeZones: Set<String> = [
        "gmt", "utc", "bst", "cet", "cest", "eet", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt",
        "ist", "jst", "kst", "aest", "aedt", "awst", "nzst", "nzdt", "hkt", "sgt", "msk",
    ]

    /// Honours and ranks written after a name ("Jane Roe, QC").
    static let postNominals: Set<String> = [
        "qc", "kc", "sc", "obe", "mbe", "cbe", "kbe", "dbe", "phd", "md", "jp", "frs", "esq", "rn", "cpa",
    ]

    /// Titles whose preceding word names a portfolio, not an employer ("Home Secretary").
    static let portfolioTitles: Set<String> = ["minister", "secretary", "ministers", "secretaries", "spokesperson"]

    static let memberNouns: Set<String> = [
        "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "member", "members",
        "employees", "staffers", "leadership", "lawyers", "representatives", "reporters", "journalists",
        "correspondents",
    ]

    /// Nouns for what a company has: "X shares", "shares of X", "X's shareholders".
    static let companyNouns: Set<String> = [
        "shares", "stock", "stocks", "shareholders", "stockholders", "subsidiary", "subsidiaries",
        "headquarters", "earnings", "revenue", "revenues", "profits", "stake", "takeover", "ipo",
    ]
    /// People who work at a firm: "an economist at X", "analysts with X".
    static let employeeNouns: Set<String> = [
        "analyst", "analysts", "economist", "economists", "strategist", "strategists", "banker", "bankers",
        "trader", "traders", "executive", "executives", "employee", "employees", "engineer", "engineers",
        "researcher", "researchers", "director", "partner", "executives", "staff", "worker", "workers",
    ]

    private func classifyWeighted(_ p: Piece, tokens: [Token], lowers: [String], lowerSeen: KeyCounter, capCount: KeyCounter) -> (Entity.EntityType?, Bool) {
        let s = p.first, e = p.last
        let count = e - s + 1
        let name = joined(p, lowers)
        let last = lowers[e]
        let gaz = gazetteer.candidates(lower: name).first
        let next = e + 1 < tokens.count ? lowers[e + 1] : ""
        let prev = s > 0 ? lowers[s - 1] : ""
        let sayNext = Lexicon.sayVerbs.contains(next)

        if p.personCue && gaz == nil { return (.PER, true) }
        // Head words.
        var ofIndex: Int? = nil
        for k in s...e where lowers[k] == "of" || lowers[k] == "for" { ofIndex = k; break }
        let headIdx = ofIndex.map { $0 - 1 } ?? e
        let head = lowers[headIdx]
        if count > 1 || ofIndex != nil {
            // "Museum of the U.S. Air Force", "Bank of England": the word before "of" is the
            // head when it is a head word of one kind only; otherwise both ends count.
            let headOrg = Lexicon.orgHeads.contains(head), headLoc = Lexicon.locHeads.contains(head)
            if ofIndex != nil && headOrg != headLoc { return (headOrg ? .ORG : .LOC, true) }
            let isOrg = headOrg || Lexicon.orgHeads.contains(last)
            let isLoc = headLoc || Lexicon.locHeads.contains(last)
            if isOrg && !isLoc { return (.ORG, true) }
            if isLoc && !isOrg { return (gaz != nil || count > 1 ? .LOC : nil, true) }
            // Facilities named by a head in both lists ("Space Center") read as places.
            if isOrg && isLoc { return (Lexicon.locHeads.contains(last) ? .LOC : .ORG, true) }
        }
        // "South Asia", "Kowloon West": a compass word at either edge names a region.
        if count >= 2 && (Self.compass.contains(lowers[s]) || Self.compass.contains(last)) && !tokens[s].isAllCaps {
            return (.LOC, false)
        }
        if let gaz {
            switch gaz.kind {
            case .country, .continent, .admin1, .water, .region: return (.LOC, true)
            case .city:
                if count == 1 && names.firstName(name) > 0.02 && !tokens[s].isAllCaps { break }
                if gaz.population >= 50_000 || count > 1 { return (.LOC, true) }
            }
        }
        // A campus or branch: an acronym and a place ("UNC Greensboro", "BBC Scotland").
        if count == 2 && tokens[s].isAllCaps && !tokens[e].isAllCaps && gaz == nil
            && !gazetteer.candidates(lower: lowers[e]).isEmpty && gazetteer.candidates(lower: lowers[s]).isEmpty {
            return (.ORG, false)
        }
        // Acronyms.
        if count == 1 && tokens[s].isAllCaps {
            // Post-nominal letters after a name and a comma: "Jane Roe, QC, said".
            if prev == "," && Self.postNominals.contains(name) { return (nil, true) }
            if let g = gazetteer.candidates(lower: name).first, g.kind != .city || g.population > 1_000_000 { return (.LOC, true) }
            return (.ORG, true)
        }
        // Person names.
        let firstFreq = names.firstName(lowers[s])
        // A place with a word that is no name: "Toronto Star", "Environment Canada", "Texas Instruments".
        if count >= 2 && !tokens[s].isAllCaps && placeWithCommonWord(s, e, tokens, lowers, lowerSeen) { return (.ORG, false) }
        // Head-first organisation words (Romance languages, "Team X"): "Instituto Gonzaga", "Banco Santander".
        if count >= 2 && Self.orgLeads.contains(lowers[s]) && !tokens[s].isAllCaps { return (.ORG, true) }
        // Leading place words: "Mount Kenya", "Lake Placid", "Cape Canaveral", "Fort Worth".
        if count >= 2 && Lexicon.locLeads.contains(lowers[s]) && !tokens[s].isAllCaps { return (.LOC, true) }
        // A first name that is a common word of this text ("Iodine deficiency") is weak evidence.
        let firstIsWord = lowerSeen.contains(tokens[s].key) && firstFreq < 0.05
        if count >= 2 && count <= 4 && firstFreq > 0.0 && !tokens[s].isAllCaps && !firstIsWord { return (.PER, true) }
        if count >= 2 {
            let lastFreq = names.surname(last)
            if lastFreq > 0.0005 { return (.PER, false) }
            if gaz != nil { return (.LOC, false) }
            // Unknown multi-word names of simple capitalised words read as people
            // (Kwok Ka-ki, Nunzio Galantino) unless something says otherwise.
            var simple = true
            var nameLike = false
            for k in s...e {
                if tokens[k].isAllCaps || tokens[k].kind != .word { simple = false }
                if names.surname(lowers[k]) > 0 || names.firstName(lowers[k]) > 0 || lowers[k].contains("-") { nameLike = true }
            }
            if !nameLike {
                // Two unknown words are a name unless one is a common word of this text ("Space Shuttle").
                var common = false
                for k in s...e where lowerSeen.contains(tokens[k].key) { common = true }
                if count > 2 || common { simple = false }
                if common && count == 2 { return (nil, false) }
            }
            if simple && count <= 3 {
                // A word of this text's common vocabulary that is no usual given name or surname
                // makes no person: "Silver Clouds", "Social Welfare", "Protection B".
                let commonWord = (s...e).contains {
                    lowerSeen.contains(tokens[$0].key) && names.firstName(lowers[$0]) < 0.05 && names.surname(lowers[$0]) < 0.001
                }
                return (commonWord ? nil : .PER, false)
            }
            return (nil, false)
        }
        // A single word.
        // "the North", "North and South Korea": a compass point standing for a region or state.
        if Self.compassPoints.contains(name) {
            if prev == "the" || next == "and" && e + 2 < tokens.count && Self.compassPoints.contains(lowers[e + 2]) {
                return (.LOC, false)
            }
            // "North of the river": a direction, not a surname.
            if tokens[s].sentenceStart || tokens[s].lineStart { return (nil, false) }
        }
        if Lexicon.orgHeads.contains(name) || Lexicon.locHeads.contains(name) || Lexicon.titles.contains(name) { return (nil, false) }
        let sentenceInitial = tokens[s].sentenceStart || tokens[s].lineStart
        if sentenceInitial && (lowerSeen.contains(tokens[s].key)
            || firstFreq == 0 && names.surname(name) == 0 && gaz == nil && capCount.count(tokens[s].key) == 0) {
            return (nil, false)
        }
        if lowerSeen.contains(tokens[s].key) && !sayNext { return (nil, false) }
        // "X said": a speaker. A person when the word is a known name or named once or twice
        // (people come with a full name first, which types them); a word repeated with no
        // full name and no known name is a body ("Wikinews observed").
        if sayNext {
            let person = names.surname(name) > 0 || firstFreq > 0 || capCount.count(tokens[s].key) < 3
            return (person ? .PER : .ORG, false)
        }
        if let gaz, gaz.kind == .city { return (.LOC, false) }
        // "in Mecca": a place, unless the word is also a common surname.
        if (prev == "in" || prev == "near") && names.surname(name) < 0.001 { return (.LOC, false) }
        if names.surname(name) > 0.002 || firstFreq > 0.005 { return (.PER, false) }
        // A lone capitalised word with no evidence is not typed: products, works and
        // ships are capitalised and repeated as often as organisations are. Context
        // (organisationContext, corporateContext) and lexicons type it instead.
        return (nil, false)
    }
}
