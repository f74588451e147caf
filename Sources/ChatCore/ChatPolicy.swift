/// The configuration the chat rules depend on, taken from `ChatEngine::*` settings.
public struct ChatPolicy: Sendable, Equatable {
    public var active: Bool
    public var enabledDirections: Set<ChatDirection>
    /// `ChatEngine::PublicInterface::AvailabilityCheck`.
    public var publicAvailabilityCheck: Bool
    /// `ChatEngine::CustomerInterface::AvailabilityCheck`.
    public var customerAvailabilityCheck: Bool
    /// Agents need at least `ro` here to receive chats.
    public var receivingGroup: String
    /// Agents need at least `ro` here to start chats.
    public var startingGroup: String
    /// OTRS's limit, counted in Unicode scalars.
    public var messageLimit: Int

    public init(active: Bool = true, enabledDirections: Set<ChatDirection> = Set(ChatDirection.allCases),
        publicAvailabilityCheck: Bool = true, customerAvailabilityCheck: Bool = true,
        receivingGroup: String = "users", startingGroup: String = "users", messageLimit: Int = 3800)
    {
        self.active = active
        self.enabledDirections = enabledDirections
        self.publicAvailabilityCheck = publicAvailabilityCheck
        self.customerAvailabilityCheck = customerAvailabilityCheck
        self.receivingGroup = receivingGroup
        self.startingGroup = startingGroup
        self.messageLimit = messageLimit
    }
}

/// An agent as the rules see them when they act or are addressed.
public struct AgentContext: Sendable, Equatable {
    public var id: AgentID
    public var permissions: AgentPermissions
    public var availability: ChatAvailability

    public init(id: AgentID, permissions: AgentPermissions, availability: ChatAvailability) {
        self.id = id
        self.permissions = permissions
        self.availability = availability
    }
}

/// Who issues a command.
public enum ChatActor: Sendable, Equatable {
    case agent(AgentContext)
    case customer(CustomerUserID)
    case visitor(VisitorID)

    public var person: Person {
        switch self {
        case .agent(let context): .agent(context.id)
        case .customer(let id): .customer(id)
        case .visitor(let id): .visitor(id)
        }
    }
}
