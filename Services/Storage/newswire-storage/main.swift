// newswire-storage: the storage stage's executable. The query subcommands
// (search, show, export, stats) open the database named by --database or
// NEWSWIRE_DATABASE; all logic and formatting live in StorageCore, which the
// `newswire` CLI calls the same way.
import ArgumentParser
import Foundation
import StorageCore

/// `--database`, shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file (env NEWSWIRE_DATABASE).")
    var database: String = ArticleRepositories.defaultLocation()

    /// Read-only commands refuse to create an empty database at a mistyped path.
    func open() throws -> any ArticleRepository {
        try ArticleRepositories.open(database, mustExist: true)
    }
}

/// A failure to report without the usage text (ValidationError prints usage).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

func jsonLine<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONEncoder.storageOutput.encode(value), as: UTF8.self) + "\n"
}

extension JSONEncoder {
    static var storageOutput: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

struct NewswireStorage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-storage",
        abstract: "Newswire's storage: the archive of stored articles and the queries over it.",
        subcommands: [RunCommand.self, Search.self, Show.self, Export.self, Import.self, Stats.self, Bench.self],
        defaultSubcommand: RunCommand.self)
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
    @Option(help: "At most this many results.") var limit = 20
    @Flag(help: "One line per story: near-duplicate articles collapse into their best match.")
    var onePerStory = false
    @Flag(help: "Print JSON Lines instead of text.") var json = false

    func run() async throws {
        var sinceDate: Date?
        if let since {
            guard let parsed = SinceDate.parse(since) else {
                throw ValidationError("--since: expected a date (2026-11-01), an ISO time or an age (36h, 7d), got '\(since)'")
            }
            sinceDate = parsed
        }
        let repository = try options.open()
        let results = try await repository.search(SearchQuery(
            text: query.isEmpty ? nil : query.joined(separator: " "), entity: entity, since: sinceDate, limit: limit,
            onePerStory: onePerStory))
        writeOut(json ? try results.map(jsonLine).joined() : StorageFormatting.searchResults(results))
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one stored article with its enrichment.")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "Article id (from search) or URL.") var article: String
    @Flag(help: "Print the stored article as JSON.") var json = false

    func run() async throws {
        let repository = try options.open()
        let stored = if let id = Int64(article) {
            try await repository.article(id: id)
        } else {
            try await repository.article(url: article)
        }
        guard let stored else { throw CommandFailure("no stored article \(article)") }
        writeOut(json ? try jsonLine(stored) : StorageFormatting.article(stored))
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export every stored article, one JSON object per line.")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "JSON Lines (the only format, and required so the format stays explicit).") var jsonl = false
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        guard jsonl else { throw ValidationError("choose a format: --jsonl") }
    }

    func run() async throws {
        let repository = try options.open()
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

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store articles from an export or a recording of store-queue envelopes (idempotent).")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "JSON Lines file: `export --jsonl` output or recorded envelopes.") var jsonl: String

    func run() async throws {
        let repository = try ArticleRepositories.open(options.database)
        let summary = try await JSONLinesImporter.importLines(
            try Data(contentsOf: URL(fileURLWithPath: jsonl)), into: repository)
        writeOut("""
            \(summary.lines) lines: \(summary.inserted) inserted, \(summary.updated) updated, \
            \(summary.unchanged) unchanged (\(summary.pageOutcomes) non-article pages)

            """)
    }
}

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counts of stored articles, outcomes, top entities and places.")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "How many top entities and places.") var top = 10
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let stats = try await options.open().stats(top: top)
        writeOut(json ? try jsonLine(stats) : StorageFormatting.stats(stats))
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure writes, redeliveries and searches on synthetic articles in a scratch database.")

    @Option(help: "Articles to write.") var articles = 2000
    @Option(help: "Commit durability: full (fsync every commit) or normal (crash-safe, fsync at checkpoints).")
    var durability = "full"
    @Option(help: "Directory for the scratch database (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.appendingPathComponent("newswire-storage-bench").path

    func run() async throws {
        guard let mode = SQLiteArticleRepository.Durability(rawValue: durability) else {
            throw ValidationError("--durability: full or normal")
        }
        let figures = try await StorageBenchmark.run(
            articles: articles, durability: mode, in: URL(fileURLWithPath: directory))
        writeOut(String(
            format: """
                articles %d: inserts %.0f/s, redeliveries %.0f/s, searches %.0f/s (every article matches), \
                %.0f/s (one title phrase), database %.1f MB\n
                """,
            figures.articles, figures.insertsPerSecond, figures.redeliveriesPerSecond, figures.broadSearchesPerSecond,
            figures.selectiveSearchesPerSecond,
            Double(figures.databaseBytes) / 1_048_576))
    }
}

// In top-level code `await NewswireStorage.main()` resolves to ArgumentParser's
// synchronous `main()`, which refuses async commands; inside an async function
// the async overload is chosen.
func entryPoint() async {
    await NewswireStorage.main()
}

await entryPoint()
