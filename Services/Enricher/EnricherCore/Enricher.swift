import Shared

/// The whole enrichment of one article: entities, places, quotes, amounts,
/// dates, keywords, tone, summary, SimHash and language. Built once (it loads
/// its data files then) and shared by every job; `enrich` is pure.
public struct Enricher: Sendable {
    let tokenizer = Tokenizer()
    let gazetteer: Gazetteer
    let recognizer: EntityRecognizer
    let tagged: TaggedRecognizer

    let linker: EntityLinker
    let places: PlaceResolver
    let quotes = QuoteExtractor()
    let dates = DateExtractor()
    let amounts = AmountExtractor()
    let keywords = KeywordExtractor()
    let tone: ToneScorer
    let language: LanguageIdentifier

    public init() throws {
        let gazetteer = try Gazetteer()
        let names = try NameLexicon()
        self.gazetteer = gazetteer
        self.recognizer = EntityRecognizer(gazetteer: gazetteer, names: names)
        self.tagged = try TaggedRecognizer(gazetteer: gazetteer, names: names)
        self.linker = EntityLinker(gazetteer: gazetteer)
        self.places = PlaceResolver(gazetteer: gazetteer)
        self.tone = try ToneScorer()
        self.language = try LanguageIdentifier()
    }

    /// The entity mentions of a plain text, in text order, through the same
    /// path as `enrich` (the text becomes an article of its lines).
    public func annotate(_ text: String) -> [EntitySpan] {
        let article = ParsedArticle(url: "about:annotate", paragraphs: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let enriched = enrich(article)
        var spans: [EntitySpan] = []
        for entity in enriched.entities {
            for m in entity.mentions { spans.append(EntitySpan(start: m.start, end: m.end, type: entity.type, text: m.text)) }
        }
        return spans.sorted { $0.start < $1.start }
    }

    /// Named-entity mentions of a text, in order (what `annotate` writes).
    public func mentions(in text: String) -> [EntityRecognizer.Mention] {
        let scalars = Array(text.unicodeScalars)
        let tokens = tokenizer.tokenize(scalars)
        return mentions(language: language.identify(scalars)?.0, scalars: scalars, tokens: tokens, lowers: tokens.map(\.lower))
    }

    /// The mentions of the recognizer `RecognizerChoice` picks for the language.
    func mentions(language: String?, scalars: [Unicode.Scalar], tokens: [Token], lowers: [String]) -> [EntityRecognizer.Mention] {
        var words = 0
        for t in tokens where t.kind == .word { words += 1 }
        switch RecognizerChoice.choose(language: language, wordCount: words, hasModel: tagged.hasModel(for:)) {
        case .englishRules:
            let rules = recognizer.recognize(scalars: scalars, tokens: tokens, lowers: lowers)
            guard tagged.hasModel(for: "en") else { return rules }
            let model = tagged.recognize(language: "en", scalars: scalars, tokens: tokens, lowers: lowers)
            return RuleGapPass(rules: recognizer).merge(rules: rules, model: model, tokens: tokens, lowers: lowers)
        case .tagger(let code): return tagged.recognize(language: code, scalars: scalars, tokens: tokens, lowers: lowers)
        case .none: return []
        }
    }

    /// How many tokens the enricher sees in a text (for throughput figures).
    public func tokenCount(_ text: String) -> Int {
        tokenizer.tokenize(Array(text.unicodeScalars)).count
    }

    public func enrich(_ article: ParsedArticle) -> EnrichedArticle {
        let text = article.text
        let scalars = Array(text.unicodeScalars)
        let tokens = tokenizer.tokenize(scalars)
        var lowers: [String] = []
        lowers.reserveCapacity(tokens.count)
        for t in tokens { lowers.append(t.lower) }
        let lang = language.identify(scalars)
        let mentions = mentions(language: lang?.0, scalars: scalars, tokens: tokens, lowers: lowers)
        let entities = linker.link(mentions)

        // Token index by start offset, for quote attribution and dates.
        var tokenAt: [Int: Int] = [:]
        for (i, t) in tokens.enumerated() { tokenAt[t.start] = i }
        let quoteList = quotes.extract(QuoteExtractor.Context(
            scalars: scalars, tokens: tokens, lowers: lowers, tokenAt: tokenAt, entities: entities, language: lang?.0))
        let published = DateExtractor.day(fromISO: article.publishedAt)
        let dateList = dates.extract(tokens: tokens, lowers: lowers, scalars: scalars, published: published)
        var taken = Set<Int>()
        for d in dateList {
            guard var k = tokenAt[d.start] else { continue }
            while k < tokens.count && tokens[k].end <= d.end { taken.insert(tokens[k].start); k += 1 }
        }
        let amountList = amounts.extract(tokens: tokens, lowers: lowers, scalars: scalars, taken: taken)
        let hash = SimHash.hash(tokens: tokens)
        return EnrichedArticle(
            article: article, language: lang?.0, languageConfidence: lang.map { ($0.1 * 1000).rounded() / 1000 },
            entities: entities, places: places.resolve(entities), quotes: quoteList, amounts: amountList,
            dates: dateList, keywords: keywords.extract(tokens: tokens, lowers: lowers, entities: entities.filter { $0.mentions.count > 1 }.map(\.name), language: lang?.0),
            tone: tokens.isEmpty ? nil : (tone.score(tokens: tokens, lowers: lowers) * 1000).rounded() / 1000,
            summary: Summarizer.lead(tokens: tokens, scalars: scalars),
            simhash: tokens.isEmpty ? nil : SimHash.hex(hash))
    }
}

/// One typed entity mention, flat (the shape of the NER gold files).
public struct EntitySpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var type: Entity.EntityType
    public var text: String
}
