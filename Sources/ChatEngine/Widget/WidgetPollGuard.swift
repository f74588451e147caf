import ChatCore
import Foundation
import Synchronization

/// What makes the widget's availability check cheap on busy sites, in this process's memory (per node):
///
/// - the answer, read from the database at most once per `WidgetAvailabilityCache` seconds (one read at a time:
///   concurrent polls after the window share it). It is a copy of database truth, stamped with the moment its
///   read began, so it is never served longer than the setting and every node agrees within that bound.
/// - the polls per client address (`WidgetPollLimit` per `WidgetPollLimitWindow`). Per node on purpose, unlike
///   the new-chat and message limits (in the database, issue 19's abuse protection): it is no business rule, it
///   grants nobody anything and its answer is public; it protects each node's own CPU, and counting it in the
///   database would cost a write per poll, the very load it is there to avoid. With N nodes behind a balancer an
///   address gets at most N times the limit, which each node still bears.
final class WidgetPollGuard: Sendable {
    private enum Entry {
        case ready(FreshAnswer<Bool>)
        case reading(Task<Bool, any Error>, startedAt: Date)
    }

    private let entry = Mutex<Entry?>(nil)
    private let polls = Mutex(PollLimit())

    func admit(_ address: String, maxPerWindow: Int, windowSeconds: Int, now: Date) -> PollLimit.Decision {
        polls.withLock { $0.admit(address, maxPerWindow: maxPerWindow, windowSeconds: windowSeconds, now: now) }
    }

    /// The cached answer while it is younger than `lifetime` seconds, else `read()`'s (shared by concurrent
    /// callers); with how many seconds it may still be kept downstream. `lifetime` 0: always read.
    func available(lifetime: Int, now: @Sendable () -> Date, read: @escaping @Sendable () async throws -> Bool)
        async throws -> (available: Bool, secondsLeft: Int)
    {
        guard lifetime > 0 else { return (try await read(), 0) }
        enum Step { case cached(Bool, Date), wait(Task<Bool, any Error>, Date) }
        let start = now()
        let step: Step = entry.withLock { entry in
            switch entry {
            case .ready(let answer)? where answer.secondsLeft(lifetime: lifetime, now: start) != nil:
                return .cached(answer.value, answer.readStartedAt)
            case .reading(let task, let startedAt)? where FreshAnswer(true, readStartedAt: startedAt)
                .secondsLeft(lifetime: lifetime, now: start) != nil:
                return .wait(task, startedAt)
            default:
                let task = Task { try await read() }
                entry = .reading(task, startedAt: start)
                return .wait(task, start)
            }
        }
        let (task, startedAt): (Task<Bool, any Error>, Date)
        switch step {
        case .cached(let value, let readStartedAt):
            let left = FreshAnswer(value, readStartedAt: readStartedAt).secondsLeft(lifetime: lifetime, now: start) ?? 0
            return (value, left)
        case .wait(let waiting, let readStartedAt): (task, startedAt) = (waiting, readStartedAt)
        }
        do {
            let value = try await task.value
            let answer = FreshAnswer(value, readStartedAt: startedAt)
            entry.withLock { entry in
                if case .reading(let current, _)? = entry, current == task { entry = .ready(answer) }
            }
            return (value, answer.secondsLeft(lifetime: lifetime, now: now()) ?? 0)
        } catch {
            // a failed read is not kept: the next poll reads again
            entry.withLock { entry in
                if case .reading(let current, _)? = entry, current == task { entry = nil }
            }
            throw error
        }
    }
}
