/// The words that attribute a quote in one language: verbs of saying, the
/// "according to" markers, the auxiliaries of a compound verb ("a déclaré",
/// "hat gesagt"), the words that end a speaker phrase, pronouns and function
/// words. News in each language attributes quotes with its own small closed
/// set of words; the quote finder's logic is the same for all of them.
struct QuoteCues: Sendable {
    /// Verbs of saying ("said", "sagte", "a déclaré", "dijo").
    var sayVerbs: Set<String>
    /// Words that name a source before or after the quote ("according to X",
    /// "selon X", "según X", "laut X"); the second word of a two-word marker
    /// is in `sourceMarkerTails`.
    var sourceMarkers: Set<String>
    var sourceMarkerTails: Set<String> = []
    /// Markers that name a source only right after the quote ("„…“, so Müller").
    var sourceMarkersAfterQuote: Set<String> = []
    /// Auxiliaries and adverbs that belong to the verb group.
    var auxiliaries: Set<String>
    /// Conjunctions and relative words that end a speaker phrase when read backwards.
    var clauseStops: Set<String>
    /// Prepositions that cut a role description ("a report on ...").
    var phraseCuts: Set<String>
    var pronouns: Set<String>
    var functionWords: Set<String>
    /// Articles before an organisation named as speaker ("the Pentagon", "die Bundesregierung").
    var articles: Set<String>
    /// The subject often follows the verb before a quote ("Dazu sagte der Minister: „…“",
    /// "Dijo el ministro: «…»"), so a phrase after the verb is a speaker even when it names no person.
    var invertsSubject = false

    /// The cues of an ISO 639-1 language; English for every language without
    /// its own (English-style attribution is the most common in such text).
    static func forLanguage(_ code: String?) -> QuoteCues {
        switch code {
        case "de": return german
        case "fr": return french
        case "es": return spanish
        default: return english
        }
    }

    static let english = QuoteCues(
        sayVerbs: Lexicon.sayVerbs,
        sourceMarkers: ["according"], sourceMarkerTails: ["to"],
        auxiliaries: [
            "has", "have", "had", "was", "is", "were", "are", "will", "would", "also", "later", "previously",
            "reportedly", "earlier", "then", "once", "recently", "repeatedly", "publicly", "privately", "did",
            "does", "do", "may", "might", "could", "can", "should", "not", "never", "first", "further",
        ],
        clauseStops: ["and", "but", "that", "which", "who", "while", "as", "because", "so", "when", "after", "before", "if"],
        phraseCuts: ["on", "in", "of", "at", "for", "from", "with", "about", ","],
        pronouns: ["he", "she", "they", "we", "i", "it"],
        functionWords: [
            "the", "a", "an", "and", "but", "or", "nor", "of", "to", "in", "on", "at", "that", "which", "who",
            "this", "these", "those", "as", "so", "it", "its", "there", "then", "than", "if", "for", "with",
        ],
        articles: ["the"])

    static let german = QuoteCues(
        sayVerbs: [
            "sagte", "sagten", "sagt", "sagen", "gesagt", "erklärte", "erklärten", "erklärt", "betonte", "betont",
            "meinte", "meint", "sprach", "fügte", "ergänzte", "ergänzt", "warnte", "warnt", "kritisierte",
            "kritisiert", "schrieb", "schreibt", "teilte", "räumte", "versicherte", "bekräftigte", "forderte",
            "fordert", "unterstrich", "berichtete", "erläuterte", "antwortete", "zitiert", "verkündete",
        ],
        sourceMarkers: ["laut", "zufolge", "gemäß"],
        sourceMarkersAfterQuote: ["so"],
        auxiliaries: [
            "hat", "haben", "hatte", "hatten", "habe", "ist", "war", "wird", "würde", "auch", "noch", "bereits",
            "zudem", "außerdem", "nun", "jetzt", "dazu", "dann", "später", "nicht", "am", "zuvor", "gegenüber",
        ],
        clauseStops: ["und", "aber", "dass", "daß", "weil", "als", "wenn", "während", "nachdem", "doch", "denn", "oder"],
        phraseCuts: ["von", "vom", "in", "im", "der", "des", "für", "aus", "bei", "mit", "über", "vor", "nach", "am", "gegenüber", ","],
        pronouns: ["er", "sie", "wir", "ich", "es"],
        functionWords: [
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und",
            "oder", "aber", "von", "zu", "in", "im", "an", "am", "auf", "für", "mit", "so", "es", "dass",
        ],
        articles: ["der", "die", "das", "den", "dem", "des"], invertsSubject: true)

    static let french = QuoteCues(
        sayVerbs: [
            "déclaré", "déclare", "déclarait", "dit", "dis", "disait", "affirme", "affirmé", "affirmait",
            "explique", "expliqué", "ajoute", "ajouté", "souligne", "souligné", "estime", "estimé", "indique",
            "indiqué", "assure", "assuré", "précise", "précisé", "insiste", "insisté", "lance", "lancé",
            "confie", "confié", "martèle", "martelé", "annonce", "annoncé", "raconte", "raconté", "prévient",
            "avertit", "répond", "répondu", "rappelle", "rappelé", "dénonce", "dénoncé", "regrette",
        ],
        sourceMarkers: ["selon", "d'après"],
        auxiliaries: [
            "a", "ont", "avait", "avaient", "aurait", "est", "était", "sera", "va", "aussi", "également",
            "encore", "déjà", "alors", "ensuite", "pas", "ne", "n'a", "a-t-il", "a-t-elle", "t-il", "t-elle",
        ],
        clauseStops: ["et", "mais", "que", "qui", "qu'il", "qu'elle", "quand", "lorsque", "car", "ou", "dont", "alors"],
        phraseCuts: ["de", "du", "des", "à", "au", "aux", "en", "pour", "sur", "avec", "devant", "lors", "dans", "après", "avant", ","],
        pronouns: ["il", "elle", "ils", "elles", "nous", "je", "on"],
        functionWords: [
            "le", "la", "les", "l'", "un", "une", "des", "du", "de", "et", "ou", "mais", "à", "au", "en", "que",
            "qui", "ce", "cette", "ces", "son", "sa", "ses", "pour", "avec",
        ],
        articles: ["le", "la", "les", "l'"], invertsSubject: true)

    static let spanish = QuoteCues(
        sayVerbs: [
            "dijo", "dice", "dicen", "dijeron", "afirmó", "afirma", "declaró", "declara", "explicó", "explica",
            "señaló", "señala", "aseguró", "asegura", "añadió", "añade", "agregó", "agrega", "indicó", "indica",
            "destacó", "destaca", "subrayó", "advirtió", "advierte", "manifestó", "sostuvo", "sostiene",
            "comentó", "apuntó", "insistió", "reconoció", "anunció", "respondió", "expresó", "precisó",
        ],
        sourceMarkers: ["según"],
        auxiliaries: [
            "ha", "han", "había", "habían", "ha", "es", "fue", "será", "también", "además", "luego", "después",
            "ya", "no", "hoy", "ayer",
        ],
        clauseStops: ["y", "pero", "que", "quien", "cuando", "mientras", "porque", "aunque", "o", "donde"],
        phraseCuts: ["de", "del", "en", "a", "al", "para", "por", "con", "sobre", "ante", "durante", "tras", ","],
        pronouns: ["él", "ella", "ellos", "ellas", "nosotros", "yo"],
        functionWords: [
            "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "pero", "de", "del", "a", "al", "en",
            "que", "quien", "este", "esta", "su", "sus", "por", "para", "con",
        ],
        articles: ["el", "la", "los", "las"], invertsSubject: true)
}
