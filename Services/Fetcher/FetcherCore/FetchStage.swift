import Foundation
import Logging
import Shared

/// The fetch stage: consumes `fetch`, produces `FetchedPage`s for `parse`
/// (one, or one per archived response of an archive job) and, for feeds and
/// sitemaps, more `FetchRequest`s for `fetch`.
/// Reads from queue `fetch`; writes to `parse` and back to `fetch`.
///
/// Ids are what keep the crawl finite: an article's fetch job id is a hash of
/// its normalised URL, so the same article listed by two polls (or two feeds)
/// is one job to the broker; a feed's next poll is keyed by its URL and its
/// slot time, so a job run twice schedules one poll, not two.
public struct FetchStage: Stage {
    public let inputQueue = QueueName.fetch
    public let fetcher: PageFetcher
    public let producer: String
    let logger: Logger
    private let now: @Sendable () -> Date
    /// Where every fetched response is also kept (`--warc-out`), if anywhere.
    public let archiveWriter: WARCWriter?

    public init(
        fetcher: PageFetcher, producer: String = "newswire-fetcher", logger: Logger? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, archiveWriter: WARCWriter? = nil
    ) {
        self.archiveWriter = archiveWriter
        self.fetcher = fetcher
        self.producer = producer
        self.logger = logger ?? Logger(label: "newswire.fetcher.stage")
        self.now = now
    }

    public func process(_ message: Message) async throws -> [StageOutput] {
        let request: FetchRequest
        do {
            request = try message.payload(as: FetchRequest.self)
        } catch {
            throw StageError.permanent(String(describing: error))
        }
        return try await process(request, envelope: message.envelope)
    }

    public func process(_ request: FetchRequest, envelope: Envelope) async throws -> [StageOutput] {
        let archiveJob = Self.isArchiveJob(request)
        if archiveJob {
            try checkArchiveAllowed(request.url)
            if URLComponents(string: request.url)?.scheme?.lowercased() == "file" {
                return try localArchiveChunk(request, envelope: envelope)
            }
            return try await remoteArchiveChunk(request, envelope: envelope)
        }
        let result: FetchResult
        do {
            result = try await fetcher.fetch(request.url, etag: request.etag, lastModified: request.lastModified)
        } catch let error as FetchError {
            logger.info("fetch.failed", metadata: ["url": "\(request.url)", "error": "\(error)"])
            throw error.stageError
        } catch {
            throw StageError.transient("fetching \(request.url): \(error)")
        }

        switch result {
        case .disallowedByRobots(let url):
            throw FetchError.disallowedByRobots(url).stageError
        case .notModified(let response):
            logger.debug("fetch.not_modified", metadata: ["url": "\(request.url)"])
            return try nextPoll(
                of: request, envelope: envelope, etag: response.etag ?? request.etag,
                lastModified: response.lastModified ?? request.lastModified
            ).map { [$0] } ?? []
        case .fetched(let response):
            keepInArchive(response)
            // Only archive jobs read archives: a page that happens to be (or
            // claims to be) a WARC file is not unpacked into other URLs' pages.
            if let type = response.contentType, PageFetcher.isArchiveType(type) {
                throw FetchError.notText(contentType: type, url: response.finalURL).stageError
            }
            switch request.target {
            case .article, .archive:
                return [try pageOutput(response, request: request, envelope: envelope)]
            case .feed, .sitemap:
                return try expand(response, request: request, envelope: envelope)
            case .auto:
                let utf8 = response.utf8Body
                if FeedParser.looksLikeFeed(utf8) {
                    return try expand(response, request: request, envelope: envelope, utf8: utf8)
                }
                return [try pageOutput(response, request: request, envelope: envelope)]
            }
        }
    }

    /// A failed archive write is logged, never fails the job: the page
    /// still goes to the parser.
    private func keepInArchive(_ response: FetchResponse) {
        guard let archiveWriter else { return }
        do {
            try archiveWriter.write(response)
        } catch {
            logger.warning("fetch.warc_out_failed", metadata: ["url": "\(response.finalURL)", "error": "\(error)"])
        }
    }

    // MARK: - Outputs

