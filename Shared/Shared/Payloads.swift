import Foundation

// Payload types, one per stage boundary. Every field added later must be
// optional or defaulted in `init(from:)` so older recordings still decode;
// a change that breaks that bumps `Envelope.currentSchemaVersion`.

/// Asks the fetcher to get a URL: an article page, or a feed or sitemap that
/// expands into more fetch requests.
public struct FetchRequest: Payload, Equatable {
    public static let kind = PayloadKind.fetchRequest

    public enum Target: String, Codable, Sendable {
        /// Decide from the response (content type and root element).
        case auto
        case article
        case feed
        case sitemap
        /// A WARC archive (.warc or .warc.gz): its response records become
        /// pages. Only archive jobs are read as archives, whatever the body.
        case archive
    }

    public var url: String
    public var target: Target
    /// Name of the source (feed title or configured name) this came from.
    public var source: String?
    /// For feed polls: re-poll after this many seconds (the fetcher reschedules).
    public var pollIntervalSeconds: Double?
    /// Conditional GET validators from the previous poll.
    public var etag: String?
    public var lastModified: String?
    /// The feed or sitemap URL this article was discovered in.
    public var discoveredFrom: String?
    /// Metadata the feed gave (title, date), kept as hints for the parser.
    public var hintTitle: String?
    public var hintPublished: String?
    /// How many feed/sitemap expansions led here (bounds sitemap-index recursion).
    public var depth: Int
    /// Archive jobs after the first: where in the archive this chunk starts
    /// (a resumable byte offset and the records to read past after it) and
    /// how many records the earlier chunks read.
    public var archiveOffset: Int?
    public var archiveSkip: Int?
    public var archiveRecords: Int?

    public init(
        url: String, target: Target = .auto, source: String? = nil, pollIntervalSeconds: Double? = nil,
        etag: String? = nil, lastModified: String? = nil, discoveredFrom: String? = nil,
        hintTitle: String? = nil, hintPublished: String? = nil, depth: Int = 0
    ) {
        self.url = url
        self.target = target
        self.source = source
        self.pollIntervalSeconds = pollIntervalSeconds
        self.etag = etag
        self.lastModified = lastModified
        self.discoveredFrom = discoveredFrom
        self.hintTitle = hintTitle
        self.hintPublished = hintPublished
        self.depth = depth
    }
}

/// A fetched page: response metadata in JSON, the body (converted to UTF-8)
/// as a raw attachment frame.
public struct FetchedPage: Payload, Equatable {
    public static let kind = PayloadKind.fetchedPage

    public var requestedURL: String
    /// URL after redirects.
    public var finalURL: String
    public var status: Int
    public var contentType: String?
    /// Charset the body was declared or detected in, before conversion to UTF-8.
    public var sourceCharset: String?
    /// Response headers, lower-cased names.
    public var headers: [String: String]
    public var fetchedAt: Date
    public var source: String?
    public var hintTitle: String?
    public var hintPublished: String?
    /// The body as UTF-8. Travels as its own frame, never inside the JSON.
    public var body: Data

    public init(
        requestedURL: String, finalURL: String, status: Int, contentType: String?, sourceCharset: String?,
        headers: [String: String], fetchedAt: Date, source: String? = nil, hintTitle: String? = nil,
        hintPublished: String? = nil, body: Data
    ) {
        self.requestedURL = requestedURL
        self.finalURL = finalURL
        self.status = status
        self.contentType = contentType
        self.sourceCharset = sourceCharset
        self.headers = headers
        self.fetchedAt = fetchedAt
        self.source = source
        self.hintTitle = hintTitle
        self.hintPublished = hintPublished
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case requestedURL, finalURL, status, contentType, sourceCharset, headers, fetchedAt, source
        case hintTitle, hintPublished
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requestedURL = try c.decode(String.self, forKey: .requestedURL)
        finalURL = try c.decode(String.self, forKey: .finalURL)
        status = try c.decode(Int.self, forKey: .status)
        contentType = try c.decodeIfPresent(String.self, forKey: .contentType)
        sourceCharset = try c.decodeIfPresent(String.self, forKey: .sourceCharset)
        headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        fetchedAt = try c.decode(Date.self, forKey: .fetchedAt)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        hintTitle = try c.decodeIfPresent(String.self, forKey: .hintTitle)
        hintPublished = try c.decodeIfPresent(String.self, forKey: .hintPublished)
        body = Data()
    }

