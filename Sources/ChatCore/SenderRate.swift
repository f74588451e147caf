/// The per-sender message limit (`ChatEngine::Messages::BurstPerSender` and `PerMinutePerSender`) as a rule
/// over the sender's own recent messages, so it can be checked against the chat log in the database that every
/// node writes to (no count kept in one process). It admits exactly what a token bucket would (`burst`
/// tokens, refilled at `perMinute`): a new message is refused when some run of the sender's latest messages
/// plus the new ones exceeds the burst plus what the rate refilled since the run began. Messages older than
/// `lookback` are not looked at, which only ever favours the sender.
public struct SenderRate: Sendable, Equatable {
    public var burst: Int
    public var perMinute: Int

    public init(burst: Int, perMinute: Int) {
        self.burst = max(1, burst)
        self.perMinute = max(1, perMinute)
    }

    /// How far back messages count: a minute, or the time an empty bucket takes to fill if longer.
    public var lookbackMillis: Int64 {
        max(60_000, Int64(burst) * 60_000 / Int64(perMinute))
    }

    /// The most recent messages worth reading: with more than this many inside the lookback the rule refuses.
    public var mostMessagesLooked: Int {
        burst + Int((Int64(perMinute) * lookbackMillis + 59_999) / 60_000)
    }

    /// Whether `adding` more messages may be sent at `nowMillis`, given the sender's earlier messages'
    /// times (milliseconds since 1970, any order; those outside the lookback are ignored).
    public func admits(adding count: Int = 1, after earlier: [Int64], nowMillis: Int64) -> Bool {
        guard count <= burst else { return false }
        let recent = earlier.filter { $0 > nowMillis - lookbackMillis }.sorted(by: >)
        for (index, at) in recent.enumerated() {
            // the run from the (index+1)-th latest message to now: its messages, the new ones, the tokens refilled
            let run = Int64(index + 1 + count - burst)
            if run > 0 && run * 60_000 > Int64(perMinute) * max(0, nowMillis - at) { return false }
        }
        return true
    }
}
