@testable import BrokerCore
import Foundation
import Logging
import Shared
import TestSupport
import Testing

/// Message bodies in the append-only segment log: read back checked after a
/// restart, damaged records dead-lettered with the reason, segments deleted
/// once every job in them is retired.
@Suite struct SegmentLogTests {
    /// A PUBLISH of `message` to "in", applied as the reactor would.
    private func publish(_ message: Message, to machine: BrokerMachine) throws {
        let command = [Data("p".utf8), BrokerProtocol.signature, Data("PUBLISH".utf8), Data(message.envelope.id.utf8), Data("in".utf8)]
        machine.handle(InboundCommand(frames: command + (try message.wireFrames())), now: 1)
    }

    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("segment-log-\(UUID().uuidString)").path
    }

    @Test func recordsReadBackAndADamagedOneIsRefused() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try SegmentLog(directory: directory)
        let first = try log.append(Data("first body".utf8))
        let second = try log.append(Data(repeating: 7, count: 100_000))
        try log.sync()
        #expect(try log.read(first) == Data("first body".utf8))
        #expect(try log.read(second) == Data(repeating: 7, count: 100_000))
        // One byte flipped on disk: the CRC refuses the record, its neighbour still reads.
        let path = SegmentLog.path(directory, second.segment)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[Int(second.offset) + 500] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: SegmentLog.Failure.self) { try log.read(second) }
        #expect(try log.read(first) == Data("first body".utf8))
    }

    /// Frames packed straight into the log's buffer make the same record as
    /// packing them first: same bytes, a CRC that checks, neighbours intact.
    @Test func framesPackedInPlaceReadBackAsThePackedPayload() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try SegmentLog(directory: directory, segmentBytes: 1 << 16)
        let frames = [Data("payload json".utf8), Data(repeating: 9, count: 30_000), Data()]
        let before = try log.append(Data("before".utf8))
        let packed = try log.append(frames: frames)
        // Past the segment's size: the log rotates, and the record still frames its CRC.
        let rotated = try log.append(frames: [Data(repeating: 3, count: 40_000)])
        try log.sync()
        #expect(packed.length == Int64(FramePacking.pack(frames).count))
        #expect(try log.read(packed) == FramePacking.pack(frames))
        #expect(try FramePacking.unpack(log.read(packed)) == frames)
        #expect(try log.read(before) == Data("before".utf8))
        #expect(rotated.segment == packed.segment + 1)
        #expect(try FramePacking.unpack(log.read(rotated)) == [Data(repeating: 3, count: 40_000)])
    }

    @Test func aSegmentIsDeletedOnceItsLastJobIsRetired() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try SegmentLog(directory: directory, segmentBytes: 1 << 16)
        // 40 KB records: each segment of 64 KB holds one, so every append after the first rotates.
        let locations = try (0..<4).map { _ in try log.append(Data(repeating: 1, count: 40_000)) }
        try log.sync()
        #expect(Set(locations.map(\.segment)).count == 4)
        #expect(SegmentLog.segments(in: directory).count == 4)
        // Retiring the record of a closed segment frees it; the active one stays.
        log.delete(log.release(locations[0]))
        log.delete(log.release(locations[3]))
        #expect(Set(SegmentLog.segments(in: directory)) == Set(locations[1...3].map(\.segment)))
    }

    @Test func bodiesLiveInTheLogAndSurviveARestart() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = BrokerConfiguration(dataDirectory: directory, extraQueues: ["in"])
        var machine: BrokerMachine? = try BrokerMachine(configuration: configuration, logger: Logger(label: "segment-test"))
        let messages = try rawMessages(20, size: 5_000, prefix: "s")
        for message in messages { try publish(message, to: machine!) }
        try machine!.commit()
        machine = nil
        // The job rows hold no bodies: those are in the segment files.
        let segmentBytes = SegmentLog.segments(in: directory + "/segments").reduce(0) { total, segment in
            total + ((try? FileManager.default.attributesOfItem(atPath: SegmentLog.path(directory + "/segments", segment))[.size] as? Int) ?? 0)
        }
        #expect(segmentBytes >= 20 * 5_000)
        let store = try BrokerStore(directory: directory)
        let jobs = try store.loadLiveJobs()
        #expect(jobs.count == 20)
        #expect(jobs.allSatisfy { $0.damaged == nil && $0.bodies.reduce(0) { $0 + $1.count } >= 5_000 })
        let expected = try messages.map { try $0.wireFrames().dropFirst() }
        #expect(jobs.map { Array($0.bodies) } == expected.map { Array($0) })
    }

    @Test func aJobWhoseBodyIsDamagedBecomesADeadLetterSayingWhy() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = BrokerConfiguration(dataDirectory: directory, extraQueues: ["in"])
        var machine: BrokerMachine? = try BrokerMachine(configuration: configuration, logger: Logger(label: "segment-test"))
        let message = try rawMessages(1, size: 2_000, prefix: "d")[0]
        try publish(message, to: machine!)
        try machine!.commit()
        machine = nil
        for segment in SegmentLog.segments(in: directory + "/segments") {
            let url = URL(fileURLWithPath: SegmentLog.path(directory + "/segments", segment))
            var bytes = try Data(contentsOf: url)
            if bytes.count > 100 { bytes[bytes.count - 10] ^= 0xFF }
            try bytes.write(to: url)
        }
        let reopened = try BrokerMachine(configuration: configuration, logger: Logger(label: "segment-test"))
        try reopened.commit()
        #expect(reopened.jobCount == 0)
        #expect(reopened.deadLetterCount == 1)
        let letters = try BrokerStore(directory: directory).listDeadLetters(limit: 10)
        #expect(letters.count == 1 && letters[0].error.contains("CRC"), "\(letters)")
    }
}
