import ChatCore
import TicketSystemPeople

/// What the GenericInterface ticket backend needs of the ticket system's directory: its queues with their
/// groups (read each time: a queue moved to another group changes who sees it at once), where its own screens
/// are, and whether its database keeps only utf8mb3.
extension TicketSystemDirectory {
    public func queues() async throws -> [TicketQueue] {
        do {
            return try await database.queues().map { TicketQueue(id: $0.id, name: $0.name, group: $0.group, isValid: $0.isValid) }
        } catch let failure as TicketSystemFailure {
            // without the queues' groups nobody's rights can be told: no ticket is read or written
            throw EngineError.unavailable(failure.description)
        }
    }

    public var zoomPlace: GenericInterfaceTicketBackend.ZoomPlace {
        let rules = config.sessions
        return .init(httpType: rules.httpType, fqdn: rules.fqdn, scriptAlias: rules.scriptAlias)
    }

    /// Znuny on MySQL/MariaDB stores text as utf8mb3.
    public var storesOnlyUTF8MB3: Bool { config.database.driver == .mysql }
}
