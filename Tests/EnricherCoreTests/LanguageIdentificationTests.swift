import Testing
@testable import EnricherCore

/// The language identifier on short news paragraphs (written for these
/// tests), one per language the enricher must tell apart, including the
/// close pairs (es/pt, nl/de) and the three East Asian scripts.
@Suite struct LanguageIdentificationTests {
    static let paragraphs: [(String, String)] = [
        ("en", "Firefighters battled a blaze at a warehouse near the harbour overnight, and police closed two roads while residents were told to keep their windows shut."),
        ("de", "Die Feuerwehr hat in der Nacht einen Brand in einer Lagerhalle am Hafen bekämpft. Die Polizei sperrte zwei Straßen, Anwohner sollten die Fenster geschlossen halten."),
        ("fr", "Les pompiers ont lutté toute la nuit contre un incendie dans un entrepôt près du port. La police a fermé deux routes et les habitants doivent garder leurs fenêtres fermées."),
        ("es", "Los bomberos combatieron durante la noche un incendio en un almacén cerca del puerto. La policía cerró dos calles y pidió a los vecinos que mantuvieran las ventanas cerradas."),
        ("it", "I vigili del fuoco hanno combattuto per tutta la notte un incendio in un magazzino vicino al porto. La polizia ha chiuso due strade e i residenti devono tenere le finestre chiuse."),
        ("nl", "De brandweer heeft de hele nacht een brand bestreden in een loods bij de haven. De politie sloot twee wegen af en bewoners moesten hun ramen dicht houden."),
        ("pt", "Os bombeiros combateram durante a noite um incêndio num armazém perto do porto. A polícia fechou duas estradas e pediu aos moradores que mantivessem as janelas fechadas."),
        ("pl", "Strażacy przez całą noc gasili pożar magazynu w pobliżu portu. Policja zamknęła dwie drogi, a mieszkańcy mieli trzymać zamknięte okna."),
        ("ru", "Пожарные всю ночь тушили пожар на складе возле порта. Полиция перекрыла две дороги, а жителям посоветовали не открывать окна."),
        ("tr", "İtfaiye ekipleri gece boyunca liman yakınındaki bir depoda çıkan yangınla mücadele etti. Polis iki yolu kapattı ve bölge sakinlerinden pencerelerini kapalı tutmaları istendi."),
        ("ja", "消防隊は夜通し、港の近くの倉庫で発生した火災の消火活動にあたった。警察は二つの道路を封鎖し、住民に窓を閉めるよう呼びかけた。"),
        ("zh", "消防员连夜扑救港口附近一座仓库发生的火灾。警方封闭了两条道路，并提醒附近居民关好门窗。"),
        ("ko", "소방대원들은 밤새 항구 근처 창고에서 발생한 화재를 진압했다. 경찰은 도로 두 곳을 통제하고 주민들에게 창문을 닫아 달라고 당부했다."),
    ]

    @Test(arguments: paragraphs)
    func tellsTheLanguageOfAShortNewsParagraph(expected: String, text: String) throws {
        let identified = try #require(sharedEnricher.language.identify(Array(text.unicodeScalars)))
        #expect(identified.0 == expected)
    }

    /// A headline-length sentence is enough for the languages that share a script
    /// (not yet for Dutch, whose headlines can read as Afrikaans).
    @Test(arguments: [
        ("de", "Regierung einigt sich auf neues Heizungsgesetz"),
        ("es", "El Gobierno aprueba la nueva ley de vivienda"),
        ("pt", "Governo aprova a nova lei da habitação"),
        ("fr", "Le gouvernement adopte la nouvelle loi sur le logement"),
        ("it", "Il governo approva la nuova legge sulla casa"),
    ])
    func tellsTheLanguageOfAHeadline(expected: String, text: String) throws {
        let identified = try #require(sharedEnricher.language.identify(Array(text.unicodeScalars)))
        #expect(identified.0 == expected)
    }
}
