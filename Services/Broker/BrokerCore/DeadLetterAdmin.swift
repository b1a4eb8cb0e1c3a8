import Foundation
import Shared

// STATUS and the dead-letter admin (DLQ-LIST, DLQ-RETRY): the commands that
// read the store, so they commit pending work first and see it.
extension BrokerMachine {
    func handleStatus(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard let corr = args.first else { return replyError(identity, .badCommand, "STATUS needs corr") }
        if let evicted = try? store.commit() {
            noteEvicted(evicted)
            if let count = try? store.deadLetterCount() { deadLetters = count }
        }
        let status = BrokerStatus(
            queues: queues.values.sorted { $0.name < $1.name }.map { queue in
                BrokerStatus.QueueStatus(
                    name: queue.name, depth: queue.depth, delayed: queue.delayedCount, inFlight: queue.inFlight,
                    bytes: queue.bytes, workers: workersByQueue[queue.name]?.count ?? 0, published: queue.published,
                    completed: queue.completed, failed: queue.failed, deadLettered: queue.deadLettered,
                    rate: queue.rate.perSecond)
            },
            workers: workers.values.sorted { $0.name < $1.name }.map {
                BrokerStatus.WorkerStatus(name: $0.name, queue: $0.queue, credit: $0.credit, inFlight: $0.inFlight.count, draining: $0.draining)
            },
            deadLetters: deadLetters, uptimeSeconds: Date().timeIntervalSince(startedAt))
        replyJSON(identity, corr, status)
    }

    func handleDLQList(_ identity: Data, _ args: ArraySlice<Data>) {
        guard let corr = args.first else { return replyError(identity, .badCommand, "DLQ-LIST needs corr") }
        let limit = args.count > 1 ? BrokerProtocol.int(args[args.startIndex + 1]) ?? 100 : 100
        do {
            noteEvicted(try store.commit())
            replyJSON(identity, corr, try store.listDeadLetters(limit: max(1, min(limit, 10_000))))
        } catch {
            replyError(identity, .badCommand, "cannot read dead letters: \(error)")
        }
    }

    struct RetryResult: Codable {
        var requeued: Int
        var skipped: [String]
    }

    func handleDLQRetry(_ identity: Data, _ args: ArraySlice<Data>, now: Double) {
        guard args.count >= 2, let selector = BrokerProtocol.string(args[args.startIndex + 1]) else {
            return replyError(identity, .badCommand, "DLQ-RETRY needs corr and an id or *")
        }
        var result = RetryResult(requeued: 0, skipped: [])
        do {
            noteEvicted(try store.commit())
            for dead in try store.loadDeadLetters(id: selector == "*" ? nil : selector) {
                guard Self.isValidQueueName(dead.originQueue), var envelope = try? Envelope.decodeHeader(dead.header) else {
                    result.skipped.append(dead.id)
                    continue
                }
                envelope.attempt = 1
                envelope.notBefore = nil
                let job = Job(id: dead.id, seq: nextSeq, queue: dead.originQueue, envelope: envelope, header: nil, bodies: dead.bodies)
                nextSeq += 1
                if let live = jobs[job.handle] { retire(live, now: now) }
                jobs[job.handle] = job
                queue(named: job.queue).enqueue(job, now: now)
                store.add(.delete(dead.handle))
                save(job)
                deadLetters -= 1
                result.requeued += 1
            }
        } catch {
            return replyError(identity, .badCommand, "cannot read dead letters: \(error)")
        }
        replyJSON(identity, args[args.startIndex], result)
    }
}
