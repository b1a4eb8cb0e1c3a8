import Foundation

/// The served prose a plain reading of the markup misses: hidden elements a
/// script reveals, a JSON-LD `articleBody` longer than the rendered opening,
/// story HTML inside a script string. Each is text the reader gets, so the
/// page is an article and not `needsJavaScript`.
extension ArticleExtractor {
    /// A page that streams its story into hidden elements and reveals them by
    /// script: parsed again keeping the hidden parts, when that yields an article's worth.
    func revealingHidden(_ document: HTMLDocument, html: Data) -> (HTMLDocument, MainTextExtractor.Result)? {
        guard document.hiddenElements > 0, let revealed = HTMLTreeBuilder.parse(html, keepHidden: true) else {
            return nil
        }
        revealed.scriptBytes = document.scriptBytes
        var text = MainTextExtractor()
        let wider = text.extract(from: revealed)
        guard Self.weightedLength(wider.paragraphs) >= minArticleCharacters else { return nil }
        return (revealed, wider)
    }

    /// The shown text, completed or replaced by the structured body, or
    /// replaced by HTML found in a script string when the page shows too little.
    func completing(_ main: MainTextExtractor.Result, metadata: MetadataExtractor, html: Data)
        -> MainTextExtractor.Result
    {
        // Splitting `articleBody` into paragraphs costs regular expressions:
        // only when its raw size could make it the longer text (a weighted
        // length never exceeds the UTF-8 size).
        let shownLength = Self.weightedLength(main.paragraphs)
        let structured = metadata.structuredBodySize >= max(shownLength * 2, minArticleCharacters)
            ? metadata.structuredBody : []
        var main = main
        if Self.structuredBodyCompletes(main.paragraphs, structured: structured) {
            main = MainTextExtractor.Result(paragraphs: structured, container: main.container)
        }
        guard Self.weightedLength(main.paragraphs) < minArticleCharacters else { return main }
        if Self.weightedLength(structured) >= minArticleCharacters {
            return MainTextExtractor.Result(paragraphs: structured, container: nil)
        }
        let embedded = ScriptEmbeddedHTML.paragraphs(in: html)
        if Self.weightedLength(embedded) >= minArticleCharacters {
            return MainTextExtractor.Result(paragraphs: embedded, container: nil)
        }
        return main
    }

    /// A page that renders only the opening of its story (the rest loads by
    /// script or after a paywall check) while its JSON-LD `articleBody` holds
    /// the whole: the structured body, when it starts with what the page shows
    /// and is at least twice as long.
    static func structuredBodyCompletes(_ shown: [String], structured: [String]) -> Bool {
        guard let first = shown.first, !structured.isEmpty else { return false }
        let shownLength = weightedLength(shown)
        guard shownLength > 0, weightedLength(structured) >= shownLength * 2 else { return false }
        let opening = String(first.prefix(60))
        return structured.prefix(3).contains { $0.hasPrefix(opening) }
    }
}
