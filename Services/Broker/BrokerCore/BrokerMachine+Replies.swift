import Foundation
import Shared

// Replies go to the outbox; the reactor sends them after the commit.
extension BrokerMachine {
    func frame(_ command: BrokerProtocol.BrokerCommand) -> Data { BrokerProtocol.frame(command.rawValue) }

    func reply(_ identity: Data, _ command: BrokerProtocol.BrokerCommand) {
        outbox.replies.append([identity, BrokerProtocol.signature, frame(command)])
    }

    func replyError(_ identity: Data, _ code: BrokerProtocol.ErrorCode, _ reason: String) {
        outbox.replies.append([identity, BrokerProtocol.signature, frame(.error), BrokerProtocol.frame(code.rawValue), BrokerProtocol.frame(reason)])
    }

    func replyJSON<T: Encodable>(_ identity: Data, _ corr: Data, _ value: T) {
        let json = (try? WireJSON.encoder.encode(value)) ?? Data("{}".utf8)
        outbox.replies.append([identity, BrokerProtocol.signature, frame(.reply), corr, json])
    }
}
