import ChatCore
import Testing

/// `SenderRate` decides from the sender's earlier messages exactly what the token bucket it replaced decided
/// from its in-memory state.
@Suite("Per-sender message rate from the log")
struct SenderRateTests {
    /// The bucket the limit used to be, in exact integer arithmetic: tokens in 1/60000ths, refilled per ms.
    struct TokenBucket {
        let burst: Int64, perMinute: Int64
        var tokens: Int64
        var at: Int64

        init(burst: Int, perMinute: Int, at: Int64) {
            self.burst = Int64(burst)
            self.perMinute = Int64(perMinute)
            tokens = Int64(burst) * 60_000
            self.at = at
        }

        mutating func take(at now: Int64) -> Bool {
            tokens = min(burst * 60_000, tokens + perMinute * (now - at))
            at = now
            guard tokens >= 60_000 else { return false }
            tokens -= 60_000
            return true
        }
    }

    @Test("random senders within the lookback: the same messages admitted as by the token bucket")
    func sameAsTokenBucket() {
        var generator = SplitMix(seed: 19)
        for _ in 0..<400 {
            let rate = SenderRate(burst: Int.random(in: 1...8, using: &generator), perMinute: Int.random(in: 1...600, using: &generator))
            var bucket = TokenBucket(burst: rate.burst, perMinute: rate.perMinute, at: 0)
            var sent: [Int64] = []
            var now: Int64 = 0
            var decisions: [(Bool, Bool)] = []
            while now < 55_000 {
                now += Int64.random(in: 0...1500, using: &generator) / 50 * 50  // ties and exact refill boundaries
                let fromLog = rate.admits(after: sent, nowMillis: now)
                decisions.append((fromLog, bucket.take(at: now)))
                if fromLog { sent.append(now) }
            }
            #expect(decisions.allSatisfy { $0.0 == $0.1 }, "\(rate): \(decisions.map { "\($0.0 ? 1 : 0)\($0.1 ? 1 : 0)" })")
        }
    }

    @Test("a burst, then one message per refilled token; messages older than the lookback are ignored")
    func burstAndRefill() {
        let rate = SenderRate(burst: 3, perMinute: 60)
        #expect(rate.admits(after: [0, 0], nowMillis: 0))
        #expect(!rate.admits(after: [0, 0, 0], nowMillis: 0))
        #expect(!rate.admits(after: [0, 0, 0], nowMillis: 999))
        #expect(rate.admits(after: [0, 0, 0], nowMillis: 1000))
        #expect(!rate.admits(after: [0, 0, 0, 1000], nowMillis: 1000))
        #expect(!rate.admits(adding: 4, after: [], nowMillis: 0), "never more than the burst at once")
        #expect(rate.admits(after: Array(repeating: 0, count: 100), nowMillis: rate.lookbackMillis))
        #expect(SenderRate(burst: 600, perMinute: 60).lookbackMillis == 600_000, "as long as the burst takes to refill")
    }

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
