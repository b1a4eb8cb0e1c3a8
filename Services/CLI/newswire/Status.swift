import ArgumentParser
import Foundation
import PipelineRuntime
import Shared

/// `newswire status`: queues, depths, in flight, workers, rates, dead letters.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the broker's queues, workers and dead letters.")

    @OptionGroup var broker: BrokerOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Refresh every second until Ctrl-C.")
    var watch = false

    func run() async throws {
        _ = CLILogging.bootstrap()
        let client = try broker.client()
        repeat {
            let status = try await client.status()
            if json {
                print(String(decoding: try WireJSON.prettyEncoder.encode(status), as: UTF8.self))
            } else {
                if watch { print("\u{1B}[2J\u{1B}[H", terminator: "") }
                print(StatusTable.render(status))
            }
            if watch { try await Task.sleep(for: .seconds(1)) }
        } while watch
        await client.close()
    }
}

/// Renders a `BrokerStatus` as the terminal table of `newswire status`.
enum StatusTable {
    static func render(_ status: BrokerStatus) -> String {
        var lines: [String] = []
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        lines.append(pad("QUEUE", 10) + lpad("DEPTH", 8) + lpad("DELAYED", 9) + lpad("INFLIGHT", 10) + lpad("WORKERS", 9)
                     + lpad("DONE", 9) + lpad("FAILED", 8) + lpad("DEAD", 6) + lpad("RATE/s", 9))
        for q in status.queues {
            lines.append(pad(q.name, 10) + lpad("\(q.depth)", 8) + lpad("\(q.delayed)", 9) + lpad("\(q.inFlight)", 10)
                         + lpad("\(q.workers)", 9) + lpad("\(q.completed)", 9) + lpad("\(q.failed)", 8)
                         + lpad("\(q.deadLettered)", 6) + lpad(String(format: "%.1f", q.rate), 9))
        }
        lines.append("")
        lines.append("workers: \(status.workers.count)   dead letters: \(status.deadLetters)   uptime: \(Int(status.uptimeSeconds)) s")
        for w in status.workers {
            lines.append("  \(pad(w.name, 40)) \(pad(w.queue, 8)) in flight \(w.inFlight)/\(w.credit)\(w.draining ? " draining" : "")")
        }
        return lines.joined(separator: "\n")
    }
}
