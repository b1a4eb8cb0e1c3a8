import Shared
import Testing
@testable import EnricherCore

/// Keywords leave out the function words of the text's language and do not
/// take German common nouns for names because they are capitalised.
@Suite struct KeywordLanguageTests {
    let german = """
        Die Regierung will vor dem Winter neue Hilfen beschließen. Vor dem Treffen im Kanzleramt sagte der Minister, \
        die Preise seien stark gestiegen. Die Kommunen fordern vor dem Sommer mehr Geld für die Kinder in den Schulen. \
        Im Sommer hatten die Länder bereits Hilfen für steigende Preise verlangt, doch der Bund lehnte ab. \
        Nach dem Treffen blieben viele Fragen offen, und die Kommunen warten weiter auf eine Antwort.
        """

    func keywords(_ text: String, language: String?, names: [String] = []) -> [String] {
        let tokens = Tokenizer().tokenize(Array(text.unicodeScalars))
        return KeywordExtractor().extract(tokens: tokens, lowers: tokens.map(\.lower), entities: names, language: language)
    }

    @Test func theListsShipForTheNewsLanguages() throws {
        let lists = try StopwordLists.bundled.get()
        for language in ["de", "fr", "es", "it", "pt", "nl", "pl", "ru", "tr", "sv"] {
            #expect(lists.languages.contains(language), "\(language)")
        }
        #expect(lists.contains(WordKey.of("dem"), language: "de"))
        #expect(!lists.contains(WordKey.of("regierung"), language: "de"))
        #expect(!lists.contains(WordKey.of("dem"), language: "xx"))
    }

    @Test func germanFunctionWordsAreNeverKeywords() throws {
        let found = keywords(german, language: "de")
        let lists = try StopwordLists.bundled.get()
        #expect(!found.isEmpty)
        #expect(!found.contains { $0.lowercased() == "vor dem" })
        for phrase in found {
            let words = phrase.lowercased().split(separator: " ")
            #expect(!words.allSatisfy { lists.contains(WordKey.of(String($0)), language: "de") }, "\(phrase)")
        }
        // Without the language the same text gives the function-word phrase: the list is what removes it.
        #expect(keywords(german, language: nil).contains { $0.lowercased() == "vor dem" })
    }

    @Test func germanCommonNounsTypedAsNamesAreNoKeywords() {
        // A recogniser that types capitalised German nouns as names ("Sommer",
        // "Kinder", "Man") offers them as keywords; acronyms and names stay.
        let found = keywords(german + " Man sagt, die EU und Olaf Scholz helfen.", language: "de",
                             names: ["Sommer", "Kinder", "Man", "EU", "Olaf Scholz", "Kanzleramt"])
        #expect(!found.contains("Sommer"))
        #expect(!found.contains("Kinder"))
        #expect(!found.contains("Man"))
        #expect(found.contains("EU"))
        #expect(found.contains("Olaf Scholz"))
    }

    @Test func frenchAndSpanishFunctionWordsAreNoKeywords() throws {
        let french = """
            Le gouvernement veut adopter avant la fin du mois une réforme des retraites. Selon les syndicats, \
            la réforme des retraites est injuste pour les salariés. Avant la fin du mois, les syndicats \
            appellent à une grève nationale contre la réforme des retraites.
            """
        let spanish = """
            El gobierno quiere aprobar antes de la cumbre una ley de vivienda. Según los sindicatos, la ley de vivienda \
            llega tarde para las familias. Antes de la cumbre, los sindicatos convocan una huelga por la ley de vivienda.
            """
        let lists = try StopwordLists.bundled.get()
        for (language, text) in [("fr", french), ("es", spanish)] {
            let found = keywords(text, language: language)
            #expect(!found.isEmpty, "\(language)")
            for phrase in found {
                for word in phrase.lowercased().split(separator: " ") {
                    #expect(!lists.contains(WordKey.of(String(word)), language: language), "\(language): \(phrase)")
                }
            }
        }
    }
}
