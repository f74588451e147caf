import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SysConfig
import Testing

/// A target outside ChatEngine (a ticket system, a mail server) that dedups by idempotency key, as the
/// real ones are asked to: it counts calls and effects, and plays a script of outcomes first.
final class FlakyTarget: Sendable {
    enum Outcome: Sendable {
        case down
        /// Applies the effect, then the answer is lost (a timeout after the write).
        case appliedButLost
        /// Hangs until the attempt is cancelled.
        case hang
    }

    struct State {
        var script: [Outcome]
        var calls = 0
        var effects: [String: Int] = [:]
        var started = 0
    }

    private let state: Mutex<State>

    init(_ script: [Outcome] = []) {
        state = Mutex(State(script: script))
    }

    var calls: Int { state.withLock { $0.calls } }
    var started: Int { state.withLock { $0.started } }
    func effects(_ key: String) -> Int { state.withLock { $0.effects[key] ?? 0 } }

    struct Down: Error, CustomStringConvertible {
        let description: String
    }

    func call(key: String) async throws {
        let outcome: Outcome? = state.withLock { state in
            state.calls += 1
            state.started += 1
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        switch outcome {
        case .down?:
            throw Down(description: "target down (call \(calls))")
        case .appliedButLost?:
            state.withLock { if $0.effects[key] == nil { $0.effects[key] = 1 } }
            throw Down(description: "no answer after the write")
        case .hang?:
            try await Task.sleep(for: .seconds(3600))
        case nil:
            // the effect happens once per key, however often it is asked for
            state.withLock { if $0.effects[key] == nil { $0.effects[key] = 1 } }
        }
    }
}

struct FlakyHandler: OutboxHandler {
    let kind = "flaky"
    let target: FlakyTarget

    func perform(_ work: OutboxWork) async throws {
        try await target.call(key: work.idempotencyKey)
    }
}

struct BrokenPayloadHandler: OutboxHandler {
    let kind = "broken"

    func perform(_ work: OutboxWork) async throws {
        throw OutboxPermanentError("cannot read \(work.payload)")
    }
}

@Suite("Outbox: retries with backoff, restarts, shutdown, several workers", .timeLimit(.minutes(5)))
struct OutboxTests {
    static let logger = Logger(label: "test.outbox")

    static func settings(_ extra: String = "") throws -> ChatEngineSettingsBox {
        ChatEngineSettingsBox(try ServiceHarness.settings("""
                $Self->{'ChatEngine::Outbox::RetryMinimum'} = 10;
                $Self->{'ChatEngine::Outbox::RetryMaximum'} = 40;
                $Self->{'ChatEngine::Outbox::MaxAttempts'} = 6;
                $Self->{'ChatEngine::Outbox::ClaimSeconds'} = 60;
            \(extra)
            """))
    }

    /// An engine on a new store instance of the harness's database: a process starting.
    static func start(_ harness: StoreHarness, settings: ChatEngineSettingsBox, clock: TestClock, target: FlakyTarget)
        async throws -> Engine
    {
        let store = try await harness.open()
        let engine = Engine(store: store, settings: { settings.value }, clock: { clock.now }, close: { await store.close() })
        engine.outbox.register(FlakyHandler(target: target))
        engine.outbox.register(BrokenPayloadHandler())
        return engine
    }

