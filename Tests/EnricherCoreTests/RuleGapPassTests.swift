import Shared
import Testing
@testable import EnricherCore

/// The English gap pass: the English model adds names only where the rules
/// typed nothing, the rules' reading of a span always stands, and a model
/// mention holding a title, a nationality or a number, ending in an event
/// head, or one word that is never a name alone is dropped.
@Suite struct RuleGapPassTests {
    /// Mentions over a text of 80 one-letter words, offsets counted in words.
    let tokens = sharedEnricher.tokenizer.tokenize(Array(String(repeating: "a ", count: 80).unicodeScalars))
    var lowers: [String] { tokens.map(\.lower) }

    func mention(_ start: Int, _ end: Int, _ type: Entity.EntityType) -> EntityRecognizer.Mention {
        EntityRecognizer.Mention(start: start, end: end, type: type, text: "", firstToken: start, lastToken: end - 1)
    }

    let pass = RuleGapPass(rules: sharedEnricher.recognizer)

    @Test func modelMentionsFillOnlyWhatTheRulesLeftUntyped() {
        let rules = [mention(10, 20, .ORG), mention(40, 45, .PER)]
        let model = [mention(0, 5, .PER), mention(12, 25, .LOC), mention(40, 45, .LOC), mention(60, 70, .ORG)]
        let merged = pass.merge(rules: rules, model: model, tokens: tokens, lowers: lowers)
        #expect(merged.map(\.start) == [0, 10, 40, 60])
        #expect(merged.map(\.type) == [.PER, .ORG, .PER, .ORG])
    }

    @Test func withoutModelMentionsTheRulesStandAlone() {
        let rules = [mention(3, 8, .LOC)]
        #expect(pass.merge(rules: rules, model: [], tokens: tokens, lowers: lowers) == rules)
    }

    @Test func modelMentionsHoldingNoNameWordsAreDropped() {
        var words = lowers
        words[5] = "director"; words[20] = "korean"; words[30] = "a380"; words[40] = "christmas"; words[46] = "cup"
        let model = [mention(4, 6, .PER), mention(20, 21, .LOC), mention(30, 31, .LOC), mention(40, 41, .ORG),
                     mention(45, 47, .ORG), mention(50, 52, .ORG)]
        #expect(pass.merge(rules: [], model: model, tokens: tokens, lowers: words).map(\.start) == [50])
    }

    @Test func englishShipsAModelAndTheEnricherLoadsIt() throws {
        let tagged = try TaggedRecognizer(gazetteer: try Gazetteer(), names: try NameLexicon())
        #expect(tagged.hasModel(for: "en"))
        // Through the whole enricher, English text still gets the rules' entities.
        let spans = sharedEnricher.annotate(
            "Researchers from Tanvik Institute and a team led by Priya Ramanathan presented the results in Oslo on Monday. "
                + "Ramanathan said the findings were preliminary and that more work was needed before any conclusions.")
        let found = Set(spans.map { "\($0.type.rawValue):\($0.text)" })
        #expect(found.isSuperset(of: ["ORG:Tanvik Institute", "PER:Priya Ramanathan", "LOC:Oslo"]))
    }
}
