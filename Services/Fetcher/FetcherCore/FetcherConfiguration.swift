import Foundation

/// The fetcher's knobs, with defaults fit for polite crawling of news sites.
/// Flags and `NEWSWIRE_*` environment variables of `newswire-fetcher` map
/// onto these.
public struct FetcherConfiguration: Sendable {
    public var userAgent: String
    /// The token matched against robots.txt `User-agent` lines.
    public var robotsAgent: String
    public var connectTimeout: Double
    /// Longest wait for the next bytes of a response.
    public var readTimeout: Double
    /// Whole request, redirects included.
    public var totalTimeout: Double
    public var maxRedirects: Int
    /// Cap on the (decompressed) body; a larger download is aborted.
    public var maxBodyBytes: Int
    /// Cap on a remote archive's size as served (its bytes are requested
    /// window by window; an archive larger than this is refused).
    public var maxArchiveBytes: Int
    /// A remote archive's chunk job requests this many bytes at once (HTTP
    /// Range); the window doubles, up to twice `maxBodyBytes`, while it
    /// holds no whole record.
    public var archiveWindowBytes: Int
    /// Cap on the response records one archive may yield.
    public var maxArchiveRecords: Int
    /// A local archive is read in chunk jobs of at most this many pages...
    public var archiveChunkPages: Int
    /// ...and about this many page bytes.
    public var archiveChunkBytes: Int
    public var respectRobots: Bool
    /// How long a host's robots.txt is trusted before it is fetched again.
    public var robotsCacheSeconds: Double
    /// How long an unreachable robots.txt (5xx, network error, timeout,
    /// cut-off body) keeps its host disallowed before it is tried again.
    public var robotsFailureSeconds: Double
    /// Origins whose robots.txt is kept at once (least recently used go first).
    public var robotsCacheCapacity: Int
    /// Bytes of a robots.txt parsed; RFC 9309 asks for at least 500 KiB.
    public var robotsMaxBytes: Int
    /// Fetch hosts that resolve to loopback, private or link-local addresses
    /// (off in production: a feed must not make us probe the internal network).
    public var allowPrivateAddresses: Bool
    /// The only folder `file://` URLs may read (symlinks resolved); nil
    /// refuses every `file://` URL, so a broker client cannot read the
    /// fetcher host's files.
    public var fileRoot: String?
    /// Read archives fetched over HTTP(S); off by default (a remote archive
    /// is a cheap way to push many pages past queue limits).
    public var allowRemoteArchives: Bool
    /// Hosts whose remote archives may carry pages of any site; records of
    /// other remote archives are kept only when their URI's host is the
    /// archive's own host.
    public var trustedArchiveHosts: Set<String>
    /// Sitemap indexes are followed this many levels deep.
    public var maxSitemapDepth: Int
    /// Entries taken from one feed or sitemap.
    public var maxEntriesPerDocument: Int

    public init(
        userAgent: String = "Newswire/0.1 (news archiver; robots.txt agent Newswire)",
        robotsAgent: String = "Newswire",
        connectTimeout: Double = 10, readTimeout: Double = 20, totalTimeout: Double = 60,
        maxRedirects: Int = 5, maxBodyBytes: Int = 10 * 1024 * 1024, respectRobots: Bool = true,
        robotsCacheSeconds: Double = 3600, allowPrivateAddresses: Bool = false, fileRoot: String? = nil,
        maxSitemapDepth: Int = 3, maxEntriesPerDocument: Int = 50_000, maxArchiveBytes: Int = 512 * 1024 * 1024,
        maxArchiveRecords: Int = 100_000, allowRemoteArchives: Bool = false, trustedArchiveHosts: Set<String> = []
    ) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxArchiveRecords = maxArchiveRecords
        self.archiveChunkPages = 100
        self.archiveChunkBytes = 16 * 1024 * 1024
        self.archiveWindowBytes = 4 * 1024 * 1024
        self.userAgent = userAgent
        self.robotsAgent = robotsAgent
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
        self.respectRobots = respectRobots
        self.robotsCacheSeconds = robotsCacheSeconds
        self.robotsFailureSeconds = 60
        self.robotsCacheCapacity = 10_000
        self.robotsMaxBytes = 500 * 1024
        self.allowPrivateAddresses = allowPrivateAddresses
        self.fileRoot = fileRoot
        self.allowRemoteArchives = allowRemoteArchives
        self.trustedArchiveHosts = Set(trustedArchiveHosts.map { $0.lowercased() })
        self.maxSitemapDepth = maxSitemapDepth
        self.maxEntriesPerDocument = maxEntriesPerDocument
    }
}

extension FetcherConfiguration {
    /// A copy changed by `change`, for settings the initialiser leaves at their defaults.
    public func with(_ change: (inout FetcherConfiguration) -> Void) -> FetcherConfiguration {
        var copy = self
        change(&copy)
        return copy
    }
}
