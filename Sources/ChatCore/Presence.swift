import Foundation

/// A person's presence, as the participant list and the people-online panel colour it.
public enum Presence: String, Sendable, Codable, CaseIterable {
    /// Green: a live tab and input within the online threshold.
    case active
    /// Yellow: a live tab, but no input for the online threshold.
    case away
    /// Red: the agent switched chat off.
    case unavailable
    /// Black: no live tab, logged out, or session expired.
    case offline
}

/// The two inputs presence is computed from, and the clock-free rule that combines them. Every time
/// comes in as an argument, so tests need no sleeping.
public struct PresenceRule: Sendable, Equatable {
    /// How often an open tab sends its heartbeat.
    public var heartbeatInterval: TimeInterval
    /// Extra time allowed for a page navigation between two tabs' heartbeats.
    public var grace: TimeInterval
    /// `ChatEngine::AgentOnlineThreshold` / `CustomerOnlineThreshold`, in seconds.
    public var onlineThreshold: TimeInterval

    public init(heartbeatInterval: TimeInterval = 15, grace: TimeInterval = 5, onlineThreshold: TimeInterval) {
        self.heartbeatInterval = heartbeatInterval
        self.grace = grace
        self.onlineThreshold = onlineThreshold
    }

    /// A tab is live while its last heartbeat is at most two intervals plus the grace old.
    public func isLive(lastHeartbeat: Date?, now: Date) -> Bool {
        guard let lastHeartbeat else { return false }
        return now.timeIntervalSince(lastHeartbeat) <= 2 * heartbeatInterval + grace
    }

    /// `availability` is nil for customer users and visitors (they have no switch).
    public func presence(loggedIn: Bool, lastHeartbeat: Date?, lastInput: Date?,
        availability: ChatAvailability?, now: Date) -> Presence
    {
        guard loggedIn, isLive(lastHeartbeat: lastHeartbeat, now: now) else { return .offline }
        if availability == .unavailable { return .unavailable }
        guard let lastInput, now.timeIntervalSince(lastInput) <= onlineThreshold else { return .away }
        return .active
    }
}
