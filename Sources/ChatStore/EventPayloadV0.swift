import ChatCore
import ChatJSON

/// Payloads written before the format had a version (up to ChatEngine's issue 11): the shape Swift's
/// synthesized `Codable` gave `ChatEventKind` then, `{"<case>":{<labels>}}`, identifiers as
/// `{"rawValue":N}`, unlabelled values as `_0`. Frozen here by hand, so that old rows keep their meaning
/// whatever happens to the Swift types.
enum EventPayloadV0 {
    static func decode(_ json: JSON) throws(StoreError) -> ChatEventKind {
        guard case .object(let pairs) = json, pairs.count == 1, let (name, body) = pairs.first else {
            throw .corrupt("event payload (v0): not a one-key object")
        }
        let fields = PayloadFields(body)
        switch name {
        case "created":
            let channel = ChannelID(try id(fields.value("channel")))
            guard case .object(let target) = try fields.value("target"), target.count == 1, let (kind, value) = target.first else {
                throw .corrupt("event payload (v0): bad target")
            }
            switch kind {
            case "channel": return .created(channel: channel, target: .channel)
            case "agent": return .created(channel: channel, target: .agent(AgentID(try id(PayloadFields(value).value("_0")))))
            case "customer":
                return .created(channel: channel, target: .customer(CustomerUserID(try id(PayloadFields(value).value("_0")))))
            default: throw .corrupt("event payload (v0): unknown target '\(kind)'")
            }
        case "message": return .message(text: try fields.string("text"), visibility: try fields.visibility("visibility"))
        case "accepted": return .accepted(agentNumber: try fields.optionalInt("agentNumber").map(Int.init))
        case "declined": return .declined
        case "invited": return .invited(agent: AgentID(try id(fields.value("agent"))))
        case "invitationDeclined": return .invitationDeclined
        case "joined": return .joined(role: try fields.role("role"), agentNumber: Int(try fields.int("agentNumber")))
        case "roleChanged": return .roleChanged(from: try fields.role("from"), to: try fields.role("to"))
        case "channelChanged": return .channelChanged(from: ChannelID(try id(fields.value("from"))), to: ChannelID(try id(fields.value("to"))))
        case "monitoringChanged": return .monitoringChanged(try fields.level("_0"))
        case "left": return .left(role: try fields.role("role"))
        case "closed": return .closed
        default: throw .corrupt("event payload (v0): unknown event '\(name)'")
        }
    }

    /// `{"rawValue":N}`
    private static func id(_ json: JSON) throws(StoreError) -> Int64 {
        try PayloadFields(json).int("rawValue")
    }
}
