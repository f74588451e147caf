import Foundation
import Synchronization

/// Runs CPU-bound work (a PDF render) on threads of its own, never on the server's event loops nor on Swift's
/// cooperative pool, so a download cannot hold up chat delivery. At most `maxRunning` jobs run at once; up to
/// `maxWaiting` more wait in order; one more is refused at once (`RenderQueueError.busy`) instead of piling up.
/// A waiting job whose caller gave up (its task was cancelled: the browser went away) is dropped unrun.
///
/// A thread is started when a job finds a free slot and keeps taking waiting jobs until none is left, then
/// ends: an idle server holds no render threads, and the limits are read per job (a reload applies at once).
public final class RenderQueue: Sendable {
    public struct Limits: Sendable, Equatable {
        public var maxRunning: Int
        public var maxWaiting: Int

        public init(maxRunning: Int, maxWaiting: Int) {
            self.maxRunning = max(maxRunning, 1)
            self.maxWaiting = max(maxWaiting, 0)
        }
    }

    /// How many run and wait now (for tests and health).
    public struct Load: Sendable, Equatable {
        public var running: Int
        public var waiting: Int

        public init(running: Int, waiting: Int) {
            self.running = running
            self.waiting = waiting
        }
    }

    private struct Job: Sendable {
        let id: UInt64
        let run: @Sendable () -> Void
        let cancel: @Sendable () -> Void
    }

    private enum Decision { case start, wait, refuse }

    private struct State {
        var running = 0
        var waiting: [Job] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let limits: @Sendable () -> Limits
    private let threadName: String

    public init(name: String = "chatengine-render", limits: @escaping @Sendable () -> Limits) {
        self.threadName = name
        self.limits = limits
    }

    public var load: Load {
        state.withLock { Load(running: $0.running, waiting: $0.waiting.count) }
    }

    /// Runs `work` on a render thread and returns its result; throws `RenderQueueError.busy` when every thread
    /// is taken and the waiting line is full, `CancellationError` when the caller is cancelled while waiting.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let jobID = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let job = Job(id: jobID, run: { continuation.resume(with: Result { try work() }) },
                    cancel: { continuation.resume(throwing: CancellationError()) })
                let limits = self.limits()
                let decision = state.withLock { state -> Decision in
                    if state.running < limits.maxRunning {
                        state.running += 1
                        return .start
                    }
                    guard state.waiting.count < limits.maxWaiting else { return .refuse }
                    state.waiting.append(job)
                    return .wait
                }
                switch decision {
                case .start: startThread(with: job)
                case .wait: break
                case .refuse: continuation.resume(throwing: RenderQueueError.busy(running: limits.maxRunning,
                    waiting: limits.maxWaiting))
                }
            }
        } onCancel: {
            // only a job still waiting is dropped; one that runs finishes (a render cannot be interrupted)
            let dropped = state.withLock { state -> Job? in
                guard let index = state.waiting.firstIndex(where: { $0.id == jobID }) else { return nil }
                return state.waiting.remove(at: index)
            }
            dropped?.cancel()
        }
    }

    private func startThread(with first: Job) {
        let name = threadName
        let thread = Thread { [self] in
            // named from inside: on Linux a name given before start is not applied (the creator's is inherited)
            Thread.current.name = name
            var job: Job? = first
            while let current = job {
                current.run()
                let maxRunning = limits().maxRunning
                job = state.withLock { state -> Job? in
                    // a lowered limit (a reload) ends surplus threads as their job finishes
                    if !state.waiting.isEmpty && state.running <= maxRunning { return state.waiting.removeFirst() }
                    state.running -= 1
                    return nil
                }
            }
        }
        // Pango, HarfBuzz and fontconfig run on this stack: the platform's main-thread size, not a small default
        thread.stackSize = 8 << 20
        thread.start()
    }
}

public enum RenderQueueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every render thread is busy and the waiting line is full.
    case busy(running: Int, waiting: Int)

    public var description: String {
        switch self {
        case .busy: "Too many transcripts are being made right now; try again in a moment."
        }
    }
}
