import Foundation
import Testing
@testable import ZeroMQ

/// The wrapper over real libzmq sockets on inproc and loopback tcp.
@Suite struct SocketTests {
    @Test func dealerRouterMultipartRoundTrip() throws {
        let context = try Context()
        defer { context.terminate() }
        let router = try context.makeSocket(.router)
        let dealer = try context.makeSocket(.dealer)
        defer { dealer.close(); router.close() }
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint()
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        try dealer.connect(endpoint)
        let frames = [Data("hello".utf8), Data(), Data(repeating: 7, count: 100_000)]
        #expect(try dealer.send(frames))
        var poller = Poller()
        poller.add(router)
        let ready = try poller.poll(timeoutMs: 2000)
        #expect(ready == 1)
        let received = try #require(try router.receive())
        #expect(received.count == 4)  // identity + our three frames
        #expect(Array(received.dropFirst()) == frames)
        try router.send([received[0], Data("back".utf8)])
        #expect(try dealer.receive() == [Data("back".utf8)])
    }

    @Test func nonBlockingReceiveAndPollTimeout() throws {
        let context = try Context()
        defer { context.terminate() }
        let pull = try context.makeSocket(.pull)
        defer { pull.close() }
        try pull.bind("inproc://empty")
        #expect(try pull.receive(dontWait: true) == nil)
        var poller = Poller()
        poller.add(pull)
        let ready = try poller.poll(timeoutMs: 20)
        let readable = poller.isReadable(0)
        #expect(ready == 0)
        #expect(!readable)
    }

    @Test func errorsCarryErrnoOperationAndEndpoint() throws {
        let context = try Context()
        defer { context.terminate() }
        let socket = try context.makeSocket(.pull)
        defer { socket.close() }
        do {
            try socket.bind("tcp://not-an-address:-1")
            Issue.record("bind to a bad endpoint succeeded")
        } catch let error as ZMQError {
            #expect(error.operation == "zmq_bind")
            #expect(error.endpoint == "tcp://not-an-address:-1")
            #expect(error.code != 0)
            #expect(error.description.contains("zmq_bind tcp://not-an-address:-1"))
        }
    }

    @Test func wakeupPipeWakesThePoller() throws {
        let context = try Context()
        defer { context.terminate() }
        let pipe = try WakeupPipe()
        var poller = Poller()
        poller.add(fileDescriptor: pipe.fileDescriptor)
        let before = try poller.poll(timeoutMs: 10)
        pipe.signal()
        let signalled = try poller.poll(timeoutMs: 1000)
        pipe.drain()
        let after = try poller.poll(timeoutMs: 10)
        #expect(before == 0)
        #expect(signalled == 1)
        #expect(after == 0)
    }

    @Test func curveKeyPairsAreZ85() throws {
        let pair = try Context.curveKeyPair()
        #expect(pair.publicKey.count == 40 && pair.secretKey.count == 40)
        #expect(pair.publicKey != pair.secretKey)
    }
}
