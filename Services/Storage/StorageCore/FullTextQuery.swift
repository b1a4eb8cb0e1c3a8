/// Turns what a user typed into an FTS5 query that can never be a syntax
/// error, so search input needs no care from the caller.
///
/// Parentheses outside quotes separate words (grouping is not offered).
/// Every word and "quoted phrase" becomes an FTS5 string (double quotes, inner
/// quotes doubled), so `NEAR`, `AND`, `NOT`, `:`, `^`, parentheses and stray
/// quotes are just text. Two things keep a meaning: a trailing `*` asks for a
/// prefix match, and a bare uppercase `OR` between two terms is FTS5's `OR`
/// (which binds looser than the implicit AND: `a b OR c` is `(a b) OR c`).
/// Words with no letter or digit are dropped, since the tokenizer would find
/// nothing in them.
public struct FullTextQuery: Sendable, Equatable {
    enum Piece: Equatable {
        case term(String, prefix: Bool)
        case or
    }

    let pieces: [Piece]

    public init(_ input: String) {
        var pieces: [Piece] = []
        var rest = Substring(input)
        while let first = rest.first {
            if first.isWhitespace || first == "(" || first == ")" {
                rest = rest.dropFirst()
            } else if first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                let phrase = String(body[..<end])
                rest = end == body.endIndex ? body[end...] : body[body.index(after: end)...]
                var prefix = false
                if rest.first == "*" {
                    prefix = true
                    rest = rest.dropFirst()
                }
                if Self.isSearchable(phrase) { pieces.append(.term(phrase, prefix: prefix)) }
            } else {
                let end = rest.firstIndex(where: { $0.isWhitespace || $0 == "\"" || $0 == "(" || $0 == ")" }) ?? rest.endIndex
                var word = rest[..<end]
                rest = rest[end...]
                if word == "OR" {
                    pieces.append(.or)
                    continue
                }
                let prefix = word.hasSuffix("*")
                while word.last == "*" { word = word.dropLast() }
                if Self.isSearchable(word) { pieces.append(.term(String(word), prefix: prefix)) }
            }
        }
        // OR only between two terms.
        var cleaned: [Piece] = []
        for piece in pieces {
            if piece == .or, cleaned.isEmpty || cleaned.last == .or { continue }
            cleaned.append(piece)
        }
        while cleaned.last == .or { cleaned.removeLast() }
        self.pieces = cleaned
    }

    /// False when the input holds nothing to search for (empty, or only
    /// punctuation): such a search has no matches rather than all articles.
    public var isEmpty: Bool { pieces.isEmpty }

    /// The FTS5 MATCH expression, or nil when there is nothing to search for.
    public var expression: String? {
        guard !pieces.isEmpty else { return nil }
        return pieces.map { piece in
            switch piece {
            case .or: "OR"
            case .term(let text, let prefix):
                "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "")
            }
        }.joined(separator: " ")
    }

    static func isSearchable<S: StringProtocol>(_ text: S) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }
}
