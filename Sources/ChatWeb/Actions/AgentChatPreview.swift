import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// `index.pl?Action=AgentChatPreview;ChatID=…`: a request's requester, channel and first messages, so an
/// agent can decide before accepting. Only for agents who may read the chat. JSON only.
enum AgentChatPreview: ChatAction {
    static let name = "AgentChatPreview"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { [] }
}
