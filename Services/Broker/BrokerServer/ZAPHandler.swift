// Binds inproc://zeromq.zap.01 (REP), where libzmq asks about every new
// connection to a CURVE server socket (ZAP, RFC 27).
import BrokerCore
import Foundation
import Logging
import ZeroMQ

/// Decides who may connect when CURVE is on: CURVE clients whose public key
/// is listed (or any CURVE client when the list is empty). The key goes back
/// as the ZAP User-Id, so libzmq tags every message of the connection with it
/// and the broker can tell admin keys from worker keys.
final class ZAPHandler {
    private let socket: Socket
    private let allowedKeys: [String]
    private let logger: Logger

    /// Binds the handler; it must exist before the first handshake.
    init(context: Context, allowedKeys: [String], logger: Logger) throws {
        socket = try context.makeSocket(.rep)
        try socket.bind("inproc://zeromq.zap.01")
        self.allowedKeys = allowedKeys
        self.logger = logger
    }

    var pollable: Socket { socket }

    func close() { socket.close() }

    /// Answers every waiting request.
    func serve() throws {
        while let request = try socket.receive(dontWait: true) { try socket.send(answer(request)) }
    }

    func answer(_ request: [Data]) -> [Data] {
        let version = Data("1.0".utf8)
        guard request.count >= 6 else {
            return [version, request.count > 1 ? request[1] : Data(), Data("400".utf8), Data("malformed ZAP request".utf8), Data(), Data()]
        }
        let requestID = request[1]
        let mechanism = String(decoding: request[5], as: UTF8.self)
        var allowed = false
        var user = ""
        if mechanism == "CURVE", request.count >= 7, let key = Z85.encode(Array(request[6])) {
            user = key
            allowed = allowedKeys.isEmpty || allowedKeys.contains(key)
        }
        let address = String(decoding: request[3], as: UTF8.self)
        if allowed {
            logger.debug("broker.zap.allowed", metadata: ["key": "\(user)", "address": "\(address)"])
        } else {
            logger.warning("broker.zap.denied", metadata: ["mechanism": "\(mechanism)", "key": "\(user)", "address": "\(address)"])
        }
        return [version, requestID, Data((allowed ? "200" : "400").utf8), Data((allowed ? "OK" : "key not allowed").utf8),
                Data(user.utf8), Data()]
    }
}
