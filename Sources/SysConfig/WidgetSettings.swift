import ChatCore

/// The website widget (`ChatEngine::PublicInterface::AllowedOrigins`, `…::WidgetPollInterval`): which sites may
/// embed the chat frame and run the loader, and how often a hidden launcher asks whether someone is available.
public struct WidgetSettings: Sendable, Equatable {
    public var allowedOrigins: AllowedOrigins
    /// Seconds between two availability checks of a loader whose launcher waits for an agent.
    public var pollSeconds: Int
    /// Seconds one node keeps the availability answer (`…::WidgetAvailabilityCache`, 0: none): the most any
    /// answer lags behind the database, also in browsers and proxies (`Cache-Control: max-age`).
    public var availabilityCacheSeconds: Int
    /// Availability checks one client address may make per `pollLimitWindowSeconds` on one node
    /// (`…::WidgetPollLimit`, `…::WidgetPollLimitWindow`); more are answered 429 with `Retry-After`.
    public var pollLimit: Int
    public var pollLimitWindowSeconds: Int

    public init(allowedOrigins: AllowedOrigins = .anySite, pollSeconds: Int = 30, availabilityCacheSeconds: Int = 5,
        pollLimit: Int = 300, pollLimitWindowSeconds: Int = 60)
    {
        self.allowedOrigins = allowedOrigins
        self.pollSeconds = pollSeconds
        self.availabilityCacheSeconds = availabilityCacheSeconds
        self.pollLimit = pollLimit
        self.pollLimitWindowSeconds = pollLimitWindowSeconds
    }

    init(reading r: inout SettingReader) {
        let name = "ChatEngine::PublicInterface::AllowedOrigins"
        var entries: [String] = []
        switch r.config.value(named: name) {
        case .array(let items)?:
            for item in items {
                switch item {
                case .string(let text): entries.append(text)
                case .undef: continue
                default: r.report(name, "must list origins (https://www.example.com), not \(item.kindPhrase)")
                }
            }
        case nil, .undef?: break
        case .some(let other): r.report(name, "must be an array of origins, not \(other.kindPhrase)")
        }
        do {
            allowedOrigins = try AllowedOrigins(entries)
        } catch {
            r.report(name, "has a bad entry: \(error)")
            allowedOrigins = .anySite
        }
        pollSeconds = r.int("ChatEngine::PublicInterface::WidgetPollInterval", atLeast: 1)
        availabilityCacheSeconds = r.int("ChatEngine::PublicInterface::WidgetAvailabilityCache")
        pollLimit = r.int("ChatEngine::PublicInterface::WidgetPollLimit", atLeast: 1)
        pollLimitWindowSeconds = r.int("ChatEngine::PublicInterface::WidgetPollLimitWindow", atLeast: 1)
    }
}