    static func withHarness(_ engine: StoreEngine, _ body: (StoreHarness) async throws -> Void) async throws {
        let harness = try await StoreHarness.make(engine)
        do {
            try await body(harness)
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }

    @Test("a target that fails, then takes the write but loses the answer, then recovers, with a restart between every attempt: the effect happens exactly once",
        arguments: StoreEngine.allCases)
    func failThenRecoverAcrossRestarts(_ storeEngine: StoreEngine) async throws {
        try await Self.withHarness(storeEngine) { harness in
            let settings = try Self.settings(), clock = TestClock()
            let target = FlakyTarget([.down, .down, .appliedButLost])
            var engine = try await Self.start(harness, settings: settings, clock: clock, target: target)
            let queued = try await engine.outbox.enqueue(kind: "flaky", idempotencyKey: "chat-7-log", payload: "{}")
            let again = try await engine.outbox.enqueue(kind: "flaky", idempotencyKey: "chat-7-log", payload: "{\"other\":1}")
            let all = try await engine.outbox.items()
            #expect(again.id == queued.id && all.count == 1, "the same key is queued once")

            var previousDelay: TimeInterval = 0
            for attempt in 1...3 {
                let round = try await engine.outbox.workDue()
                #expect(round == OutboxRound.with(retried: 1), "attempt \(attempt)")
                let item = try #require(try await engine.outbox.item(id: queued.id))
                #expect(item.state == .pending && item.attempts == attempt && item.claimedUntil == nil)
                #expect(item.lastError == (attempt < 3 ? "target down (call \(attempt))" : "no answer after the write"))
                // RetryMinimum 10 doubling to RetryMaximum 40, ±20 % but never outside them
                let delay = item.nextAttemptAt.timeIntervalSince(clock.now)
                let expected = [10.0, 20, 40][attempt - 1]
                #expect(delay >= max(10, expected * 0.8) - 0.01 && delay <= min(40, expected * 1.2) + 0.01, "attempt \(attempt): \(delay)")
                #expect(delay > previousDelay || delay == 40)
                previousDelay = delay
                #expect(try await engine.outbox.workDue().attempted == 0, "not due before its retry time")
                // the process ends and another starts on the same database
                await engine.close()
                clock.advance(delay)
                engine = try await Self.start(harness, settings: settings, clock: clock, target: target)
            }
            #expect(try await engine.outbox.workDue() == OutboxRound.with(done: 1))
            let done = try #require(try await engine.outbox.item(idempotencyKey: "chat-7-log"))
            #expect(done.state == .done && done.attempts == 4 && done.doneAt == clock.now)
            #expect(done.lastError == "no answer after the write", "the last error stays recorded")
            #expect(done.claimedBy == engine.outbox.claimer)
            #expect(target.calls == 4 && target.effects("chat-7-log") == 1, "four calls, one effect")
            #expect(try await engine.outbox.counts() == [.pending: 0, .done: 1, .failed: 0])
            await engine.close()
        }
    }

    @Test("after MaxAttempts an item is failed and waits for an admin's retry; a permanent error fails at once; an unknown kind is retried",
        arguments: StoreEngine.allCases)
    func maxAttemptsAndRetry(_ storeEngine: StoreEngine) async throws {
        try await Self.withHarness(storeEngine) { harness in
            let settings = try Self.settings("    $Self->{'ChatEngine::Outbox::MaxAttempts'} = 3;")
            let clock = TestClock()
            let target = FlakyTarget(Array(repeating: .down, count: 3))
            let engine = try await Self.start(harness, settings: settings, clock: clock, target: target)
            let item = try await engine.outbox.enqueue(kind: "flaky", idempotencyKey: "k", payload: "{}")
            for _ in 1...3 {
                _ = try await engine.outbox.workDue()
                clock.advance(41)
            }
            var failed = try #require(try await engine.outbox.item(id: item.id))
            #expect(failed.state == .failed && failed.attempts == 3 && failed.lastError == "target down (call 3)")
            clock.advance(100_000)
            #expect(try await engine.outbox.workDue().attempted == 0, "a failed item is not taken again by itself")
            try await engine.outbox.retry(id: item.id)
            #expect(try await engine.outbox.workDue() == OutboxRound.with(done: 1))
            failed = try #require(try await engine.outbox.item(id: item.id))
            #expect(failed.state == .done && failed.attempts == 1 && target.effects("k") == 1)
            await #expect(throws: EngineError.refused("only a pending or failed outbox item can be retried")) {
                try await engine.outbox.retry(id: item.id)
            }

            let broken = try await engine.outbox.enqueue(kind: "broken", idempotencyKey: "b", payload: "garbage")
            #expect(try await engine.outbox.workDue() == OutboxRound.with(failed: 1))
            let brokenNow = try #require(try await engine.outbox.item(id: broken.id))
            #expect(brokenNow.state == .failed && brokenNow.attempts == 1 && brokenNow.lastError == "cannot read garbage")

            let unknown = try await engine.outbox.enqueue(kind: "fax", idempotencyKey: "f", payload: "{}")
            #expect(try await engine.outbox.workDue() == OutboxRound.with(retried: 1))
            let unknownNow = try #require(try await engine.outbox.item(id: unknown.id))
            #expect(unknownNow.state == .pending && unknownNow.lastError == "no handler for outbox items of kind fax")
            #expect(try await engine.outbox.counts() == [.pending: 1, .done: 1, .failed: 1])
            await engine.close()
        }
    }

