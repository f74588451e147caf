import ChatCore

/// Abuse protection of new chat requests (`ChatEngine::PublicInterface::*`): blocked address ranges, the
/// per-visitor hourly limit, and how long an agent's "block this visitor" lasts. The per-address limit is
/// `ChatEngineSettings.publicMaxRequestsPerHourPerIP`, the older setting.
public struct AbuseSettings: Sendable, Equatable {
    /// `BlockedIPRanges`: CIDR ranges (IPv4 and IPv6) whose chat requests are refused.
    public var blockedIPRanges: [IPRange]
    /// `MaxRequestsPerHourPerVisitor`: new chats one visitor token may request within an hour.
    public var maxRequestsPerHourPerVisitor: Int
    /// `BlockDuration`: seconds an agent's block of a visitor lasts.
    public var blockDurationSeconds: Int

    public init(blockedIPRanges: [IPRange] = [], maxRequestsPerHourPerVisitor: Int = 5, blockDurationSeconds: Int = 86400) {
        self.blockedIPRanges = blockedIPRanges
        self.maxRequestsPerHourPerVisitor = maxRequestsPerHourPerVisitor
        self.blockDurationSeconds = blockDurationSeconds
    }

    init(reading r: inout SettingReader) {
        let p = "ChatEngine::PublicInterface::"
        blockedIPRanges = []
        for entry in r.strings(p + "BlockedIPRanges") {
            do {
                blockedIPRanges.append(try IPRange(entry))
            } catch {
                r.report(p + "BlockedIPRanges", "has a bad entry: \(error)")
            }
        }
        maxRequestsPerHourPerVisitor = r.int(p + "MaxRequestsPerHourPerVisitor", atLeast: 1)
        blockDurationSeconds = r.int(p + "BlockDuration", atLeast: 1)
    }
}

extension SettingReader {
    /// An array of single values (an absent or undef setting is empty).
    mutating func strings(_ name: String) -> [String] {
        switch config.value(named: name) {
        case .array(let items):
            var values: [String] = []
            for item in items {
                switch item {
                case .string(let text): values.append(text)
                case .undef: continue
                default: report(name, "must list single values, not \(item.kindPhrase)")
                }
            }
            return values
        case nil, .undef?: return []
        case .some(let other):
            report(name, "must be an array, not \(other.kindPhrase)")
            return []
        }
    }
}
