import ArgumentParser
import Foundation
import Logging
import PipelineRuntime

/// Flags every command that talks to the broker shares.
struct BrokerOptions: ParsableArguments {
    @Option(name: .customLong("broker"), help: "Broker endpoint (env NEWSWIRE_BROKER).")
    var endpoint: String = ProcessInfo.processInfo.environment["NEWSWIRE_BROKER"] ?? "tcp://127.0.0.1:5555"

    @Option(help: "Seconds to wait for the broker's answer before asking again.")
    var timeout: Double = 5

    @OptionGroup var curve: CurveOptions

    func client() throws -> BrokerClient { try BrokerClient(endpoint: endpoint, requestTimeout: timeout, curve: curve.keys) }

    func linkOptions() -> BrokerLink.Options { curve.apply(to: BrokerLink.Options(endpoint: endpoint)) }
}

enum CLILogging {
    static func bootstrap(level: String = ProcessInfo.processInfo.environment["NEWSWIRE_LOG_LEVEL"] ?? "warning") -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "newswire")
        logger.logLevel = Logger.Level(rawValue: level) ?? .warning
        return logger
    }
}

func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
