import Foundation
import PipelineRuntime
import Shared
import TestSupport
import Testing
import ZeroMQ

/// CURVE encryption and ZAP authentication on the broker endpoint.
@Suite(.serialized) struct CurveTests {
    @Test func onlyListedClientKeysGetIn() async throws {
        let h = try ProcessHarness(name: "curve")
        let endpoint = ProcessHarness.endpoint()
        let server = try Context.curveKeyPair()
        let listed = try Context.curveKeyPair()
        let stranger = try Context.curveKeyPair()
        let broker = try h.startBroker(endpoint: endpoint, extra: ["--curve-secret", server.secretKey, "--curve-allow", listed.publicKey])
        defer { ProcessHarness.kill9(broker) }

        // A listed key works end to end.
        let good = try BrokerClient(endpoint: endpoint, requestTimeout: 2, curve: (server.publicKey, listed.publicKey, listed.secretKey))
        #expect(try await good.publish(try rawMessages(3), to: "in").stored == 3)

        // An unknown key cannot connect: requests go unanswered and nothing it sends is stored.
        let bad = try BrokerClient(endpoint: endpoint, requestTimeout: 0.5, curve: (server.publicKey, stranger.publicKey, stranger.secretKey))
        await #expect(throws: BrokerClientError.self) {
            _ = try await bad.publish(try rawMessages(2, prefix: "evil"), to: "in", giveUpAfter: 2)
        }
        await #expect(throws: BrokerClientError.self) { _ = try await bad.status() }
        await bad.close()

        // Nor can a client without CURVE.
        let plain = try BrokerClient(endpoint: endpoint, requestTimeout: 0.5)
        await #expect(throws: BrokerClientError.self) { _ = try await plain.status() }
        await plain.close()

        let status = try await good.status()
        #expect(status.queues.first { $0.name == "in" }?.published == 3)
        #expect(status.queues.first { $0.name == "in" }?.depth == 3)
        await good.close()
        #expect(h.log("broker.log").contains("broker.zap.denied"))
    }
}
