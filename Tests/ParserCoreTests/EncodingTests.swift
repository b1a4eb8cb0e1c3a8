import Foundation
import ParserCore
import Testing

/// Pages in legacy charsets decode to the same text as their UTF-8 source.
@Suite struct EncodingTests {
    static let charsets = [
        ("windows-1251", "ru"), ("windows-1252", "fr"), ("shift_jis", "ja"), ("gb18030", "zh"),
        ("euc-kr", "ko"), ("iso-8859-2", "pl"), ("iso-8859-7", "el"),
    ]

    @Test(arguments: charsets)
    func metaCharsetIsHonoured(charset: String, language: String) throws {
        let html = try Fixture.data("encodings/\(charset).html")
        let lines = try Fixture.text("encodings/\(charset).txt").split(separator: "\n").map(String.init)
        let article = ArticleExtractor().extract(html: html, url: "https://example.org/\(charset)/story")
        #expect(article.outcome == .article)
        #expect(article.title == lines[0])
        #expect(article.paragraphs == Array(lines.dropFirst()))
        #expect(article.language == language)
        #expect(!article.text.contains("\u{FFFD}"))
    }

    @Test func headerCharsetWinsOverNone() throws {
        // The same windows-1251 bytes without the <meta>: only the HTTP header says what they are.
        let source = try Fixture.data("encodings/windows-1251.html")
        let marker = Data("<meta charset=\"windows-1251\">".utf8)
        var html = source
        if let range = html.range(of: marker) { html.removeSubrange(range) }
        let lines = try Fixture.text("encodings/windows-1251.txt").split(separator: "\n").map(String.init)
        let article = ArticleExtractor().extract(
            html: html, url: "https://example.org/a", contentType: "text/html; charset=windows-1251")
        #expect(article.paragraphs == Array(lines.dropFirst()))
        let guessed = ArticleExtractor().extract(html: html, url: "https://example.org/a")
        #expect(guessed.paragraphs != article.paragraphs, "without a header the bytes fall back to windows-1252")
    }

    @Test func utf8WithBOMAndNonLatinScriptsStayIntact() {
        let body = "Премьер-министр заявил, что переговоры продолжатся на следующей неделе в столице. "
            + "東京では新しい計画が発表され、多くの人々が関心を寄せている。"
        let html = Data([0xEF, 0xBB, 0xBF]) + Data("<html><body><article><p>\(body)</p><p>\(body)</p></article></body></html>".utf8)
        let article = ArticleExtractor().extract(html: html, url: "https://example.org/b")
        #expect(article.paragraphs == [body, body])
    }
}
