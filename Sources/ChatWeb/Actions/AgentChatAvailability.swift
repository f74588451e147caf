import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// `index.pl?Action=AgentChatAvailability`: the toolbar switch (unavailable / internal / external). JSON only.
enum AgentChatAvailability: ChatAction {
    static let name = "AgentChatAvailability"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { [] }
}
