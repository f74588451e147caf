import Foundation

/// How long an outbox item waits after a failure: `RetryMinimum` seconds after the first, doubling with
/// each further failure up to `RetryMaximum`, spread by ±20 % so that items that failed together (a target
/// that was down) do not all come back in the same second. Pure: the random part is passed in.
public enum OutboxBackoff {
    /// `jitter` in 0...1 (0.5: no spread).
    public static func delay(afterAttempts attempts: Int, minimum: Int, maximum: Int, jitter: Double) -> TimeInterval {
        let low = Double(max(minimum, 1)), high = Double(max(maximum, minimum, 1))
        let doublings = min(max(attempts - 1, 0), 62)
        let base = min(high, low * pow(2, Double(doublings)))
        let spread = base * (0.8 + 0.4 * min(max(jitter, 0), 1))
        // whole milliseconds, as the store keeps times
        return (min(high, max(low, spread)) * 1000).rounded() / 1000
    }
}
