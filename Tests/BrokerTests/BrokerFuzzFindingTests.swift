import Foundation
import Shared
import TestSupport
import Testing

/// The broker-frames inputs the fuzzer saved (Fuzz/crashes/broker-frames),
/// replayed the way the target reads them: frames split at 0x00 bytes.
@Suite struct BrokerFuzzFindingTests {
    /// `+022222222211`: an output count of 22 billion once reserved that
    /// much capacity and trapped; now the DONE is refused as malformed.
    @Test func hugeOutputCountIsRefused() throws {
        let frames = FuzzReproducers.frames(
            try FuzzReproducers.input("broker-frames", "crash-6372e452901ae878c9846e29346837381fe1a10f"))
        #expect(frames.count == 1)
        #expect(BrokerProtocol.int(frames[0]) == 22_222_222_211)
        #expect(BrokerProtocol.decodeOutputs(frames[...]) == nil)
    }

    /// Every saved input, present and future, decodes or is refused.
    @Test(arguments: FuzzReproducers.names("broker-frames"))
    func savedInputNoLongerTraps(name: String) throws {
        let frames = FuzzReproducers.frames(try FuzzReproducers.input("broker-frames", name))
        _ = BrokerProtocol.decodeOutputs(frames[...])
        _ = BrokerProtocol.decodeOutputs(frames.dropFirst())
        if let first = frames.first { _ = try? Envelope.decodeHeader(first) }
        _ = try? Message(wireFrames: frames)
    }
}
