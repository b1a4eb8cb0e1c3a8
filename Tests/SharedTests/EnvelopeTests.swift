import Foundation
import Testing
@testable import Shared

@Suite struct EnvelopeTests {
    @Test func roundTripsThroughWireFrames() throws {
        let page = FetchedPage(
            requestedURL: "https://example.org/a", finalURL: "https://example.org/a", status: 200,
            contentType: "text/html", sourceCharset: "windows-1252", headers: ["etag": "x"],
            fetchedAt: Date(timeIntervalSince1970: 1_700_000_000.5), body: Data("<html>é</html>".utf8))
        let message = try Message(envelope: .new(kind: .raw, producer: "test", key: "example.org"), payload: page)
        let frames = try message.wireFrames()
        #expect(frames.count == 3)
        #expect(frames[2] == page.body)
        let back = try Message(wireFrames: frames)
        #expect(back == message)
        #expect(back.envelope.kind == .fetchedPage)
        #expect(try back.payload(as: FetchedPage.self) == page)
    }

    @Test func rejectsUnknownSchemaVersion() throws {
        var envelope = Envelope.new(kind: .raw, producer: "test")
        envelope.schemaVersion = 99
        let header = try WireJSON.encoder.encode(envelope)
        #expect(throws: MessageError.unsupportedSchemaVersion(99)) { try Message(wireFrames: [header]) }
    }

    @Test func rejectsGarbageHeaders() {
        for garbage in [Data(), Data([0xFF, 0x00, 0x13]), Data("{}".utf8), Data("[1,2]".utf8),
                        Data(#"{"schemaVersion":1,"id":"x"}"#.utf8)] {
            #expect(throws: MessageError.self) { try Message(wireFrames: [garbage]) }
        }
        #expect(throws: MessageError.self) { try Message(wireFrames: []) }
    }

    @Test func derivedIDsAreStableAndDistinct() {
        let parent = Envelope.new(kind: .fetchRequest, producer: "t", id: "abc")
        let a = parent.derived(kind: .fetchedPage, index: 0, producer: "f")
        let b = parent.derived(kind: .fetchedPage, index: 0, producer: "g")
        let c = parent.derived(kind: .fetchedPage, index: 1, producer: "f")
        #expect(a.id == b.id)
        #expect(a.id != c.id)
        #expect(a.traceID == "abc" && a.causationID == "abc")
        #expect(a.id.count == 32)
    }

    @Test func recordingRoundTrips() throws {
        let m = try Message(envelope: .new(kind: .raw, producer: "t"), payload: RawPayload(note: "n", body: Data([0, 1, 2])))
        var data = try Recording.encodeLine(RecordedMessage(queue: "parse", message: m))
        data.append(try Recording.encodeLine(RecordedMessage(queue: "store", message: m)))
        let back = try Recording.decode(data)
        #expect(back.map(\.queue) == ["parse", "store"])
        #expect(back[0].message == m)
        #expect(throws: RecordingError.self) { try Recording.decode(Data("{not json}\n".utf8)) }
    }

    @Test func parsesDatesWithOffsets() throws {
        let a = try #require(WireJSON.parseDate("2026-03-04T08:00:00+02:00"))
        let b = try #require(WireJSON.parseDate("2026-03-04T06:00:00.000Z"))
        #expect(a == b)
        #expect(WireJSON.formatDate(a) == "2026-03-04T06:00:00.000Z")
        #expect(WireJSON.parseDate("not a date") == nil)
    }
}
