import Shared

extension QuoteExtractor.Context {
    /// The context of a text whose entities are known, from whatever produced
    /// them (rules or a trained tagger): each token covered by a mention maps
    /// to its entity's canonical name, and PER tokens to the mention's first
    /// token. `tokenAt` maps each token's start offset to its index.
    init(scalars: [Unicode.Scalar], tokens: [Token], lowers: [String], tokenAt: [Int: Int], entities: [Entity],
         language: String?) {
        var personAt: [Int: String] = [:]
        var personStart: [Int: Int] = [:]
        var entityAt: [Int: String] = [:]
        for entity in entities {
            for mention in entity.mentions {
                guard let first = tokenAt[mention.start] else { continue }
                var k = first
                while k < tokens.count && tokens[k].end <= mention.end {
                    entityAt[k] = entity.name
                    if entity.type == .PER { personAt[k] = entity.name; personStart[k] = first }
                    k += 1
                }
            }
        }
        self.init(scalars: scalars, tokens: tokens, lowers: lowers, personAt: personAt, personStart: personStart,
                  entityAt: entityAt, language: language)
    }
}
