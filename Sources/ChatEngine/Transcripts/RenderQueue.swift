import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs CPU-bound work (a PDF render) on threads of its own, never on the server's event loops nor on Swift's
/// cooperative pool, so a download cannot hold up chat delivery. At most `maxRunning` jobs run at once; up to
/// `maxWaiting` more wait in order; one more is refused at once (`RenderQueueError.busy`) instead of piling up.
/// A waiting job whose caller gave up (its task was cancelled: the browser went away) is dropped unrun.
///
/// Threads are started as work needs them, up to `maxRunning`, and kept while work comes: Pango keeps its font
/// map and caches per thread, so a warm thread renders without loading them again. A thread idle for
/// `idleLifetime` ends; the limits are read per job and per thread turn (a reload applies at once).
public final class RenderQueue: Sendable {
    public struct Limits: Sendable, Equatable {
        public var maxRunning: Int
        public var maxWaiting: Int

        public init(maxRunning: Int, maxWaiting: Int) {
            self.maxRunning = max(maxRunning, 1)
            self.maxWaiting = max(maxWaiting, 0)
        }
    }

    /// How many jobs run and wait now.
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
        /// Does the work and returns how to hand its result over (done after the job stops counting as running,
        /// so the caller's next job finds the thread free).
        let run: @Sendable () -> @Sendable () -> Void
        let cancel: @Sendable () -> Void
    }

    private struct State {
        var running = 0
        var waiting: [Job] = []
        var threads = 0
        var nextID: UInt64 = 0
    }

    private enum Admission { case queued, queuedWithNewThread, refused }
    private enum Turn { case run(Job), idle, exit }

    private let state = Mutex(State())
    /// One signal per job queued: a thread waiting here takes it.
    private let wakeUp = DispatchSemaphore(value: 0)
    private let limits: @Sendable () -> Limits
    private let threadName: String
    private let idleLifetime: TimeInterval

    public init(name: String = "chatengine-render", idleLifetime: TimeInterval = 60,
        limits: @escaping @Sendable () -> Limits)
    {
        self.threadName = name
        self.idleLifetime = idleLifetime
        self.limits = limits
    }

    public var load: Load {
        state.withLock { Load(running: $0.running, waiting: $0.waiting.count) }
    }

    private static let queueNameKey = "ChatEngine.RenderQueue"

    /// The name of the render queue whose thread this is (nil on any other thread).
    public static var currentQueueName: String? {
        Thread.current.threadDictionary[queueNameKey] as? String
    }

    /// Render threads alive now (running or idle).
    public var threadCount: Int {
        state.withLock { $0.threads }
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
                let job = Job(id: jobID, run: {
                    let result = Result { try work() }
                    return { continuation.resume(with: result) }
                }, cancel: { continuation.resume(throwing: CancellationError()) })
                let limits = self.limits()
                let admission = state.withLock { state -> Admission in
                    guard state.running + state.waiting.count < limits.maxRunning + limits.maxWaiting else { return .refused }
                    state.waiting.append(job)
                    // one thread per job at work or waiting, up to the limit; idle ones take jobs first
                    guard state.threads < limits.maxRunning, state.threads < state.running + state.waiting.count else {
                        return .queued
                    }
                    state.threads += 1
                    return .queuedWithNewThread
                }
                switch admission {
                case .refused:
                    continuation.resume(throwing: RenderQueueError.busy(running: limits.maxRunning, waiting: limits.maxWaiting))
                case .queued:
                    wakeUp.signal()
                case .queuedWithNewThread:
                    wakeUp.signal()
                    startThread()
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

    /// The render threads run at the lowest nice level (19): on a busy machine the event loops, the store and
    /// everything else come first and a render takes what CPU is left, so downloads do not slow chat delivery.
    /// (Not `SCHED_IDLE`: a nice-19 thread still gets a small share, so renders finish on a loaded machine.)
    private static func yieldToChat() {
        #if os(Linux)
        // this thread's kernel ID (glibc's gettid() is not visible to Swift): /proc/thread-self → "pid/task/tid"
        var link = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &link, link.count - 1)
        guard length > 0, let tid = id_t(String(decoding: link[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: "/").last ?? "")
        else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, 19)
        #endif
    }

    private func startThread() {
        let name = threadName
        let thread = Thread { [self] in
            Thread.current.threadDictionary[Self.queueNameKey] = name
            // for ps and debuggers, best effort: Foundation on Linux does not always apply it (it races with start)
            Thread.current.name = name
            Self.yieldToChat()
            while true {
                switch nextTurn(woken: wakeUp.wait(timeout: .now() + idleLifetime) == .success) {
                case .run(let job):
                    let handOver = job.run()
                    state.withLock { $0.running -= 1 }
                    handOver()
                case .idle:
                    continue
                case .exit:
                    return
                }
            }
        }
        // Pango, HarfBuzz and fontconfig run on this stack: the platform's main-thread size, not a small default
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// What a thread does after a wake-up (or after waiting `idleLifetime` in vain).
    private func nextTurn(woken: Bool) -> Turn {
        let maxRunning = limits().maxRunning
        let (turn, passOn) = state.withLock { state -> (Turn, Bool) in
            if state.threads > maxRunning {
                // the limit was lowered: this thread ends; a job it was woken for goes to another one
                state.threads -= 1
                return (.exit, woken && !state.waiting.isEmpty)
            }
            if !state.waiting.isEmpty {
                state.running += 1
                return (.run(state.waiting.removeFirst()), false)
            }
            guard woken else {
                state.threads -= 1
                return (.exit, false)
            }
            return (.idle, false)  // its job was cancelled meanwhile
        }
        if passOn { wakeUp.signal() }
        return turn
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
