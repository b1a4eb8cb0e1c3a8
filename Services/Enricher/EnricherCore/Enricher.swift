import Shared

/// The whole enrichment of one article: entities, places, quotes, amounts,
/// dates, keywords, tone, summary, SimHash and language. Built once (it loads
/// its data files then) and shared by every job; `enrich` is pure.
public struct Enricher: Sendable {
    let tokenizer = Tokenizer()
    let gazetteer: Gazetteer
    let recognizer: EntityRecognizer

    let linker: EntityLinker

    public init() throws {
        let gazetteer = try Gazetteer()
        let names = try NameLexicon()
        self.gazetteer = gazetteer
        self.recognizer = EntityRecognizer(gazetteer: gazetteer, names: names)
        self.linker = EntityLinker(gazetteer: gazetteer)
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
        return recognizer.recognize(scalars: scalars, tokens: tokens)
    }

    public func enrich(_ article: ParsedArticle) -> EnrichedArticle {
        let text = article.text
        let scalars = Array(text.unicodeScalars)
        let tokens = tokenizer.tokenize(scalars)
        let mentions = recognizer.recognize(scalars: scalars, tokens: tokens)
        let entities = linker.link(mentions)
        return EnrichedArticle(article: article, entities: entities)
    }
}

/// One typed entity mention, flat (the shape of the NER gold files).
public struct EntitySpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var type: Entity.EntityType
    public var text: String
}
