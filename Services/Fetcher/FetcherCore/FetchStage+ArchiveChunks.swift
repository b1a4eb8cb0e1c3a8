import Foundation
import Shared

/// An archive as many jobs: each archive job reads one bounded chunk of
/// records from its `ArchivePosition` and is done with the chunk's pages
/// plus one continuation job for the next position. The broker stores a
/// job's outputs and retires it atomically, so a fetcher killed mid-archive
/// loses at most the chunk in flight, which is read again from the same
/// position; page and continuation ids derive from archive and position,
/// so nothing is doubled either. Memory holds one chunk, whatever the size
/// of the archive.
extension FetchStage {
    func localArchiveChunk(_ request: FetchRequest, envelope: Envelope) throws -> [StageOutput] {
        let path: String
        do {
            path = try fetcher.localPath(of: request.url)
        } catch let error as FetchError {
            throw error.stageError
        }
        return try archiveChunk(request, envelope: envelope, inputIsWhole: true) { start, maxBlockBytes in
            try WARCReader(path: path, position: start, maxBlockBytes: maxBlockBytes)
        }
    }

    /// One chunk read by a reader `open` makes at the request's position.
    /// When the input is only a window of the archive (`inputIsWhole`
    /// false), the window's end is the chunk's end: a record cut there is
    /// read whole by the next chunk, from its own window.
    func archiveChunk(_ request: FetchRequest, envelope: Envelope, inputIsWhole: Bool,
                      open: (ArchivePosition, Int) throws -> WARCReader) throws -> [StageOutput] {
        let start = ArchivePosition(offset: request.archiveOffset ?? 0, skip: request.archiveSkip ?? 0)
        var chunk = ArchiveChunk(recordsBefore: request.archiveRecords ?? 0)
        var reader: WARCReader?
        do {
            reader = try open(start, fetcher.configuration.maxBodyBytes)
            try read(reader!, into: &chunk, request: request, envelope: envelope)
            if !inputIsWhole, chunk.resumeAt == nil { chunk.resumeAt = reader!.position }
        } catch let error as StageError {
            throw error
        } catch {
            // Damage after some records: keep them and leave the damage to the
            // continuation (strictly after them), which fails alone with this error.
            guard chunk.progressed, let reader else {
                if !inputIsWhole { throw ArchiveWindowTooSmall(reason: "\(error)") }
                throw FetchError.badArchive(url: request.url, reason: "\(error)").stageError
            }
            chunk.resumeAt = reader.position
            if inputIsWhole {
                logger.notice("fetch.archive_damaged", metadata: ["url": "\(request.url)", "error": "\(error)"])
            }
        }
        if !inputIsWhole, !chunk.progressed, chunk.resumeAt != nil {
            throw ArchiveWindowTooSmall(reason: "no whole record after the records already read")
        }
        var outputs = chunk.pages
        if let next = chunk.resumeAt {
            outputs.append(try continuation(of: request, at: next, records: chunk.records, envelope: envelope))
        }
        logger.debug("fetch.archive_chunk", metadata: [
            "url": "\(request.url)", "from": "\(start)", "pages": "\(chunk.pages.count)",
            "next": "\(chunk.resumeAt.map(\.description) ?? "end")",
        ])
        return outputs
    }

    private func read(_ reader: WARCReader, into chunk: inout ArchiveChunk, request: FetchRequest, envelope: Envelope)
        throws {
        let configuration = fetcher.configuration
        let trust = ArchiveTrust(archiveURL: request.url, configuration: configuration)
        while true {
            chunk.resumeAt = try reader.nextPosition()
            guard chunk.resumeAt != nil else { return }
            if chunk.pages.count >= configuration.archiveChunkPages || chunk.bytes >= configuration.archiveChunkBytes {
                return
            }
            guard let record = try reader.nextResponse() else {
                chunk.resumeAt = nil
                return
            }
            chunk.progressed = true
            chunk.records += 1
            guard chunk.records <= configuration.maxArchiveRecords else {
                throw FetchError.badArchive(url: request.url, reason: "\(WARCReader.WARCError.tooManyRecords(limit: configuration.maxArchiveRecords))").stageError
            }
            guard let page = archivedPage(record, trust: trust) else { continue }
            let out = Envelope(
                id: MessageID.stable("archive:\(request.url)@\(record.position)"), kind: .fetchedPage,
                traceID: envelope.traceID, causationID: envelope.id, producer: producer)
            chunk.pages.append(StageOutput(queue: QueueName.parse, message: try Message(
                envelope: out, payload: page.fetchedPage(source: request.source))))
            chunk.bytes += page.body.count
        }
    }

    private func continuation(of request: FetchRequest, at position: ArchivePosition, records: Int, envelope: Envelope)
        throws -> StageOutput {
        var next = request
        next.target = .archive
        next.archiveOffset = position.offset
        next.archiveSkip = position.skip
        next.archiveRecords = records
        let out = Envelope(
            id: MessageID.stable("archive-chunk:\(request.url)@\(position)"), kind: .fetchRequest,
            traceID: envelope.traceID, causationID: envelope.id, producer: producer, key: envelope.key)
        return StageOutput(queue: QueueName.fetch, message: try Message(envelope: out, payload: next))
    }
}

/// A window of a remote archive held no whole record past the chunk's
/// position: a larger window is needed.
struct ArchiveWindowTooSmall: Error {
    var reason: String
}

/// What one chunk job has read so far.
struct ArchiveChunk {
    var pages: [StageOutput] = []
    var bytes = 0
    var records: Int
    var progressed = false
    /// Where the next chunk starts; nil once the archive is read to its end.
    var resumeAt: ArchivePosition?

    init(recordsBefore: Int) { records = recordsBefore }
}