    func pageOutput(_ response: FetchResponse, request: FetchRequest, envelope: Envelope) throws
        -> StageOutput {
        let page = response.fetchedPage(
            source: request.source, hintTitle: request.hintTitle, hintPublished: request.hintPublished)
        let out = envelope.derived(kind: .fetchedPage, index: 0, producer: producer)
        return StageOutput(queue: QueueName.parse, message: try Message(envelope: out, payload: page))
    }

    /// One fetch job per listed URL, plus the feed's next poll.
    private func expand(
        _ response: FetchResponse, request: FetchRequest, envelope: Envelope, utf8: Data? = nil
    ) throws -> [StageOutput] {
        let document: FeedDocument
        do {
            document = try FeedParser.parse(utf8 ?? response.utf8Body, baseURL: response.finalURL)
        } catch let error as FetchError {
            throw error.stageError
        }
        let configuration = fetcher.configuration
        let fromFile = response.finalURL.lowercased().hasPrefix("file:")
        var outputs: [StageOutput] = []
        var seen: Set<String> = []
        for entry in document.entries.prefix(configuration.maxEntriesPerDocument) {
            let url = URLNormalizer.normalize(entry.url)
            let scheme = URLComponents(string: url)?.scheme?.lowercased() ?? ""
            // A web feed must not point us at local files; a local feed may list either.
            guard scheme == "http" || scheme == "https" || (fromFile && scheme == "file") else { continue }
            guard seen.insert(url).inserted else { continue }
            let key = URLNormalizer.hostKey(url)
            let child: FetchRequest
            let id: String
            if document.listsSitemaps {
                guard request.depth + 1 <= configuration.maxSitemapDepth else {
                    logger.info("fetch.sitemap_depth_exceeded", metadata: ["url": "\(url)"])
                    continue
                }
                child = FetchRequest(
                    url: url, target: .sitemap, source: request.source ?? document.title,
                    discoveredFrom: response.finalURL, depth: request.depth + 1)
                // Per poll of the index, so each poll reads the child sitemaps again.
                id = MessageID.derived(from: envelope.id, discriminator: "sitemap:" + url)
            } else {
                child = FetchRequest(
                    url: url, target: .article, source: request.source ?? document.title,
                    discoveredFrom: response.finalURL, hintTitle: entry.title, hintPublished: entry.published,
                    depth: request.depth + 1)
                id = MessageID.stable("fetch:" + url)
            }
            let out = Envelope(
                id: id, kind: .fetchRequest, traceID: envelope.traceID, causationID: envelope.id,
                producer: producer, key: key)
            outputs.append(StageOutput(queue: QueueName.fetch, message: try Message(envelope: out, payload: child)))
        }
        logger.debug("fetch.expanded", metadata: [
            "url": "\(request.url)", "kind": "\(document.kind.rawValue)", "jobs": "\(outputs.count)",
        ])
        if let poll = try nextPoll(
            of: request, envelope: envelope, etag: response.etag, lastModified: response.lastModified) {
            outputs.append(poll)
        }
        return outputs
    }

    /// The next poll of a feed, when it has a poll interval: due one interval
    /// after this poll's own slot (the first slot after now, if we are late).
    /// Deriving the time from the envelope, not the clock, gives a rerun of
    /// the same job the same id.
    func nextPoll(of request: FetchRequest, envelope: Envelope, etag: String?, lastModified: String?) throws
        -> StageOutput? {
        guard let interval = request.pollIntervalSeconds, interval > 0 else { return nil }
        let base = envelope.notBefore ?? envelope.createdAt
        let current = now()
        var steps = 1.0
        if base.addingTimeInterval(interval) <= current {
            steps = (current.timeIntervalSince(base) / interval).rounded(.down) + 1
        }
        let slot = base.addingTimeInterval(steps * interval).roundedToMilliseconds
        var next = request
        next.etag = etag
        next.lastModified = lastModified
        let url = URLNormalizer.normalize(request.url)
        let out = Envelope(
            id: MessageID.stable("poll:" + url + "@" + WireJSON.formatDate(slot)), kind: .fetchRequest,
            traceID: envelope.traceID, causationID: envelope.id, producer: producer,
            key: URLNormalizer.hostKey(url), notBefore: slot)
        return StageOutput(queue: QueueName.fetch, message: try Message(envelope: out, payload: next))
    }
}
