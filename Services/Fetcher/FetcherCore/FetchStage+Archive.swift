import Foundation
import Shared

/// Archive jobs: a WARC file's response records become pages for the parser.
///
/// An archive can claim any URL for its records and can hold far more pages
/// than one job should produce, so archives are read only when asked for
/// (target `archive`, or `auto` on a `.warc`/`.warc.gz` path), local ones only
/// under the operator's file root, remote ones only with an explicit opt-in,
/// and with caps on records and inflated bytes. A remote archive's records
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

    /// The archive's text responses, each a page for the parser, as if just
    /// fetched (fetchedAt is the capture date).
    func archivedPages(_ response: FetchResponse, request: FetchRequest, envelope: Envelope) throws
        -> [StageOutput] {
        let configuration = fetcher.configuration
        let records: [WARCReader.Response]
        do {
            guard WARCReader.looksLikeWARC(response.body) else { throw WARCReader.WARCError.notWARC }
            records = try WARCReader.responses(in: response.body, maxRecords: configuration.maxArchiveRecords)
        } catch {
            throw FetchError.badArchive(url: response.finalURL, reason: "\(error)").stageError
        }
        let trust = ArchiveTrust(archiveURL: response.finalURL, configuration: configuration)
        var outputs: [StageOutput] = []
        for record in records {
            guard let archived = archivedPage(record, trust: trust, fallbackDate: response.fetchedAt) else { continue }
            let out = envelope.derived(kind: .fetchedPage, index: outputs.count, producer: producer)
            outputs.append(StageOutput(queue: QueueName.parse, message: try Message(
                envelope: out, payload: archived.fetchedPage(source: request.source))))
        }
        let refused = records.count - outputs.count
        if refused > 0 {
            logger.debug("fetch.archive_records_skipped", metadata: ["url": "\(request.url)", "records": "\(refused)"])
        }
        logger.debug("fetch.archive", metadata: ["url": "\(request.url)", "pages": "\(outputs.count)"])
        return outputs
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
