/// Month names as pages write them, per language: full names, the usual
/// abbreviations and, where the language declines them, the case a date
/// uses ("2 sierpnia 2019", "2 августа 2019", "2 Ağustos'ta").
///
/// Data, not logic: each row lists the spellings of months 1...12, lower-case;
/// a cell may hold several spellings separated by `|`. Abbreviations are
/// matched with or without their dot.
enum DateMonthNames {
    static let table: [String: [String]] = [
        "en": [
            "january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul",
            "august|aug", "september|sep|sept", "october|oct", "november|nov", "december|dec",
        ],
        "de": [
            "januar|jänner|jan|jän", "februar|feber|feb", "märz|maerz|mär|mrz", "april|apr", "mai",
            "juni|jun", "juli|jul", "august|aug", "september|sep|sept", "oktober|okt", "november|nov",
            "dezember|dez",
        ],
        "fr": [
            "janvier|janv|jan", "février|fevrier|févr|fevr|fév|fev", "mars", "avril|avr", "mai", "juin",
            "juillet|juil", "août|aout", "septembre|sept", "octobre|oct", "novembre|nov",
            "décembre|decembre|déc|dec",
        ],
        "es": [
            "enero|ene", "febrero|feb", "marzo|mar", "abril|abr", "mayo|may", "junio|jun", "julio|jul",
            "agosto|ago", "septiembre|setiembre|sep|sept|set", "octubre|oct", "noviembre|nov",
            "diciembre|dic",
        ],
        "it": [
            "gennaio|gen", "febbraio|feb", "marzo|mar", "aprile|apr", "maggio|mag", "giugno|giu",
            "luglio|lug", "agosto|ago", "settembre|set|sett", "ottobre|ott", "novembre|nov", "dicembre|dic",
        ],
        "pt": [
            "janeiro|jan", "fevereiro|fev", "março|marco|mar", "abril|abr", "maio|mai", "junho|jun",
            "julho|jul", "agosto|ago", "setembro|set", "outubro|out", "novembro|nov", "dezembro|dez",
        ],
        "nl": [
            "januari|jan", "februari|feb", "maart|mrt", "april|apr", "mei", "juni|jun", "juli|jul",
            "augustus|aug", "september|sep|sept", "oktober|okt", "november|nov", "december|dec",
        ],
        // Nominative and genitive (the case of "2 sierpnia 2019").
        "pl": [
            "styczeń|stycznia|sty", "luty|lutego|lut", "marzec|marca|mar", "kwiecień|kwietnia|kwi",
            "maj|maja", "czerwiec|czerwca|cze", "lipiec|lipca|lip", "sierpień|sierpnia|sie",
            "wrzesień|września|wrz", "październik|października|paź", "listopad|listopada|lis",
            "grudzień|grudnia|gru",
        ],
        // Nominative, genitive and the usual abbreviations.
        "ru": [
            "январь|января|янв", "февраль|февраля|фев", "март|марта|мар", "апрель|апреля|апр", "май|мая",
            "июнь|июня|июн", "июль|июля|июл", "август|августа|авг", "сентябрь|сентября|сен|сент",
            "октябрь|октября|окт", "ноябрь|ноября|ноя", "декабрь|декабря|дек",
        ],
        "tr": [
            "ocak|oca", "şubat|subat|şub", "mart|mar", "nisan|nis", "mayıs|mayis|may", "haziran|haz",
            "temmuz|tem", "ağustos|agustos|ağu", "eylül|eylul|eyl", "ekim|eki", "kasım|kasim|kas",
            "aralık|aralik|ara",
        ],
    ]

    /// Spelling -> month, over all languages: the few spellings two languages
    /// share ("mar", "set") mean the same month in each.
    static let all: [String: Int] = {
        var out: [String: Int] = [:]
        for (_, months) in table {
            for (index, cell) in months.enumerated() {
                for spelling in cell.split(separator: "|") { out[String(spelling)] = index + 1 }
            }
        }
        return out
    }()

    /// The month a word names, if any (lower-cased, a trailing dot ignored).
    static func month(_ word: Substring) -> Int? {
        var w = word.lowercased()
        if w.hasSuffix(".") { w.removeLast() }
        return all[w]
    }
}
