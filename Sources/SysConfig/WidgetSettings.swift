import ChatCore

/// The website widget (`ChatEngine::PublicInterface::AllowedOrigins`, `…::WidgetPollInterval`): which sites may
/// embed the chat frame and run the loader, and how often a hidden launcher asks whether someone is available.
public struct WidgetSettings: Sendable, Equatable {
    public var allowedOrigins: AllowedOrigins
    /// Seconds between two availability checks of a loader whose launcher waits for an agent.
    public var pollSeconds: Int

    public init(allowedOrigins: AllowedOrigins = .anySite, pollSeconds: Int = 30) {
        self.allowedOrigins = allowedOrigins
        self.pollSeconds = pollSeconds
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
    }
}
