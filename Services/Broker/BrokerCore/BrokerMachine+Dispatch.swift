import Foundation
import Observability
import Shared

// Timers (heartbeats, leases, delayed jobs) and dispatch to workers with credit.
extension BrokerMachine {
    /// Timers: delayed jobs come due, heartbeats go out, silent workers and
    /// expired leases lose their jobs, old de-duplication ids are forgotten.
    public func tick(now: Double) {
        for queue in queues.values {
            queue.promote(now: now)
            queue.rate.decayIfIdle(now: now)
        }
        let deadline = configuration.heartbeatInterval * Double(configuration.heartbeatLiveness)
        if now - lastHeartbeat >= configuration.heartbeatInterval {
            lastHeartbeat = now
            metrics.record(queues.values.map { BrokerMetrics.QueueSample(queue: $0.name, depth: $0.depth, delayed: $0.delayedCount, inFlight: $0.inFlight,
                workers: workersByQueue[$0.name]?.count ?? 0, published: $0.published, completed: $0.completed, failed: $0.failed, deadLettered: $0.deadLettered) })
            for (identity, worker) in workers {
                if now - worker.lastSeen > deadline {
                    removeWorker(identity, now: now, countAttempt: true, reason: "worker \(worker.name) stopped heartbeating")
                } else {
                    outbox.sends.append([identity, BrokerProtocol.signature, frame(.heartbeat)])
                }
            }
            // Jobs held too long count as failed attempts.
            for worker in workers.values {
                for job in worker.inFlight.values where job.leaseDeadline < now {
                    fail(job, permanent: false, reason: "timed out after \(Int(queue(named: job.queue).policy.jobTimeout)) s", now: now)
                }
            }
        }
        if now - lastHousekeeping >= 60 {
            lastHousekeeping = now
            let horizon = now - configuration.dedupWindowSeconds
            dedup.evict(before: horizon)
            store.add(.forgetSeen(before: horizon))
        }
    }

    /// Hands ready jobs to workers with credit. With `deliver`, each JOB is
    /// sent at once and one it cannot send goes straight back, so the same
    /// pass gives it to another worker (a killed worker's identity lingers
    /// until its heartbeats are missed); without, JOBs land in `outbox.dispatches`.
    public func dispatch(now: Double, deliver: ((Dispatch) -> Bool)? = nil) {
        queueLoop: for (queueName, identities) in workersByQueue where !identities.isEmpty {
            guard let queue = queues[queueName], queue.hasActiveKeys, !isPaused(queue) else { continue }
            var progress = true
            while progress {
                progress = false
                for identity in identities {
                    guard let worker = workers[identity], worker.hasCredit else { continue }
                    guard let job = queue.dequeue(now: now, durableThrough: committedBatch) else { continue queueLoop }
                    job.state = .inFlight(worker: identity)
                    job.leaseDeadline = now + queue.policy.jobTimeout
                    worker.inFlight[job.handle] = job
                    var frames = [identity, BrokerProtocol.signature, frame(.job), BrokerProtocol.frame(job.handle), job.header]
                    frames.append(contentsOf: job.bodies)
                    let message = Dispatch(job: job.handle, worker: identity, frames: frames)
                    guard let deliver else {
                        outbox.dispatches.append(message)
                        progress = true
                        continue
                    }
                    if !deliver(message) {
                        undeliverable(message, now: now)
                        continue
                    }
                    progress = true
                }
            }
        }
    }

    func isPaused(_ queue: QueueState) -> Bool {
        guard let targets = feeds[queue.name] else { return false }
        // Over the global budget only stages that end a chain (no outputs) run, which frees bytes.
        if !targets.isEmpty && isOverByteBudget { return true }
        for target in targets where queues[target]?.isFull == true { return true }
        return false
    }
}
