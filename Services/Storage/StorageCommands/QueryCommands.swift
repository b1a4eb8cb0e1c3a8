// The query commands of the archive (search, show, export, import, stats),
// shared by `newswire-storage` and the `newswire` CLI so both behave the same.
import ArgumentParser
import Foundation
import StorageCore

public struct DatabaseOptions: ParsableArguments {
    public init() {}

    @Option(help: "SQLite database file or postgres:// URL (env NEWSWIRE_DATABASE).")
    var database: String = ArticleRepositories.defaultLocation()

    /// Read-only commands refuse to create an empty database at a mistyped path.
    public func open() async throws -> any ArticleRepository {
        try await ArticleRepositories.open(database, mustExist: true)
    }

    /// For servers that must never write: SQLite opened read-only,
    /// PostgreSQL sessions that refuse writes.
    public func openReadOnly() async throws -> any ArticleRepository {
        try await ArticleRepositories.open(database, readOnly: true)
    }
}

/// A failure to report without the usage text (ValidationError prints usage).
public struct CommandFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

public func jsonLine<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONEncoder.storageOutput.encode(value), as: UTF8.self) + "\n"
}

extension JSONEncoder {
    public static var storageOutput: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}


public struct Search: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Full-text search over titles and text.",
        discussion: """
            Words must all match; "quoted phrases" match as phrases; word* matches a prefix; \
            OR between two terms matches either. Other punctuation is text, never an error.
            """)

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "Words to search for (none: newest articles).") var query: [String] = []
    @Option(help: "Only articles mentioning this entity (canonical name or alias).") var entity: String?
    @Option(help: "Only articles published since a date (2026-11-01, an ISO time) or an age (36h, 7d, 2w).")
    var since: String?
    @Option(help: "Only articles published before a date or an age, as --since.") var until: String?
    @Option(help: "Only articles mentioning this place (its name).") var place: String?
    @Option(help: "Only articles in this language (ISO 639-1 code, e.g. en).") var language: String?
    @Option(help: "Only articles from this outlet (its site name).") var source: String?
    @Option(help: "At most this many results.") var limit = 20
    @Flag(help: "One line per story: near-duplicate articles collapse into their best match.")
    var onePerStory = false
    @Flag(help: "Print JSON Lines instead of text.") var json = false

    public init() {}

    static func date(_ text: String?, flag: String) throws -> Date? {
        guard let text else { return nil }
        guard let parsed = SinceDate.parse(text) else {
            throw ValidationError("--\(flag): expected a date (2026-11-01), an ISO time or an age (36h, 7d), got '\(text)'")
        }
        return parsed
    }

    public func run() async throws {
        let repository = try await options.open()
        let results = try await repository.search(SearchQuery(
            text: query.isEmpty ? nil : query.joined(separator: " "), entity: entity, place: place, language: language,
            source: source, since: try Self.date(since, flag: "since"), until: try Self.date(until, flag: "until"),
            limit: limit, onePerStory: onePerStory))
        writeOut(json ? try results.map(jsonLine).joined() : StorageFormatting.searchResults(results))
    }
}

public struct Show: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Show one stored article with its enrichment.")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "Article id (from search) or URL.") var article: String
    @Flag(help: "Print the stored article as JSON.") var json = false

    public init() {}

    public func run() async throws {
        let repository = try await options.open()
        let stored = if let id = Int64(article) {
            try await repository.article(id: id)
        } else {
            try await repository.article(url: article)
        }
        guard let stored else { throw CommandFailure("no stored article \(article)") }
        writeOut(json ? try jsonLine(stored) : StorageFormatting.article(stored))
    }
}

public struct Export: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Export every stored article, one JSON object per line.")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "JSON Lines (the only format, and required so the format stays explicit).") var jsonl = false
    @Option(help: "Write to this file instead of standard output.") var output: String?

    public func validate() throws {
        guard jsonl else { throw ValidationError("choose a format: --jsonl") }
    }

    public init() {}

    public func run() async throws {
        let repository = try await options.open()
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw CommandFailure("cannot create \(output)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = FileHandle.standardOutput
        }
        let writer = JSONLinesWriter(handle: handle)
        let count = try await repository.exportJSONLines { try writer.write($0) }
        try writer.flush()
        if output != nil {
            try handle.close()
            FileHandle.standardError.write(Data("exported \(count) articles to \(output!)\n".utf8))
        }
    }
}

public struct Import: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Store articles from an export or a recording of store-queue envelopes (idempotent).")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "JSON Lines file: `export --jsonl` output or recorded envelopes.") var jsonl: String

    public init() {}

    public func run() async throws {
        let repository = try await ArticleRepositories.open(options.database)
        let summary = try await JSONLinesImporter.importLines(
            try Data(contentsOf: URL(fileURLWithPath: jsonl)), into: repository)
        writeOut("""
            \(summary.lines) lines: \(summary.inserted) inserted, \(summary.updated) updated, \
            \(summary.unchanged) unchanged (\(summary.pageOutcomes) non-article pages)

            """)
    }
}

public struct Stats: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Counts of stored articles, outcomes, top entities and places.")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "How many top entities and places.") var top = 10
    @Flag(help: "Print JSON.") var json = false

    public init() {}

    public func run() async throws {
        let stats = try await options.open().stats(top: top)
        writeOut(json ? try jsonLine(stats) : StorageFormatting.stats(stats))
    }
}