    public var attachment: Data? { body }
    public mutating func attach(_ data: Data) { body = data }
}

/// What the parser made of a page. `outcome` says whether it is an article at
/// all; non-articles travel on to storage as typed outcomes, not as empty articles.
public struct ParsedArticle: Payload, Equatable {
    public static let kind = PayloadKind.parsedArticle

    public enum Outcome: String, Codable, Sendable {
        case article
        /// A page with no article body (index, tag page, video page, ...).
        case notAnArticle
        /// The body is built by scripts; the HTML has no article text.
        case needsJavaScript
        /// Above the size cap; not parsed.
        case tooLarge
        /// Not HTML at all (binary, image, ...).
        case notHTML
        /// A paywall stub: only a teaser is readable.
        case paywalled
    }

    public var url: String
    public var canonicalURL: String?
    public var outcome: Outcome
    public var title: String?
    public var siteName: String?
    public var section: String?
    public var breadcrumbs: [String]
    public var authors: [String]
    /// ISO 8601, with the page's own UTC offset kept when it gave one.
    public var publishedAt: String?
    public var modifiedAt: String?
    /// BCP 47 primary language (`en`) from the page's markup or text.
    public var language: String?
    public var dateline: String?
    /// The agency or outlet credited for the story ("Sahar News", "AP").
    public var sourceCredit: String?
    public var tags: [String]
    public var description: String?
    public var imageURL: String?
    /// The article body, one string per paragraph, in reading order.
    public var paragraphs: [String]
    public var related: [RelatedLink]
    public var fetchedAt: Date?
    public var source: String?
    /// Where each metadata field came from (`"title": "json-ld"`), for trust.
    public var provenance: [String: String]

    public init(
        url: String, canonicalURL: String? = nil, outcome: Outcome = .article, title: String? = nil,
        siteName: String? = nil, section: String? = nil, breadcrumbs: [String] = [], authors: [String] = [],
        publishedAt: String? = nil, modifiedAt: String? = nil, language: String? = nil, dateline: String? = nil,
        sourceCredit: String? = nil, tags: [String] = [], description: String? = nil, imageURL: String? = nil,
        paragraphs: [String] = [], related: [RelatedLink] = [], fetchedAt: Date? = nil, source: String? = nil,
        provenance: [String: String] = [:]
    ) {
        self.url = url
        self.canonicalURL = canonicalURL
        self.outcome = outcome
        self.title = title
        self.siteName = siteName
        self.section = section
        self.breadcrumbs = breadcrumbs
        self.authors = authors
        self.publishedAt = publishedAt
        self.modifiedAt = modifiedAt
        self.language = language
        self.dateline = dateline
        self.sourceCredit = sourceCredit
        self.tags = tags
        self.description = description
        self.imageURL = imageURL
        self.paragraphs = paragraphs
        self.related = related
        self.fetchedAt = fetchedAt
        self.source = source
        self.provenance = provenance
    }

    /// The text enrichment offsets point into: paragraphs joined by "\n".
    public var text: String { paragraphs.joined(separator: "\n") }

    /// The key storage upserts on.
    public var storageKey: String { canonicalURL ?? url }
}

public struct RelatedLink: Codable, Sendable, Equatable, Hashable {
    public var title: String
    public var url: String
    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// A parsed article plus everything the enricher found in it. Offsets are in
/// Unicode scalars into `article.text` (as Python counts code points).
public struct EnrichedArticle: Payload, Equatable {
    public static let kind = PayloadKind.enrichedArticle

    public var article: ParsedArticle
    /// Language identified from the text (ISO 639-1) and its confidence.
    public var language: String?
    public var languageConfidence: Double?
    public var entities: [Entity]
    public var places: [Place]
    public var quotes: [Quote]
    public var amounts: [Amount]
    public var dates: [DateMention]
    public var keywords: [String]
    /// Tone in [-1, 1] (VADER-style compound score over the text).
    public var tone: Double?
    /// The lead sentences.
    public var summary: String?
    /// 64-bit SimHash of the text as 16 hex digits, for story clustering.
    public var simhash: String?

