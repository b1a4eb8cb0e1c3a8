/// The function words of each language ("vor", "dem", "und"; "le", "de";
/// "el", "que"), from stopwords-iso (Data/stopwords.tsv, see Data/README.md),
/// so keywords of text in any of them are content words. English keeps the
/// enricher's own lists (`Lexicon.stopwords`, `KeywordExtractor.extraStops`).
struct StopwordLists: Sendable {
    private let tables: [String: KeyTable]

    init(rows: [[Substring]]) {
        var words: [String: [UInt64: UInt32]] = [:]
        for row in rows where row.count >= 2 {
            words[String(row[0]), default: [:]][WordKey.of(String(row[1]))] = 1
        }
        tables = words.mapValues(KeyTable.init)
    }

    /// The lists shipped in Data/, read once.
    static let bundled: Result<StopwordLists, any Error> = Result { StopwordLists(rows: try DataFiles.rows("stopwords.tsv")) }

    var languages: Set<String> { Set(tables.keys) }

    /// Whether the word with this key (`WordKey.of` its lower-cased text) is a
    /// function word of the language; false for a language without a list.
    func contains(_ key: UInt64, language: String?) -> Bool {
        guard let table = table(for: language) else { return false }
        return table.get(key) != 0
    }

    /// The list of one language, to look words up without finding it per word.
    func table(for language: String?) -> KeyTable? {
        guard let language else { return nil }
        return tables[language]
    }
}
