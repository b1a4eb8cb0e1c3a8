import Testing
@testable import EnricherCore

@Suite struct TokenizerTests {
    func tokens(_ text: String) -> [Token] { Tokenizer().tokenize(Array(text.unicodeScalars)) }

    @Test func newsAbbreviationsKeepTheirPeriodAndDoNotEndSentences() {
        let t = tokens("Gen. Joseph Votel met Sen. Jack Reed in the U.S. capital. Acme Inc. said no.")
        let texts = t.map(\.text)
        #expect(texts.contains("Gen."))
        #expect(texts.contains("Sen."))
        #expect(texts.contains("U.S."))
        #expect(texts.contains("Inc."))
        // "Joseph" and "Jack" follow abbreviations inside one sentence.
        #expect(t.first { $0.text == "Joseph" }?.sentenceStart == false)
        #expect(t.first { $0.text == "Jack" }?.sentenceStart == false)
        #expect(t.first { $0.text == "Acme" }?.sentenceStart == true)
    }

    @Test func aDottedInitialismBeforeANameWordDoesNotEndTheSentence() {
        func starts(_ word: String, in text: String) -> Bool? { tokens(text).first { $0.text == word }?.sentenceStart }
        // Inside a name after "the", before a title or an organisation head: one sentence.
        #expect(starts("Army", in: "Officers of the U.S. Army said so.") == false)
        #expect(starts("Air", in: "A gift to the museum of the U.S. Air Force arrived.") == false)
        #expect(starts("Senator", in: "They met U.S. Senator Jane Roe.") == false)
        #expect(starts("Roe", in: "Our thanks go to J.T. Roe for the photos.") == false)
        // A function word or a plain name after it opens a new sentence.
        #expect(starts("The", in: "Talks were held in the U.S. The deal was signed.") == true)
        #expect(starts("Officials", in: "Exports rose to the U.K. Officials welcomed it.") == true)
        #expect(starts("Jane", in: "She moved to the U.S.\nJane stayed.") == true)
    }

    @Test func anOpeningQuotePassesTheSentenceStartOn() {
        let t = tokens("He left. \u{201C}Captains told us so,\u{201D} she said.")
        #expect(t.first { $0.text == "Captains" }?.sentenceStart == true)
        #expect(t.first { $0.text == "she" }?.sentenceStart == false)
    }

    @Test func initialsJoinedByAnAmpersandAreOneToken() {
        #expect(tokens("AT&T and S&P rose; Tom & Jerry.").map(\.text) == ["AT&T", "and", "S&P", "rose", ";", "Tom", "&", "Jerry", "."])
    }

    @Test func possessivesNumbersAndHyphensAndOffsets() {
        let text = "ISIS-K’s “fewer than 2,000” fighters — café owners"
        let t = tokens(text)
        #expect(t.map(\.text) == ["ISIS-K", "’s", "“", "fewer", "than", "2,000", "”", "fighters", "—", "café", "owners"])
        let scalars = Array(text.unicodeScalars)
        for token in t {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[token.start..<token.end])
            #expect(String(v) == token.text)
        }
    }

    @Test func titlesStayOutsidePersonSpans() {
        let spans = sharedEnricher.annotate("US President Donald Trump met Prime Minister Theresa May in London on Friday.")
        #expect(spans.contains { $0.text == "Donald Trump" && $0.type == .PER })
        #expect(spans.contains { $0.text == "US" && $0.type == .LOC })
        #expect(spans.contains { $0.text == "London" && $0.type == .LOC })
        #expect(!spans.contains { $0.text.contains("President") || $0.text.contains("Minister") })
    }
}