    @Test("ChatEngine::Outbox::* defaults, overrides, and refusals naming the setting")
    func settingsRead() throws {
        let defaults = try ServiceHarness.settings().outbox
        #expect(defaults == OutboxSettings(pollInterval: 5, claimSeconds: 300, retryMinimum: 10, retryMaximum: 3600, maxAttempts: 20))
        let changed = try Self.settings("    $Self->{'ChatEngine::Outbox::PollInterval'} = 2;").value.outbox
        #expect(changed == OutboxSettings(pollInterval: 2, claimSeconds: 60, retryMinimum: 10, retryMaximum: 40, maxAttempts: 6))
        for (line, message) in [
            ("$Self->{'ChatEngine::Outbox::RetryMaximum'} = 5;", "ChatEngine::Outbox::RetryMaximum: must be at least ChatEngine::Outbox::RetryMinimum (10)"),
            ("$Self->{'ChatEngine::Outbox::ClaimSeconds'} = 3;", "ChatEngine::Outbox::ClaimSeconds: must be a whole number of at least 10"),
            ("$Self->{'ChatEngine::Outbox::MaxAttempts'} = 0;", "ChatEngine::Outbox::MaxAttempts: must be a whole number of at least 1"),
            ("$Self->{'ChatEngine::Outbox::PollInterval'} = 'often';", "ChatEngine::Outbox::PollInterval: 'often' does not match its ValueRegex"),
        ] {
            #expect { _ = try ServiceHarness.settings("    " + line) } throws: { "\($0)".contains(message) }
        }
    }

    @Test("backoff: RetryMinimum doubling up to RetryMaximum, spread ±20 % within them")
    func backoff() {
        #expect(OutboxBackoff.delay(afterAttempts: 1, minimum: 10, maximum: 3600, jitter: 0.5) == 10)
        #expect(OutboxBackoff.delay(afterAttempts: 2, minimum: 10, maximum: 3600, jitter: 0.5) == 20)
        #expect(OutboxBackoff.delay(afterAttempts: 5, minimum: 10, maximum: 3600, jitter: 0.5) == 160)
        #expect(OutboxBackoff.delay(afterAttempts: 9, minimum: 10, maximum: 3600, jitter: 0.5) == 2560)
        #expect(OutboxBackoff.delay(afterAttempts: 10, minimum: 10, maximum: 3600, jitter: 0.5) == 3600)
        #expect(OutboxBackoff.delay(afterAttempts: 500, minimum: 10, maximum: 3600, jitter: 1) == 3600)
        #expect(OutboxBackoff.delay(afterAttempts: 3, minimum: 10, maximum: 3600, jitter: 0) == 32)
        #expect(OutboxBackoff.delay(afterAttempts: 3, minimum: 10, maximum: 3600, jitter: 1) == 48)
        #expect(OutboxBackoff.delay(afterAttempts: 1, minimum: 10, maximum: 3600, jitter: 0) == 10, "never below the minimum")
    }

