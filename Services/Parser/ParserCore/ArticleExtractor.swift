import Foundation
import Shared

/// Turns one fetched HTML page into a `ParsedArticle`: the parser stage's
/// whole job, kept free of I/O so the service, the CLI and the tests share it.
///
/// Cheap checks come first (size cap, binary sniffing, charset), script and
/// style bodies are emptied (`RawTextFilter`), then one
/// libxml2 parse into the compact tree, then main text and metadata.
public struct ArticleExtractor: Sendable {
    /// Pages above this many bytes are not parsed (`.tooLarge`).
    public var maxBytes: Int
    /// Below this many characters of body text a page is not an article.
    public var minArticleCharacters: Int

    public init(maxBytes: Int = 8 * 1024 * 1024, minArticleCharacters: Int = 200) {
        self.maxBytes = maxBytes
        self.minArticleCharacters = minArticleCharacters
    }

    /// Extracts the article. `html` may be in any charset: a BOM, a `charset`
    /// in `contentType` or a `<meta charset>` is honoured (`TextDecoding`), then
    /// UTF-8 validity, then windows-1252.
    public func extract(
        html: Data, url: String, contentType: String? = nil, fetchedAt: Date? = nil, source: String? = nil
    ) -> ParsedArticle {
        var article = ParsedArticle(url: url, outcome: .article, fetchedAt: fetchedAt, source: source)
        if html.count > maxBytes {
            article.outcome = .tooLarge
            return article
        }
        if let type = contentType?.lowercased(), !type.isEmpty, !type.has("html"), !type.has("xml"),
            !type.hasPrefix("text/plain")
        {
            article.outcome = .notHTML
            return article
        }
        if ContentSniffer.looksBinary(html) {
            article.outcome = .notHTML
            return article
        }
        // Charset detection and conversion are Shared's (the fetcher uses the
        // same rules); UTF-8 input, the common case, is parsed without a copy.
        let detection = TextDecoding.detect(html, contentType: contentType)
        var utf8 = html
        if detection.charset != "UTF-8" || detection.bomLength > 0 {
            utf8 = TextDecoding.decode(html, contentType: contentType).text
        }
        let filtered = RawTextFilter.filter(utf8)
        guard var document = HTMLTreeBuilder.parse(filtered.html) else {
            article.outcome = .notAnArticle
            return article
        }
        document.scriptBytes += filtered.scriptBytes
        var text = MainTextExtractor()
        var main = text.extract(from: document)
        if Self.weightedLength(main.paragraphs) < minArticleCharacters,
            let revealed = revealingHidden(document, html: filtered.html)
        {
            (document, main) = revealed
        }
        var metadata = MetadataExtractor(document: document, url: url)
        main = completing(main, metadata: metadata, html: utf8)
        metadata.fill(&article, mainText: main)
        article.outcome = outcome(for: article, document: document)
        if article.outcome == .article {
            let body = Self.body(of: document)
            let declaration = metadata.declaration(bodyClassID: body.tag == .body ? body.classID : "")
            let shape = PageClassifier.shape(article.paragraphs)
            if PageClassifier.isNotAnArticle(
                declaration: declaration, shape: shape,
                teasers: { PageClassifier.teasers(in: body, paragraphs: article.paragraphs) })
            {
                article.outcome = .notAnArticle
            }
        }
        return article
    }

    /// Only the body text, as the benchmark scores it (paragraphs joined by newlines).
    public func extractText(html: Data, url: String) -> String {
        extract(html: html, url: url).paragraphs.joined(separator: "\n")
    }

    private static func body(of document: HTMLDocument) -> Element {
        for node in document.root.children {
            if case .element(let e) = node, e.tag == .body { return e }
        }
        return document.root
    }

    /// Characters of text, an ideograph or Hangul syllable counting two (it says as much in half the characters).
    static func weightedLength(_ paragraphs: [String]) -> Int {
        paragraphs.reduce(0) { $0 + PageClassifier.weightedLength($1) }
    }

    private func outcome(for article: ParsedArticle, document: HTMLDocument) -> ParsedArticle.Outcome {
        let characters = Self.weightedLength(article.paragraphs)
        if characters >= minArticleCharacters { return .article }
        // Text outside links (the body's statistics, filled by the main text
        // pass): navigation labels are not content a reader came for.
        let body = Self.body(of: document)
        let pageText = body.textLength - body.linkLength
        // A page whose markup is mostly script and has almost no text is
        // rendered in the browser: say so rather than "not an article".
        if pageText < 200 && document.scriptBytes > 2_000 && document.scriptBytes > pageText * 10 {
            return .needsJavaScript
        }
        if MetadataExtractor.looksPaywalled(document) && characters > 0 { return .paywalled }
        return .notAnArticle
    }
}
