import Shared
import Testing
@testable import EnricherCore

/// One entity per referent, from typed mentions with offsets (what any
/// recogniser gives): places under their alternative names, people named in
/// full once and by surname later.
@Suite struct EntityLinkerTests {
    func link(_ text: String, _ names: [(String, Entity.EntityType)]) -> [Entity] {
        sharedEnricher.linker.link(typedMentions(text, names))
    }

    @Test func alternativeNamesOfAPlaceAreOneEntity() throws {
        let text = "The United States and Mexico met. U.S. officials said the US would act. Mexico agreed."
        let entities = link(text, [("United States", .LOC), ("U.S.", .LOC), ("US", .LOC), ("Mexico", .LOC)])
        let places = entities.filter { $0.type == .LOC }
        #expect(places.count == 2)
        let us = try #require(places.first { $0.mentions.count == 3 })
        #expect(Set(us.mentions.map(\.text)) == ["United States", "U.S.", "US"])
        #expect(us.name == "United States")
        #expect(us.aliases.contains("U.S.") && us.aliases.contains("US"))
        #expect(places.contains { $0.name == "Mexico" && $0.mentions.count == 2 })
    }

    @Test func aSurnameLaterIsTheFullNamedPerson() throws {
        let text = "Angela Merkel met Olaf Scholz in Berlin. Merkel spoke first; later Scholz answered. Merkel left."
        let entities = link(text, [
            ("Angela Merkel", .PER), ("Olaf Scholz", .PER), ("Merkel", .PER), ("Scholz", .PER), ("Berlin", .LOC),
        ])
        let people = entities.filter { $0.type == .PER }
        #expect(people.count == 2)
        #expect(people.first { $0.name == "Angela Merkel" }?.mentions.count == 3)
        #expect(people.first { $0.name == "Olaf Scholz" }?.mentions.count == 2)
    }

    @Test func aSurnameTypedAsSomethingElseIsStillThePerson() throws {
        // A tagger can type a lone surname as an organisation or place.
        let text = "Joseph Votel testified on Tuesday. Votel said the threat remained. Paris was calm."
        let entities = link(text, [("Joseph Votel", .PER), ("Votel", .ORG), ("Paris", .LOC)])
        let votel = try #require(entities.first { $0.name == "Joseph Votel" })
        #expect(votel.type == .PER)
        #expect(votel.mentions.map(\.text) == ["Joseph Votel", "Votel"])
        #expect(!entities.contains { $0.type == .ORG })
        // A place in the gazetteer keeps its type even if a person shares the name.
        let paris = link("Paris Hilton arrived. Paris was calm.", [("Paris Hilton", .PER), ("Paris", .LOC)])
        #expect(paris.contains { $0.name == "Paris" && $0.type == .LOC })
    }

    @Test func offsetsAreKeptWhateverTheOrderOfTheInput() throws {
        let text = "Merkel spoke. Angela Merkel left."
        let mentions = typedMentions(text, [("Angela Merkel", .PER), ("Merkel", .PER)]).reversed()
        let entities = sharedEnricher.linker.link(Array(mentions))
        let merkel = try #require(entities.first)
        #expect(entities.count == 1)
        #expect(merkel.name == "Angela Merkel")
        #expect(merkel.mentions.map(\.start) == [0, 14])
    }
}