    @Test("a graceful shutdown mid-attempt stops the worker before the store closes; the item is taken again after ClaimSeconds, once",
        arguments: StoreEngine.allCases)
    func shutdownMidWork(_ storeEngine: StoreEngine) async throws {
        try await Self.withHarness(storeEngine) { harness in
            let settings = try Self.settings(), clock = TestClock()
            let target = FlakyTarget([.hang])
            let engine = try await Self.start(harness, settings: settings, clock: clock, target: target)
            let item = try await engine.outbox.enqueue(kind: "flaky", idempotencyKey: "k", payload: "{}")
            // the server's order: the store closer first (it stops last), then the outbox worker
            let group = ServiceGroup(configuration: .init(services: [engine.storeService(), engine.outboxService(logger: Self.logger)],
                logger: Self.logger))
            let running = Task { try await group.run() }
            let deadline = Date().addingTimeInterval(10)
            while target.started == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(target.started == 1, "the worker took the item at once")
            let stopping = Date()
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(Date().timeIntervalSince(stopping) < 5, "the hanging attempt does not hold the shutdown")

            let store = try await harness.open()
            let held = try #require(try await store.outboxItem(id: item.id))
            #expect(held.state == .pending && held.attempts == 1 && held.lastError == nil)
            #expect(held.claimedBy == engine.outbox.claimer && held.claimedUntil == clock.now.addingTimeInterval(60))
            await store.close()

            let next = try await Self.start(harness, settings: settings, clock: clock, target: target)
            clock.advance(59)
            #expect(try await next.outbox.workDue().attempted == 0, "the claim still runs")
            clock.advance(1)
            #expect(try await next.outbox.workDue() == OutboxRound.with(done: 1))
            let done = try #require(try await next.outbox.item(id: item.id))
            #expect(done.state == .done && done.attempts == 2 && done.claimedBy == next.outbox.claimer)
            #expect(target.effects("k") == 1)
            await next.close()
        }
    }

    @Test("the worker starts local work at once and finds other processes' work every PollInterval",
        arguments: StoreEngine.allCases)
    func pollInterval(_ storeEngine: StoreEngine) async throws {
        try await Self.withHarness(storeEngine) { harness in
            let clock = TestClock()
            let target = FlakyTarget()
            for (interval, foundWithin) in [(1, true), (3600, false)] {
                let settings = try Self.settings("    $Self->{'ChatEngine::Outbox::PollInterval'} = \(interval);")
                let engine = try await Self.start(harness, settings: settings, clock: clock, target: target)
                let worker = Task { await engine.outbox.run(logger: Self.logger) }
                // this process's own work: at once, whatever the interval
                let own = try await engine.outbox.enqueue(kind: "flaky", idempotencyKey: "own-\(interval)", payload: "{}")
                #expect(try await Self.waitUntilDone(engine, own.id, seconds: 15), "own work, PollInterval \(interval)")
                try await Task.sleep(for: .milliseconds(200))  // the worker is asleep again
                // another process's work: found at the next look
                let other = try await harness.open()
                let foreign = try await other.enqueueOutbox(NewOutboxItem(kind: "flaky", idempotencyKey: "other-\(interval)",
                    payload: "{}"), now: clock.now).item
                await other.close()
                // generous when it must be found (a loaded machine); the hour-long interval must not find it in 3 s
                #expect(try await Self.waitUntilDone(engine, foreign.id, seconds: foundWithin ? 15 : 3) == foundWithin,
                    "PollInterval \(interval)")
                worker.cancel()
                await worker.value
                await engine.close()
            }
        }
    }

    static func waitUntilDone(_ engine: Engine, _ id: Int64, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await engine.outbox.item(id: id)?.state == .done { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }
}

/// Settings shared with the engine's settings closure.
final class ChatEngineSettingsBox: Sendable {
    let value: ChatEngineSettings
    init(_ value: ChatEngineSettings) { self.value = value }
}

extension OutboxRound {
    static func with(done: Int = 0, retried: Int = 0, failed: Int = 0, unrecorded: Int = 0) -> OutboxRound {
        var round = OutboxRound()
        round.done = done
        round.retried = retried
        round.failed = failed
        round.unrecorded = unrecorded
        return round
    }
}
