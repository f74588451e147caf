import ChatCore
import Foundation
import SysConfig

/// An agent's screen choices, stored per agent (see `AgentPreferences`), and their chat channels.
extension ChatService {
    public func preferences(of agent: AgentID) async throws -> AgentPreferences {
        try await store.preferences(of: agent)
    }

    public func setRequestFilter(_ filter: RequestFilter, for agent: AgentID) async throws {
        try await store.setPreference(.requestFilter, value: filter.rawValue, for: agent)
    }

    public func setChatOrder(_ order: ChatOrder, for agent: AgentID) async throws {
        try await store.setPreference(.chatOrder, value: order.rawValue, for: agent)
    }

    /// The agent's own order, else `ChatEngine::ChatOrder`.
    public func chatOrder(of agent: AgentID) async throws -> ChatOrder {
        chatOrder(given: try await store.preferences(of: agent))
    }

    /// The same, from preferences already read.
    public func chatOrder(given preferences: AgentPreferences) -> ChatOrder {
        preferences.chatOrder ?? (settings.chatOrder == .prepend ? .prepend : .append)
    }

    /// The channels an agent chooses for external chats ("my chat channels"); the same set for internal ones.
    public func chooseChannels(_ channels: Set<ChannelID>, for agent: AgentID) async throws {
        try await store.setChannels(external: channels, internal: channels, for: agent)
    }

    /// A channel as an agent's channel list shows it.
    public struct AgentChannel: Sendable {
        public var channel: ChatChannel
        public var isStaffed: Bool
        /// Chosen for external chats (every channel counts as chosen while none is).
        public var isChosen: Bool
        public var isDefault: Bool
    }

    /// The valid channels in which the agent holds a chat permission.
    public func channels(for agent: AgentID) async throws -> [AgentChannel] {
        let context = try await agentContext(agent)
        let chosen = try await store.channels(of: agent).external
        let defaultChannel = try await defaultChannel()
        var items: [AgentChannel] = []
        for channel in try await store.channels() where channel.isValid {
            guard context.permissions.chatLevel(onGroup: channel.group) != nil else { continue }
            items.append(AgentChannel(channel: channel, isStaffed: try await isStaffed(channel),
                isChosen: chosen.isEmpty || chosen.contains(channel.id), isDefault: channel.id == defaultChannel.id))
        }
        return items
    }

    /// The channels a customer user or visitor may choose: none unless `AllowChatChannels`; only staffed ones
    /// when `AvailabilityCheck` is on.
    public func channelsOffered(to requester: Requester) async throws -> [(channel: ChatChannel, isStaffed: Bool)] {
        let options = interfaceOptions(of: requester)
        guard options.allowChatChannels else { return [] }
        var items: [(channel: ChatChannel, isStaffed: Bool)] = []
        for channel in try await store.channels() where channel.isValid {
            let staffed = try await isStaffed(channel)
            if options.availabilityCheck && !staffed { continue }
            items.append((channel, staffed))
        }
        return items
    }

    /// Whether a customer user or visitor can start a chat now: chat is active, their direction is on, and a
    /// channel they would request in (the default one, or one they may choose) is staffed. Their page says
    /// so at once rather than offering a form whose request would be refused.
    public func requestsOpen(for requester: Requester) async throws -> Bool {
        let settings = settings
        let direction = requester == .customer ? settings.directions.customerToAgent : settings.directions.publicToAgent
        guard settings.active, direction else { return false }
        if interfaceOptions(of: requester).allowChatChannels {
            return try await channelsOffered(to: requester).contains { $0.isStaffed }
        }
        let channel = try await channelOrDefault(nil)
        return channel.isValid ? try await isStaffed(channel) : false
    }

    /// Who starts generic requests: customer users (customer.pl) or public visitors (public.pl).
    public enum Requester: Sendable { case customer, visitor }

    /// `CustomerInterface::*` or `PublicInterface::*`.
    func interfaceOptions(of requester: Requester) -> ChatEngineSettings.InterfaceOptions {
        requester == .customer ? settings.customerInterface : settings.publicInterface
    }
}
