/// US Census first names and surnames with their frequencies: evidence that a
/// capitalised word is part of a person's name.
public struct NameLexicon: Sendable {
    /// Percent of the population with this first name / surname.
    let first: [String: Double]
    let last: [String: Double]

    public init() throws {
        var first: [String: Double] = [:]
        var last: [String: Double] = [:]
        for row in try DataFiles.rows("names.tsv") where row.count >= 3 {
            let name = row[1].lowercased()
            let freq = Double(row[2]) ?? 0
            if row[0] == "F" { first[name] = freq } else { last[name] = freq }
        }
        self.first = first
        self.last = last
    }

    func firstName(_ lower: String) -> Double { first[lower] ?? 0 }
    func surname(_ lower: String) -> Double { last[lower] ?? 0 }
}
