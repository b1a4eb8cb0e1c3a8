// newswire-parser: the parser stage's executable. A thin layer over
// ParserCore: `extract` runs the extractor on files or the benchmark set,
// `bench` measures single-thread pages/s. (The service subcommand, which
// connects ParseStage to the broker, plugs in beside them.)
import ArgumentParser
import Foundation
import ParserCore
import PipelineRuntime
import Shared

@main
struct NewswireParser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswire-parser",
        abstract: "Newswire's parser stage: HTML pages into clean articles.",
        subcommands: [RunCommand.self, Extract.self, Bench.self], defaultSubcommand: RunCommand.self)
}

struct ParserCLIError: Error, CustomStringConvertible {
    var description: String
}

/// Reads a gzip file by piping it through `gzip -dc` (Foundation on Linux has
/// no gzip API; this keeps zlib out of ParserCore).
func gunzip(_ path: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ParserCLIError(description: "gzip -dc \(path) failed") }
    return data
}

/// The benchmark set: ids, URLs and page bytes, loaded into memory.
struct BenchSet {
    var pages: [(id: String, url: String, html: Data)] = []

    init(directory: String) throws {
        let truthURL = URL(fileURLWithPath: directory).appendingPathComponent("ground-truth.json")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: truthURL)) as? [String: Any] ?? [:]
        for id in truth.keys.sorted() {
            let url = ((truth[id] as? [String: Any])?["url"] as? String) ?? ""
            let html = try gunzip("\(directory)/html/\(id).html.gz")
            pages.append((id, url, html))
        }
    }
}

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract articles: one page as ParsedArticle JSON, or a benchmark set as predictions.")

    @Option(help: "A benchmark directory (ground-truth.json, html/<id>.html.gz): prints {id: {articleBody, date}}.")
    var bench: String?

    @Option(help: "One HTML file (any charset): prints its ParsedArticle.")
    var html: String?

    @Option(help: "The page's URL (for relative links and URL dates).")
    var url: String?

    @Option(help: "The HTTP Content-Type the page came with (for its charset).")
    var contentType: String?

    func run() async throws {
        let extractor = ArticleExtractor()
        if let bench {
            let set = try BenchSet(directory: bench)
            var output: [String: [String: String]] = [:]
            for page in set.pages {
                let article = extractor.extract(html: page.html, url: page.url)
                output[page.id] = [
                    "articleBody": article.paragraphs.joined(separator: "\n"),
                    "date": article.publishedAt.map { String($0.prefix(10)) } ?? "",
                ]
            }
            let data = try WireJSON.encoder.encode(output)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else if let html {
            let data = try Data(contentsOf: URL(fileURLWithPath: html))
            let pageURL = url ?? URL(fileURLWithPath: html).absoluteString
            let article = extractor.extract(html: data, url: pageURL, contentType: contentType)
            FileHandle.standardOutput.write(try WireJSON.prettyEncoder.encode(article))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            throw ValidationError("give --bench DIR or --html FILE")
        }
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Single-thread extraction speed on a benchmark set (pages in memory, warm-up, median of runs).")

    @Option(help: "The benchmark directory.")
    var bench: String

    @Option(help: "Timed passes after the warm-up.")
    var runs: Int = 5

    func run() async throws {
        let set = try BenchSet(directory: bench)
        let extractor = ArticleExtractor()
        var sink = 0
        /// This thread's CPU time: on a shared machine, wall time also counts other processes' turns.
        func threadCPUSeconds() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        func pass() -> (wall: Double, cpu: Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = threadCPUSeconds()
            for page in set.pages {
                sink &+= extractor.extract(html: page.html, url: page.url).paragraphs.count
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = threadCPUSeconds() - cpuStart
            return (Double(set.pages.count) / seconds, Double(set.pages.count) / cpu)
        }
        _ = pass()
        var rates: [(wall: Double, cpu: Double)] = []
        for _ in 0..<max(1, runs) { rates.append(pass()) }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let bytes = set.pages.reduce(0) { $0 + $1.html.count }
        print("pages: \(set.pages.count) (\(bytes / 1024) KiB), runs: \(rates.count), checksum: \(sink)")
        print("runs (pages/s, wall): " + rates.map { String(format: "%.1f", $0.wall) }.joined(separator: " "))
        print("runs (pages/s, thread CPU): " + rates.map { String(format: "%.1f", $0.cpu) }.joined(separator: " "))
        print(String(format: "median: %.1f pages/s wall, %.1f pages/s per CPU-second", median(rates.map(\.wall)), median(rates.map(\.cpu))))
    }
}

// Connects to the broker (DEALER -> ROUTER, --broker) and consumes `parse`:
// articles go on to `enrich`, other outcomes straight to `store`.

/// `newswire-parser run`: the parse stage as a service (the default command).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Consume the parse queue until SIGTERM.")

    @OptionGroup var worker: WorkerOptions

    func run() async throws {
        let logger = worker.makeLogger(label: "newswire-parser")
        let stage = ParseStage(producerName: worker.workerName(stage: "newswire-parser"))
        try await worker.runStage(stage, label: "newswire-parser", logger: logger)
    }
}
