import Foundation
import Shared
import Testing
@testable import StorageCore

@Suite("Story clusters")
struct ClusterTests {
    @Test(arguments: Backend.allCases)
    func syndicatedCopiesShareAClusterAndADifferentStoryDoesNot(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let a = Fixtures.enriched(Fixtures.wireStory(outlet: "Daily Herald", url: "https://herald.example/floods"))
            let b = Fixtures.enriched(Fixtures.wireStory(outlet: "Evening Post", url: "https://post.example/delta-floods"))
            let c = Fixtures.enriched(Fixtures.differentStory(url: "https://biz.example/rates"))
            let ha = try #require(a.simhash.flatMap(SimHashFingerprint.init(hex:)))
            let hb = try #require(b.simhash.flatMap(SimHashFingerprint.init(hex:)))
            let hc = try #require(c.simhash.flatMap(SimHashFingerprint.init(hex:)))
            // The premise: the copies are near, the other story is far.
            #expect(ha != hb)
            #expect(ha.distance(to: hb) <= 3)
            #expect(ha.distance(to: hc) > 10)

            let ra = try await repository.store(a)
            let rb = try await repository.store(b)
            let rc = try await repository.store(c)
            #expect(ra.clusterID == rb.clusterID)
            #expect(rc.clusterID != ra.clusterID)

            let all = try await repository.search(SearchQuery(text: "floods OR interest"))
            #expect(all.count == 3)
            let stories = try await repository.search(SearchQuery(text: "floods OR interest", onePerStory: true))
            #expect(stories.count == 2)
            let flood = try #require(stories.first { $0.clusterID == ra.clusterID })
            #expect(flood.clusterSize == 2)
            #expect(stories.first { $0.clusterID == rc.clusterID }?.clusterSize == 1)
            // Without text too.
            #expect(try await repository.search(SearchQuery(onePerStory: true)).count == 2)

            let stats = try await repository.stats(top: 3)
            #expect(stats.storyClusters == 2)
            #expect(stats.multiArticleStories == 1)
        }
    }

    /// Exact fingerprints: the band look-up finds matches up to distance 3
    /// wherever the differing bits fall, and nothing beyond the limit.
    @Test(arguments: Backend.allCases)
    func bandLookupFindsEveryMatchWithinTheLimit(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let base: UInt64 = 0x0123_4567_89AB_CDEF
            func store(_ name: String, _ value: UInt64) async throws -> StoreResult {
                var article = Fixtures.enriched(Fixtures.parsed(url: "https://x.example/\(name)", title: name))
                article.simhash = SimHashFingerprint(value).hex
                return try await repository.store(article)
            }
            let origin = try await store("origin", base)
            // Three bits flipped, in three different bands: one band still equal.
            let three = try await store("three", base ^ (1 << 0 | 1 << 20 | 1 << 40))
            #expect(three.clusterID == origin.clusterID)
            // Four bits, one per band: no band equal, distance 4 > 3.
            let four = try await store("four", base ^ (1 << 5 | 1 << 21 | 1 << 37 | 1 << 53))
            #expect(four.clusterID != origin.clusterID)
            // Three bits all in the top band: bands 1-3 equal.
            let sameBand = try await store("same-band", base ^ (1 << 63 | 1 << 62 | 1 << 48))
            #expect(sameBand.clusterID == origin.clusterID)
            // Far from everything.
            let far = try await store("far", ~base)
            #expect(far.clusterID != origin.clusterID && far.clusterID != four.clusterID)
        }
    }

    @Test(arguments: Backend.allCases)
    func largerLimitScansAndStillMatches(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open(clusterDistance: 5)
            let base: UInt64 = 0xFEDC_BA98_7654_3210
            func store(_ name: String, _ value: UInt64) async throws -> StoreResult {
                var article = Fixtures.enriched(Fixtures.parsed(url: "https://x.example/\(name)", title: name))
                article.simhash = SimHashFingerprint(value).hex
                return try await repository.store(article)
            }
            let origin = try await store("origin", base)
            let five = try await store("five", base ^ (1 << 1 | 1 << 17 | 1 << 33 | 1 << 49 | 1 << 50))
            #expect(five.clusterID == origin.clusterID)
            let six = try await store("six", base ^ 0b11_1111 << 8)
            #expect(six.clusterID != origin.clusterID)
        }
    }

    @Test(arguments: Backend.allCases)
    func anArticleWhoseTextChangesLeavesItsCluster(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            let a = try await repository.store(Fixtures.enriched(Fixtures.wireStory(outlet: "A", url: "https://a.example/1")))
            let b = try await repository.store(Fixtures.enriched(Fixtures.wireStory(outlet: "B", url: "https://b.example/1")))
            #expect(a.clusterID == b.clusterID)
            // b's page is replaced by another story.
            let rewritten = try await repository.store(
                Fixtures.enriched(Fixtures.differentStory(url: "https://b.example/1")))
            #expect(rewritten.change == .updated)
            #expect(rewritten.clusterID != a.clusterID)
            #expect(try await repository.article(id: a.articleID!)?.clusterSize == 1)
            #expect(try await repository.stats(top: 1).storyClusters == 2)
        }
    }

    @Test func fingerprintParsing() {
        #expect(SimHashFingerprint(hex: "00000000000000ff")?.value == 255)
        #expect(SimHashFingerprint(hex: "FFFFFFFFFFFFFFFF")?.value == .max)
        #expect(SimHashFingerprint(hex: "1ffffffffffffffff") == nil)
        #expect(SimHashFingerprint(hex: "-1") == nil)
        #expect(SimHashFingerprint(hex: "xyz") == nil)
        #expect(SimHashFingerprint(0x0001_0002_0003_0004).bands == [1, 2, 3, 4])
        #expect(SimHashFingerprint(255).hex == "00000000000000ff")
    }
}

@Suite("Story clusters, odd input")
struct ClusterOddInputTests {
    @Test(arguments: Backend.allCases)
    func malformedOrMissingFingerprintsGetTheirOwnStory(backend: Backend) async throws {
        try await withTemporaryDatabase(backend) { database in
            let repository = try await database.open()
            var malformed = Fixtures.enriched(Fixtures.wireStory(outlet: "A", url: "https://a.example/1"))
            malformed.simhash = "not-hex"
            var missing = Fixtures.enriched(Fixtures.wireStory(outlet: "B", url: "https://b.example/1"))
            missing.simhash = nil
            let a = try await repository.store(malformed)
            let b = try await repository.store(missing)
            let c = try await repository.store(Fixtures.wireStory(outlet: "C", url: "https://c.example/1"))
            #expect(Set([a.clusterID, b.clusterID, c.clusterID]).count == 3)
            #expect(try await repository.article(id: a.articleID!)?.article.simhash == nil)
        }
    }
}
