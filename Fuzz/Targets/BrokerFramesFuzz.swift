// libFuzzer target: what the broker decodes from a client's frames: DONE
// outputs (frame counts from input) and the envelope header of a message.
// Frames are the input split at 0x00 bytes.
import Foundation
import Shared

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBrokerFrames(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let frames = bytes.split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
    _ = BrokerProtocol.decodeOutputs(frames[...])
    _ = BrokerProtocol.decodeOutputs(frames.dropFirst())
    if let first = frames.first {
        _ = BrokerProtocol.int(first)
        _ = try? Envelope.decodeHeader(first)
    }
    _ = try? Message(wireFrames: frames)
    return 0
}
