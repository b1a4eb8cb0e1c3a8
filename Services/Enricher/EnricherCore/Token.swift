/// A token of article text with its Unicode-scalar offsets, so every stage of
/// the enricher reports spans the way Python (and `score_ner.py`) counts them.
public struct Token: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case word, number, punct }
    public var start: Int
    public var end: Int
    public var text: String
    /// `text` lower-cased, made once here because every rule looks words up by it.
    public var lower: String
    /// `WordKey.of(lower)`, for the enricher's word tables.
    var key: UInt64
    public var kind: Kind
    /// First token of a sentence (capitals there say little about names).
    public var sentenceStart: Bool
    /// Whitespace precedes the token.
    public var spaceBefore: Bool
    /// A newline lies between this token and the previous one.
    public var lineStart: Bool

    /// Starts with an upper-case letter.
    public var isCapitalized: Bool { text.unicodeScalars.first.map { $0.isUpperFast } ?? false }
    /// Only upper-case letters (and digits, dots, hyphens), at least two letters: NASA, U.S., ISIS-K.
    public var isAllCaps: Bool {
        var letters = 0
        for s in text.unicodeScalars {
            if s.isLowerFast { return false }
            if s.isUpperFast { letters += 1 }
        }
        return letters >= 2
    }
}
