import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerChatDownload;ChatID=N[;TimeZone=…]`: one of the customer user's own chats as a PDF,
/// what they saw (no internal messages, no observers, agents under `DefaultAgentName` when set). Anyone else's
/// chat answers as one that does not exist.
enum CustomerChatDownload: ChatAction {
    static let name = "CustomerChatDownload"
    static let interface = Interface.customer

    static func page(_ request: ActionRequest) async throws -> Response {
        guard case .customer(let customer)? = request.caller.person else { throw WebError.noSession }
        return try await AgentChatDownload.download(request, for: .customer(customer))
    }
}
