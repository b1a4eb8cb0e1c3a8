/// Which recognizer reads a text, from the identified language. English
/// keeps the rule recognizer (it beats the English model alone on news),
/// with the English model filling its gaps (`RuleGapPass`); another
/// language with a trained model gets its tagger; any other language gets no
/// entities rather than English rules misreading its nouns. Character
/// n-grams cannot tell languages apart on a sentence or two ("England beat
/// Panama 6-1 on Sunday." reads as Tagalog), so below `minimumWords` words
/// only a language with a model is believed and anything else goes to the
/// English rules, as before language routing.
enum RecognizerChoice: Equatable {
    case englishRules
    case tagger(String)
    case none

    static let minimumWords = 20

    static func choose(language: String?, wordCount: Int, hasModel: (String) -> Bool) -> RecognizerChoice {
        guard let language, language != "en" else { return .englishRules }
        if hasModel(language) { return .tagger(language) }
        return wordCount < minimumWords ? .englishRules : .none
    }
}
