import ArgumentParser
import EnricherCore
import Foundation
import Shared

/// Throughput of the whole enricher (every enrichment, not NER alone) on one
/// core: texts in memory, one warm-up pass, then the median of timed runs.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure enricher throughput in tokens/s on one core (texts from JSON Lines {\"text\"}).")

    @Option(name: .long, help: "JSON Lines file with a \"text\" field per line (default: the NER bench sets).")
    var jsonl: [String] = []

    @Option(name: .long, help: "Timed runs; the median is reported.")
    var runs: Int = 5

    @Option(name: .long, help: "Repeat the texts until each run has at least this many tokens.")
    var minTokens: Int = 200_000

    static func threadCPUNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func run() async throws {
        let enricher = try Enricher()
        let files = jsonl.isEmpty
            ? ["../shared/bench/ner/gum-news.jsonl", "../shared/bench/ner/seed.jsonl"] : jsonl
        var texts: [String] = []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            for line in data.split(separator: 0x0A) where !line.isEmpty {
                if let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                   let text = object["text"] as? String {
                    texts.append(text)
                }
            }
        }
        guard !texts.isEmpty else { throw ValidationError("no texts in \(files)") }
        let articles = texts.map {
            ParsedArticle(url: "bench:", publishedAt: "2019-03-02T09:14:00Z",
                          paragraphs: $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        // Tokens as the enricher counts them (words, numbers, punctuation).
        let perPass = articles.reduce(0) { $0 + enricher.tokenCount($1.text) }
        let passes = max(1, (minTokens + perPass - 1) / perPass)
        var sink = 0
        for a in articles { sink &+= enricher.enrich(a).entities.count }  // warm-up
        // Wall clock, and the thread's CPU time: on a shared machine the CPU
        // figure is the one-core throughput, the wall figure what this run got.
        var wallRates: [Double] = []
        var cpuRates: [Double] = []
        for _ in 0..<runs {
            let wallStart = DispatchTime.now().uptimeNanoseconds
            let cpuStart = Self.threadCPUNanoseconds()
            for _ in 0..<passes {
                for a in articles { sink &+= enricher.enrich(a).entities.count }
            }
            let cpu = Double(Self.threadCPUNanoseconds() - cpuStart) / 1e9
            let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
            wallRates.append(Double(perPass * passes) / wall)
            cpuRates.append(Double(perPass * passes) / cpu)
        }
        wallRates.sort()
        cpuRates.sort()
        print("documents \(articles.count), tokens per pass \(perPass), passes per run \(passes), runs \(runs)")
        print("wall tokens/s per run: " + wallRates.map { String(Int($0)) }.joined(separator: " "))
        print("median tokens/s (wall clock): \(Int(wallRates[wallRates.count / 2]))")
        print("median tokens/s (thread CPU time, one core): \(Int(cpuRates[cpuRates.count / 2]))  (checksum \(sink))")
    }
}
