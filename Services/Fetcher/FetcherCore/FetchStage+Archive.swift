import Foundation
import Shared

/// Archive jobs: a WARC file's response records become pages for the parser.
///
/// An archive can claim any URL for its records and can hold far more pages
/// than one job should produce, so archives are read only when asked for
/// (target `archive`, or `auto` on a `.warc`/`.warc.gz` path), local ones only
/// under the operator's file root, remote ones only with an explicit opt-in,
/// and with caps on records and on a remote archive's size; both are
/// read in bounded chunk jobs (see FetchStage+ArchiveChunks). A remote archive's records
/// are kept only for its own host, unless the operator trusts that host.
extension FetchStage {
    static func isArchiveJob(_ request: FetchRequest) -> Bool {
        switch request.target {
        case .archive: return true
        case .auto:
            let path = (URLComponents(string: request.url)?.path ?? "").lowercased()
            return path.hasSuffix(".warc") || path.hasSuffix(".warc.gz")
        case .article, .feed, .sitemap: return false
        }
    }

    func checkArchiveAllowed(_ url: String) throws {
        let scheme = URLComponents(string: url)?.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https" else { return }
        guard fetcher.configuration.allowRemoteArchives else {
            throw FetchError.archiveRefused(url: url, reason: "remote archives are off (--allow-remote-archives)")
                .stageError
        }
    }

    /// One chunk of a remote archive, read from a window of its bytes
    /// fetched with an HTTP Range request at the chunk's offset: memory
    /// holds one window, and a chunk job resumes on any fetcher.
    func remoteArchiveChunk(_ request: FetchRequest, envelope: Envelope) async throws -> [StageOutput] {
        let configuration = fetcher.configuration
        let offset = request.archiveOffset ?? 0
        let cap = configuration.maxArchiveBytes
        guard offset < cap else { throw FetchError.bodyTooLarge(limit: cap, url: request.url).stageError }
        // A window ends the chunk, so it is sized near a chunk's bytes; it
        // doubles while it holds no whole record, up to twice the body cap.
        var size = configuration.archiveWindowBytes
        let largest = max(size, 2 * configuration.maxBodyBytes + 64 * 1024)
        while true {
            let window = try await archiveWindow(request.url, offset: offset, count: min(size, cap - offset))
            do {
                return try remoteArchiveChunk(request, envelope: envelope, window: window)
            } catch let error as ArchiveWindowTooSmall {
                guard size < largest, !window.reachesEnd else {
                    throw FetchError.badArchive(url: request.url, reason: "no whole record in the \(window.bytes.count) "
                        + "bytes from byte \(offset) (\(error.reason))").stageError
                }
                size = min(2 * size, largest)
            }
        }
    }

    private func archiveWindow(_ url: String, offset: Int, count: Int) async throws -> ArchiveWindow {
        let window: ArchiveWindow
        do {
            window = try await fetcher.archiveWindow(url, offset: offset, count: count)
        } catch let error as FetchError {
            logger.info("fetch.failed", metadata: ["url": "\(url)", "error": "\(error)"])
            throw error.stageError
        }
        let cap = fetcher.configuration.maxArchiveBytes
        if let total = window.total, total > cap { throw FetchError.bodyTooLarge(limit: cap, url: url).stageError }
        return window
    }

    private func remoteArchiveChunk(_ request: FetchRequest, envelope: Envelope, window: ArchiveWindow) throws
        -> [StageOutput] {
        if window.offset == 0, !WARCReader.looksLikeWARC(window.bytes), !Inflater.isGzip(window.bytes) {
            throw FetchError.badArchive(url: request.url, reason: "\(WARCReader.WARCError.notWARC)").stageError
        }
        let gzip = Inflater.isGzip(window.bytes)
        return try archiveChunk(request, envelope: envelope, inputIsWhole: window.reachesEnd) { start, maxBlockBytes in
            try WARCReader(input: .memory(window.bytes, startOffset: window.offset, gzip: gzip), position: start,
                           maxBlockBytes: maxBlockBytes)
        }
    }

    /// A record as a fetched response, if it is a successful text response
    /// the archive may speak for (fetchedAt is the capture date).
    func archivedPage(_ record: WARCReader.Response, trust: ArchiveTrust, fallbackDate: Date = Date())
        -> FetchResponse? {
        guard (200..<300).contains(record.status), trust.accepts(record.targetURI) else { return nil }
        if let type = record.headers["content-type"], !PageFetcher.isTextual(type) { return nil }
        return FetchResponse(
            requestedURL: record.targetURI, finalURL: record.targetURI, status: record.status,
            headers: record.headers, body: record.body,
            fetchedAt: record.date.flatMap(FeedDate.parseISO8601) ?? fallbackDate)
    }
}

/// Which record URIs an archive may speak for: any web URL for a local
/// archive under the file root or a trusted host's archive, else only URLs
/// on the archive's own host.
struct ArchiveTrust {
    let archiveHost: String?
    let trustsEverySite: Bool

    init(archiveURL: String, configuration: FetcherConfiguration) {
        let components = URLComponents(string: archiveURL)
        archiveHost = components?.host?.lowercased()
        let local = components?.scheme?.lowercased() == "file"
        trustsEverySite = local || archiveHost.map { configuration.trustedArchiveHosts.contains($0) } == true
    }

    func accepts(_ recordURI: String) -> Bool {
        guard let components = URLComponents(string: recordURI),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host?.lowercased(), !host.isEmpty else { return false }
        return trustsEverySite || host == archiveHost
    }
}
