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
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<passes {
                for a in articles { sink &+= enricher.enrich(a).entities.count }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(perPass * passes) / seconds)
        }
        rates.sort()
        let median = rates[rates.count / 2]
        print("documents \(articles.count), tokens per pass \(perPass), passes per run \(passes), runs \(runs)")
        print("runs tokens/s: " + rates.map { String(Int($0)) }.joined(separator: " "))
        print("median tokens/s: \(Int(median))  (checksum \(sink))")
    }
}
