import Foundation

/// How often one client address may ask a cheap, public question (the widget's availability) in fixed windows:
/// at most `maxPerWindow` asks per `windowSeconds`, counted from the address's first ask of the window. Pure: the
/// caller keeps the value (per node, see `WidgetPollGuard`) and passes the time.
public struct PollLimit: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; the window ends in `retryAfter` whole seconds (at least 1).
        case refused(retryAfter: Int)
    }

    private struct Window {
        var start: Date
        var count: Int
    }

    private var windows: [String: Window] = [:]
    /// Addresses remembered at most; when full, expired windows go first, then all (which only favours clients).
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    public var trackedAddresses: Int { windows.count }

    public mutating func admit(_ address: String, maxPerWindow: Int, windowSeconds: Int, now: Date) -> Decision {
        let length = TimeInterval(max(1, windowSeconds))
        func expired(_ window: Window) -> Bool { now.timeIntervalSince(window.start) >= length || now < window.start }
        if windows.count >= capacity, windows[address] == nil {
            windows = windows.filter { !expired($0.value) }
            if windows.count >= capacity { windows.removeAll(keepingCapacity: true) }
        }
        var window = windows[address].flatMap { expired($0) ? nil : $0 } ?? Window(start: now, count: 0)
        guard window.count < maxPerWindow else {
            let left = length - now.timeIntervalSince(window.start)
            return .refused(retryAfter: max(1, Int(left.rounded(.up))))
        }
        window.count += 1
        windows[address] = window
        return .allowed
    }
}
