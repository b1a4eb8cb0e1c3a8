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
    /// Cap on a local WARC file read in one job.
    public var maxArchiveBytes: Int
    public var respectRobots: Bool
    /// How long a host's robots.txt is trusted before it is fetched again.
    public var robotsCacheSeconds: Double
    /// Fetch hosts that resolve to loopback, private or link-local addresses
    /// (off in production: a feed must not make us probe the internal network).
    public var allowPrivateAddresses: Bool
    public var allowFileURLs: Bool
    /// Sitemap indexes are followed this many levels deep.
    public var maxSitemapDepth: Int
    /// Entries taken from one feed or sitemap.
    public var maxEntriesPerDocument: Int

    public init(
        userAgent: String = "Newswire/0.1 (news archiver; robots.txt agent Newswire)",
        robotsAgent: String = "Newswire",
        connectTimeout: Double = 10, readTimeout: Double = 20, totalTimeout: Double = 60,
        maxRedirects: Int = 5, maxBodyBytes: Int = 10 * 1024 * 1024, respectRobots: Bool = true,
        robotsCacheSeconds: Double = 3600, allowPrivateAddresses: Bool = false, allowFileURLs: Bool = true,
        maxSitemapDepth: Int = 3, maxEntriesPerDocument: Int = 50_000, maxArchiveBytes: Int = 512 * 1024 * 1024
    ) {
        self.maxArchiveBytes = maxArchiveBytes
        self.userAgent = userAgent
        self.robotsAgent = robotsAgent
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
        self.respectRobots = respectRobots
        self.robotsCacheSeconds = robotsCacheSeconds
        self.allowPrivateAddresses = allowPrivateAddresses
        self.allowFileURLs = allowFileURLs
        self.maxSitemapDepth = maxSitemapDepth
        self.maxEntriesPerDocument = maxEntriesPerDocument
    }
}
