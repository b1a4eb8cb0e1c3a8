import Foundation
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
        "", "   ", "\u{00A0}\u{00A0}x\u{00A0}", "nel\u{0085}end\u{0085}", "ctl\u{1C}\u{7F}x\u{1680}y\u{0001}",
    ])
    func bytesAndScalarsAgree(_ text: String) {
        #expect(TextNormalizer.collapse(text) == TextNormalizer.collapseScalars(text))
    }

    @Test func collapsesAndTrims() {
        #expect(TextNormalizer.collapse(" a \u{00A0} b\n") == "a b")
        let folded = TextNormalizer.collapse("\u{0085} text\u{001F}\u{2028}")
        #expect(folded == folded.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
