import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=...` URL read into
/// the two configurations PostgresNIO wants (one connection for migrations,
/// the pool for the rest), so both always point at the same server.
///
/// TLS follows libpq's `sslmode`: `disable`, `prefer` or `require` (the
/// `verify-*` modes count as `require`, which verifies the certificate). The
/// default is `prefer`, except on the loopback where it is `disable`.
struct PostgresLocation: Sendable {
    enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    var tls: TLSMode
    /// Sessions refuse writes (`default_transaction_read_only`).
    var readOnly = false

    /// Startup parameters every session gets.
    var startupParameters: [(String, String)] {
        readOnly ? [("default_transaction_read_only", "on")] : []
    }

    init(_ url: String) throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else { throw StorageError.unsupportedBackend("not a postgres:// URL: \(ArticleRepositories.redacted(url))") }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        username = components.user?.removingPercentEncoding ?? components.user ?? "postgres"
        password = components.password?.removingPercentEncoding ?? components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : (path.removingPercentEncoding ?? path)
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value?.lowercased()
        switch mode {
        case nil:
            tls = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) ? .disable : .prefer
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other?:
            throw StorageError.unsupportedBackend("unknown sslmode \(other) in \(ArticleRepositories.redacted(url))")
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }
}
