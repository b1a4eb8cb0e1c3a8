import Foundation
import Shared

// Job life cycle and worker removal: the transitions of PROTOCOL.md §8.3.
extension BrokerMachine {
    /// Takes a job out of every structure (in flight or waiting) without persisting anything.
    func retire(_ job: Job, now: Double) {
        let queue = queue(named: job.queue)
        switch job.state {
        case .inFlight(let identity):
            workers[identity]?.inFlight[job.handle] = nil
            queue.leftFlight(job, now: now)
        case .ready, .delayed:
            queue.removeWaiting(job)
        case .retired:
            break
        }
        job.state = .retired
        jobs[job.handle] = nil
    }

    /// A failed attempt: retry later with backoff, or dead-letter.
    func fail(_ job: Job, permanent: Bool, reason: String, now: Double) {
        let queue = queue(named: job.queue)
        queue.failed += 1
        job.lastError = reason
        if permanent || job.attempt >= queue.policy.maxAttempts {
            deadLetter(job, reason: permanent ? reason : "after \(job.attempt) attempts: \(reason)", now: now)
            return
        }
        retire(job, now: now)
        job.attempt += 1
        job.notBefore = now + queue.policy.backoff(afterAttempt: job.attempt - 1)
        jobs[job.handle] = job
        queue.enqueue(job, now: now)
        save(job)
        logger.info("broker.job.retry", metadata: [
            "id": "\(job.id)", "attempt": "\(job.attempt)", "reason": "\(reason.prefix(200))",
        ])
    }

    /// A job whose worker vanished goes back to the front of its queue.
    func requeue(_ job: Job, countAttempt: Bool, reason: String, now: Double) {
        let queue = queue(named: job.queue)
        if countAttempt && job.attempt >= queue.policy.maxAttempts {
            deadLetter(job, reason: "after \(job.attempt) attempts: \(reason)", now: now)
            return
        }
        retire(job, now: now)
        if countAttempt { job.attempt += 1 }
        job.lastError = reason
        jobs[job.handle] = job
        queue.enqueue(job, now: now, front: true)
        if countAttempt { save(job) }
    }

    func deadLetter(_ job: Job, reason: String, now: Double) {
        retire(job, now: now)
        store.add(.delete(job.handle))
        queue(named: job.queue).deadLettered += 1
        deadLetters += 1
        store.add(.putDead(
            handle: QueueName.deadLetter + "/" + job.handle, id: job.id, originQueue: job.queue, header: job.header, bodies: job.bodies, attempts: job.attempt,
            error: reason, key: job.envelope.key, kind: job.envelope.kind.rawValue))
        logger.warning("broker.job.dead", metadata: ["id": "\(job.id)", "queue": "\(job.queue)", "reason": "\(reason.prefix(300))"])
    }

    func deadLetterRaw(originQueue: String, header: Data, bodies: [Data], error: String, id: String? = nil, envelope: Envelope? = nil) {
        deadLetters += 1
        queue(named: originQueue).deadLettered += 1
        // An unreadable message has no id of its own: name it by its bytes, so a
        // publisher resending it does not fill the dead-letter queue with copies.
        let messageID = id ?? "invalid-" + MessageID.stable(header.base64EncodedString() + "\(bodies.map(\.count))")
        store.add(.putDead(
            handle: QueueName.deadLetter + "/" + originQueue + "/" + messageID, id: messageID, originQueue: originQueue, header: header, bodies: bodies,
            attempts: 0, error: error, key: envelope?.key, kind: envelope?.kind.rawValue))
    }

    func removeWorker(_ identity: Data, now: Double, countAttempt: Bool, reason: String) {
        guard let worker = workers.removeValue(forKey: identity) else { return }
        workersByQueue[worker.queue]?.removeAll { $0 == identity }
        for job in worker.inFlight.values.sorted(by: { $0.seq > $1.seq }) {
            requeue(job, countAttempt: countAttempt, reason: reason, now: now)
        }
        logger.info("broker.worker.gone", metadata: [
            "worker": "\(worker.name)", "queue": "\(worker.queue)", "reason": "\(reason)", "requeued": "\(worker.inFlight.count)",
        ])
    }
}
