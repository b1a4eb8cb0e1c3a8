@testable import ParserCore
import Testing

/// The byte-level whitespace folding agrees with the scalar-level definition.
@Suite struct TextNormalizerTests {
    @Test(arguments: [
        "  plain   text\n\twith\r\nbreaks  ",
        "no\u{00A0}break\u{2009}thin\u{3000}ideographic\u{202F}narrow",
        "zero\u{200B}width\u{FEFF}bom\u{00AD}soft",
        "Кириллица  и\u{00A0}日本語のテキスト　全角スペース",
        "emoji 👍🏽  and\u{2028}line\u{2029}para",
        "", "   ", "\u{00A0}\u{00A0}x\u{00A0}",
    ])
    func bytesAndScalarsAgree(_ text: String) {
        #expect(TextNormalizer.collapse(text) == TextNormalizer.collapseScalars(text))
    }

    @Test func collapsesAndTrims() {
        #expect(TextNormalizer.collapse(" a \u{00A0} b\n") == "a b")
    }
}
