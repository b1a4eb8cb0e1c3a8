import ArgumentParser
import ZeroMQ

/// `newswire keygen`: a CURVE keypair for the broker or for a worker.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a new CURVE keypair (Z85) for the broker (--curve-secret) or a client (--curve-*-key, --curve-allow).")

    @Flag(help: "Print as environment variable assignments.") var env = false

    func run() throws {
        let pair = try Context.curveKeyPair()
        if env {
            print("NEWSWIRE_CURVE_PUBLIC_KEY='\(pair.publicKey)'")
            print("NEWSWIRE_CURVE_SECRET_KEY='\(pair.secretKey)'")
        } else {
            print("public: \(pair.publicKey)")
            print("secret: \(pair.secretKey)")
        }
    }
}
