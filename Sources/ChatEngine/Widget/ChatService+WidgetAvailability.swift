import ChatCore
import Foundation

/// What a widget loader learns before it shows its launcher, cheap enough for every host page to poll.
public struct WidgetAvailabilityAnswer: Sendable, Equatable {
    public let available: Bool
    /// When the loader asks again (`WidgetPollInterval`).
    public let pollSeconds: Int
    /// How long browsers and proxies may keep this answer (`Cache-Control: max-age`): what is left of
    /// `WidgetAvailabilityCache` since the answer was read, so no copy anywhere outlives the setting.
    public let maxAgeSeconds: Int
}

/// A client address asked for the widget's availability too often (`WidgetPollLimit`).
public struct WidgetPollsTooFrequent: Error, Sendable, Equatable, CustomStringConvertible {
    public let retryAfter: Int
    public var code: String { "RateLimited" }
    public var description: String {
        "Too many availability checks from this address; ask again in \(retryAfter) seconds."
    }
}

extension ChatService {
    /// Whether a visitor could start a chat now, for a loader on `origin` at `clientAddress`: refused
    /// (`WidgetError.originNotAllowed`) for a site not allowed, `WidgetPollsTooFrequent` above the address's
    /// limit, else the answer (cached, see `WidgetPollGuard`).
    /// `isOwnSite`: the page is ChatEngine's own (the snippet generator's preview), allowed whatever the list says.
    public func widgetAvailability(origin: String, isOwnSite: Bool = false, clientAddress: String) async throws
        -> WidgetAvailabilityAnswer
    {
        let widget = settings.widget
        guard isOwnSite || widget.allowedOrigins.allows(origin) else { throw WidgetError.originNotAllowed(origin) }
        let decision = widgetPolls.admit(clientAddress, maxPerWindow: widget.pollLimit,
            windowSeconds: widget.pollLimitWindowSeconds, now: now())
        if case .refused(let retryAfter) = decision { throw WidgetPollsTooFrequent(retryAfter: retryAfter) }
        let (available, secondsLeft) = try await widgetPolls.available(lifetime: widget.availabilityCacheSeconds,
            now: now) { [self] in try await requestsOpen(for: .visitor) }
        return WidgetAvailabilityAnswer(available: available, pollSeconds: widget.pollSeconds, maxAgeSeconds: secondsLeft)
    }
}
