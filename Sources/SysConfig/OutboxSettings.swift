/// `ChatEngine::Outbox::*`: how the durable outbox works off its items (see `ChatEngine.xml`). Seconds.
public struct OutboxSettings: Sendable, Equatable {
    /// How often a server looks for due items when nothing woke it earlier.
    public var pollInterval: Int
    /// How long a claim runs: a process that died holding an item gives it up after this long.
    public var claimSeconds: Int
    /// The wait after a first failure, doubling with each further failure up to `retryMaximum` (with jitter).
    public var retryMinimum: Int
    public var retryMaximum: Int
    /// Attempts after which an item is `failed` and waits for an admin's retry.
    public var maxAttempts: Int

    public init(pollInterval: Int = 5, claimSeconds: Int = 300, retryMinimum: Int = 10, retryMaximum: Int = 3600,
        maxAttempts: Int = 20)
    {
        self.pollInterval = pollInterval
        self.claimSeconds = claimSeconds
        self.retryMinimum = retryMinimum
        self.retryMaximum = retryMaximum
        self.maxAttempts = maxAttempts
    }

    init(reading r: inout SettingReader) {
        let o = "ChatEngine::Outbox::"
        pollInterval = r.int(o + "PollInterval", atLeast: 1)
        claimSeconds = r.int(o + "ClaimSeconds", atLeast: 10)
        retryMinimum = r.int(o + "RetryMinimum", atLeast: 1)
        retryMaximum = r.int(o + "RetryMaximum", atLeast: 1)
        maxAttempts = r.int(o + "MaxAttempts", atLeast: 1)
        if retryMaximum < retryMinimum {
            r.report(o + "RetryMaximum", "must be at least ChatEngine::Outbox::RetryMinimum (\(retryMinimum))")
            retryMaximum = retryMinimum
        }
    }
}