    public init(
        article: ParsedArticle, language: String? = nil, languageConfidence: Double? = nil,
        entities: [Entity] = [], places: [Place] = [], quotes: [Quote] = [], amounts: [Amount] = [],
        dates: [DateMention] = [], keywords: [String] = [], tone: Double? = nil, summary: String? = nil,
        simhash: String? = nil
    ) {
        self.article = article
        self.language = language
        self.languageConfidence = languageConfidence
        self.entities = entities
        self.places = places
        self.quotes = quotes
        self.amounts = amounts
        self.dates = dates
        self.keywords = keywords
        self.tone = tone
        self.summary = summary
        self.simhash = simhash
    }
}

/// A character span into the article text (Unicode scalar offsets, end exclusive).
public struct TextSpan: Codable, Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int
    public var text: String
    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

/// One canonical entity of an article with all its mentions.
public struct Entity: Codable, Sendable, Equatable {
    public enum EntityType: String, Codable, Sendable { case PER, ORG, LOC }
    /// Canonical name ("Joseph Votel" for mentions "Gen. Joseph Votel", "Votel").
    public var name: String
    public var type: EntityType
    public var mentions: [TextSpan]
    /// Other names seen for it ("Daesh" for ISIS).
    public var aliases: [String]
    public var count: Int { mentions.count }

    public init(name: String, type: EntityType, mentions: [TextSpan], aliases: [String] = []) {
        self.name = name
        self.type = type
        self.mentions = mentions
        self.aliases = aliases
    }

    enum CodingKeys: String, CodingKey { case name, type, mentions, aliases, count }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(EntityType.self, forKey: .type)
        mentions = try c.decode([TextSpan].self, forKey: .mentions)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encode(mentions, forKey: .mentions)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(count, forKey: .count)
    }
}

/// A place resolved against the gazetteer.
public struct Place: Codable, Sendable, Equatable {
    public var name: String
    public var geonameID: Int?
    /// ISO 3166-1 alpha-2.
    public var countryCode: String?
    public var latitude: Double?
    public var longitude: Double?
    /// `country`, `admin1`, `city`, ...
    public var featureClass: String?
    public var mentions: Int

    public init(
        name: String, geonameID: Int? = nil, countryCode: String? = nil, latitude: Double? = nil,
        longitude: Double? = nil, featureClass: String? = nil, mentions: Int = 1
    ) {
        self.name = name
        self.geonameID = geonameID
        self.countryCode = countryCode
        self.latitude = latitude
        self.longitude = longitude
        self.featureClass = featureClass
        self.mentions = mentions
    }
}

/// A direct quote and who said it.
public struct Quote: Codable, Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    /// The speaker's canonical entity name, when the speaker is a named person
    /// or organisation.
    public var speaker: String?
    /// A described speaker ("a US intelligence official") when unnamed.
    public var speakerRole: String?

    public init(text: String, start: Int, end: Int, speaker: String? = nil, speakerRole: String? = nil) {
        self.text = text
        self.start = start
        self.end = end
        self.speaker = speaker
        self.speakerRole = speakerRole
    }
}

/// A number with its unit and what it counts ("fewer than 2,000 ISIS-K fighters").
public struct Amount: Codable, Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    public var value: Double
    /// `<`, `>`, `~` or `=`.
    public var qualifier: String
    public var unit: String?
    /// What is counted ("ISIS-K fighters").
    public var object: String?

    public init(
        text: String, start: Int, end: Int, value: Double, qualifier: String = "=", unit: String? = nil,
        object: String? = nil
    ) {
        self.text = text
        self.start = start
        self.end = end
        self.value = value
        self.qualifier = qualifier
        self.unit = unit
        self.object = object
    }
}

/// A date or relative date in the text, resolved against the publication date.
public struct DateMention: Codable, Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    /// ISO 8601 date or month (`2018-09`, `2019-02-26`) when resolvable.
    public var resolved: String?
    /// `day`, `month`, `year`, `relative`.
    public var granularity: String

    public init(text: String, start: Int, end: Int, resolved: String?, granularity: String) {
        self.text = text
        self.start = start
        self.end = end
        self.resolved = resolved
        self.granularity = granularity
    }
}

/// Opaque bytes, for benchmarks, pass-through stages and tools.
public struct RawPayload: Payload, Equatable {
    public static let kind = PayloadKind.raw
    public var note: String?
    public var body: Data
    public init(note: String? = nil, body: Data) {
        self.note = note
        self.body = body
    }
    enum CodingKeys: String, CodingKey { case note }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        body = Data()
    }
    public var attachment: Data? { body }
    public mutating func attach(_ data: Data) { body = data }
}
