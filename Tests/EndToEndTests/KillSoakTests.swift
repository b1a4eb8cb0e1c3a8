import Foundation
import PipelineRuntime
import SampleSiteCore
import Shared
import StorageCore
import TestSupport
import Testing

/// The small version of `make soak` (scripts/soak/soak.sh) that `make test`
/// runs: the whole pipeline as real processes over a thousand distinct
/// sample pages while random processes, the broker among them, are killed
/// with SIGKILL and restarted. Each kill waits for the pipeline to make
/// progress since the last one (no fixed sleeps). At the end every page
/// must be stored exactly once, with nothing dead-lettered.
@Suite(.serialized) struct KillSoakTests {
    static let copies = 25
    static let kills = 10
    /// Job completions (any queue) between two kills, so kills land while
    /// work is in flight and the run still ends well under a minute and a half.
    static let progressBetweenKills = 200

    @Test func everyPageStoredExactlyOnceAcrossKills() async throws {
        let started = Date()
        let h = try ProcessHarness(name: "kill-soak")
        let site = try SoakSite(copies: Self.copies, in: h.directory.appendingPathComponent("site"))
        let server = try SampleSiteServer(root: site.root)
        let base = "http://127.0.0.1:\(try await server.start(host: "127.0.0.1", port: 0))"
        let pipeline = SoakPipeline(harness: h, endpoint: ProcessHarness.endpoint())
        try pipeline.startAll()
        let client = try BrokerClient(endpoint: pipeline.endpoint, requestTimeout: 2)
        let requests = try site.urls(base: base).map { url in
            try Message(envelope: .new(kind: .fetchRequest, producer: "soak-test", key: "127.0.0.1"),
                        payload: FetchRequest(url: url, target: .article, source: "soak"))
        }
        #expect(try await client.publish(requests, to: QueueName.fetch).stored == requests.count)

        var victims = SoakPipeline.victims(count: Self.kills)
        var baseline = 0
        while let victim = victims.popLast() {
            let progressed = try await eventually(timeout: 60, interval: 0.05) {
                guard let done = try? await client.status().queues.reduce(0, { $0 + $1.completed }) else { return false }
                return done - baseline >= Self.progressBetweenKills
            }
            #expect(progressed, "no progress before killing \(victim)\n\(h.log("broker.log").suffix(2000))")
            try pipeline.kill9AndRestart(victim)
            // The broker's counters may start again from zero: measure from what it says now.
            _ = try await eventually(timeout: 20, interval: 0.05) {
                guard let done = try? await client.status().queues.reduce(0, { $0 + $1.completed }) else { return false }
                baseline = done
                return true
            }
        }

        #expect(try await pipeline.waitIdle(client), "pipeline did not settle\n\(h.log("broker.log").suffix(3000))")
        let dead = try await client.deadLetters()
        #expect(dead.isEmpty, "dead letters: \(dead.map { "\($0.originQueue) \($0.error)" })")
        await client.close()
        pipeline.stopAll()
        try await server.stop()

        let keys = try await storedKeys(database: pipeline.database)
        let stored = Set(keys)
        let duplicated = Dictionary(grouping: keys, by: { $0 }).filter { $1.count > 1 }.keys.sorted()
        let lost = site.pages(base: base).filter { stored.isDisjoint(with: $0.keys) }.map(\.url)
        let extra = stored.subtracting(site.pages(base: base).flatMap(\.keys)).sorted()
        print("kill soak: \(requests.count) pages, \(Self.kills) kills, \(stored.count) articles stored, "
              + "lost \(lost.count), duplicated \(duplicated.count), \(Int(Date().timeIntervalSince(started))) s")
        #expect(requests.count == Self.copies * site.articlesPerCopy)
        #expect(duplicated.isEmpty, "stored twice: \(duplicated)")
        #expect(lost.isEmpty, "lost: \(lost)")
        #expect(extra.isEmpty, "stored but never submitted: \(extra)")
    }

    /// The storage key of every stored row, duplicates kept.
    private func storedKeys(database: String) async throws -> [String] {
        let repository = try await ArticleRepositories.open(database, mustExist: true)
        let lines = Lines()
        _ = try await repository.exportJSONLines { lines.append($0) }
        return try lines.all.map { try WireJSON.decoder.decode(StoredArticle.self, from: $0).article.article.storageKey }
    }
}
