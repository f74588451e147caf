import Foundation
import GenericInterface
import SysConfig

/// Opens the ticket backend `ChatEngine::TicketBackend` names: nil for ChatEngine's own store (the engine makes
/// it), or the ticket system's GenericInterface, which needs the ticket system's directory for the agents'
/// permissions and the queues' groups (refused at start otherwise, naming the settings).
enum TicketBackendOpening {
    static func open(_ settings: TicketBackendSettings, home: String, people: any PeopleDirectory) throws -> (any TicketBackend)? {
        guard settings.kind == .genericInterface else { return nil }
        guard let directory = people as? TicketSystemDirectory else {
            throw EngineError.refused("ChatEngine::TicketBackend GenericInterface needs ChatEngine::Directory::Backend "
                + "TicketSystemDatabase: what an agent may see and create in the ticket system follows their permissions there")
        }
        do {
            var password = settings.password
            if !settings.passwordFile.isEmpty {
                let path = settings.passwordFile.hasPrefix("/") ? settings.passwordFile
                    : (home as NSString).appendingPathComponent(settings.passwordFile)
                password = try GenericInterfaceConfiguration.password(fromFile: path)
            }
            let configuration = try GenericInterfaceConfiguration(url: settings.url, webService: settings.webService,
                userLogin: settings.user, password: password, timeout: .seconds(settings.timeout))
            return GenericInterfaceTicketBackend(client: GenericInterfaceClient(configuration: configuration),
                queues: { try await directory.queues() }, zoom: directory.zoomPlace,
                storesOnlyUTF8MB3: directory.storesOnlyUTF8MB3)
        } catch {
            throw EngineError.refused("ChatEngine::TicketBackend::GenericInterface: \(error.description)")
        }
    }
}
