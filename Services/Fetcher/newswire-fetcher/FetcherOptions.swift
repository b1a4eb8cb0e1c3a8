import ArgumentParser
import FetcherCore
import Foundation

/// The fetcher's flags, shared by every subcommand that fetches; each falls
/// back to a `NEWSWIRE_FETCHER_*` environment variable, then the default.
struct FetcherOptions: ParsableArguments {
    private static let env = ProcessInfo.processInfo.environment
    private static func flag(_ name: String) -> Bool { ["1", "true", "yes"].contains(env[name]?.lowercased() ?? "") }

    @Option(help: "User-Agent header (env NEWSWIRE_FETCHER_USER_AGENT).")
    var userAgent: String = env["NEWSWIRE_FETCHER_USER_AGENT"] ?? FetcherConfiguration().userAgent

    @Option(help: "Connect timeout, seconds.")
    var connectTimeout: Double = FetcherConfiguration().connectTimeout

    @Option(help: "Read (idle) timeout, seconds.")
    var readTimeout: Double = FetcherConfiguration().readTimeout

    @Option(help: "Total timeout per fetch, redirects and body included, seconds.")
    var totalTimeout: Double = FetcherConfiguration().totalTimeout

    @Option(help: "Redirects followed before giving up.")
    var maxRedirects: Int = FetcherConfiguration().maxRedirects

    @Option(help: "Body size cap in bytes, after decompression (env NEWSWIRE_FETCHER_MAX_BODY_BYTES).")
    var maxBodyBytes: Int = env["NEWSWIRE_FETCHER_MAX_BODY_BYTES"].flatMap(Int.init) ?? FetcherConfiguration().maxBodyBytes

    @Option(help: "Levels of sitemap index followed.")
    var maxSitemapDepth: Int = FetcherConfiguration().maxSitemapDepth

    @Flag(help: "Fetch hosts on loopback/private/link-local addresses (env NEWSWIRE_FETCHER_ALLOW_PRIVATE=1).")
    var allowPrivateAddresses = flag("NEWSWIRE_FETCHER_ALLOW_PRIVATE")

    @Flag(help: "Do not read or obey robots.txt (env NEWSWIRE_FETCHER_IGNORE_ROBOTS=1).")
    var ignoreRobots = flag("NEWSWIRE_FETCHER_IGNORE_ROBOTS")

    @Option(help: ArgumentHelp(
        "The only folder file:// URLs may read, archives included (env NEWSWIRE_FETCHER_FILE_ROOT).",
        discussion: "`run` refuses every file:// URL without it; `get` reads any file you can."))
    var fileRoot: String? = env["NEWSWIRE_FETCHER_FILE_ROOT"]

    @Flag(help: "Read .warc/.warc.gz archives fetched over HTTP(S); their records are kept only for the archive's own host.")
    var allowRemoteArchives = false

    @Option(name: .customLong("trust-archive-host"),
            help: "A host whose remote archives may carry pages of any site (repeatable).")
    var trustedArchiveHosts: [String] = []

    @Option(help: "Response records one archive may yield.")
    var maxArchiveRecords: Int = FetcherConfiguration().maxArchiveRecords

    @Option(help: "Largest remote archive read, in bytes as served.")
    var maxArchiveBytes: Int = FetcherConfiguration().maxArchiveBytes

    @Option(help: "Pages per chunk job of an archive (each chunk is done with its pages and the next chunk's job).")
    var archiveChunkPages: Int = FetcherConfiguration().archiveChunkPages

    @Option(help: "Bytes a remote archive's chunk job requests at once (HTTP Range); doubled, up to twice --max-body-bytes, for a larger record.")
    var archiveWindowBytes: Int = FetcherConfiguration().archiveWindowBytes

    /// The configuration; `defaultFileRoot` applies when `--file-root` is not given.
    func configuration(defaultFileRoot: String? = nil) -> FetcherConfiguration {
        FetcherConfiguration(
            userAgent: userAgent, connectTimeout: connectTimeout, readTimeout: readTimeout,
            totalTimeout: totalTimeout, maxRedirects: maxRedirects, maxBodyBytes: maxBodyBytes,
            respectRobots: !ignoreRobots, allowPrivateAddresses: allowPrivateAddresses,
            fileRoot: fileRoot ?? defaultFileRoot, maxSitemapDepth: maxSitemapDepth,
            maxArchiveBytes: maxArchiveBytes, maxArchiveRecords: maxArchiveRecords,
            allowRemoteArchives: allowRemoteArchives, trustedArchiveHosts: Set(trustedArchiveHosts))
            .with {
                $0.archiveChunkPages = max(1, archiveChunkPages)
                $0.archiveWindowBytes = max(64 * 1024, archiveWindowBytes)
            }
    }
}
