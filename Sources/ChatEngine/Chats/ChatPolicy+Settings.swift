import ChatCore
import SysConfig

extension ChatPolicy {
    /// The chat rules' view of the `ChatEngine::*` settings.
    public init(_ settings: ChatEngineSettings) {
        var directions: Set<ChatDirection> = []
        if settings.directions.publicToAgent { directions.insert(.publicToAgent) }
        if settings.directions.customerToAgent { directions.insert(.customerToAgent) }
        if settings.directions.agentToCustomer { directions.insert(.agentToCustomer) }
        if settings.directions.agentToAgent { directions.insert(.agentToAgent) }
        self.init(active: settings.active, enabledDirections: directions,
            publicAvailabilityCheck: settings.publicInterface.availabilityCheck,
            customerAvailabilityCheck: settings.customerInterface.availabilityCheck,
            receivingGroup: settings.permissionGroups.chatReceivingAgents,
            startingGroup: settings.permissionGroups.chatStartingAgents)
    }
}
