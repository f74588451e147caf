import ChatCore
import ChatJSON

/// The stored form of an event's kind (`ce_chat_event.payload`): a JSON object with an explicit format
/// version, written and read field by field, so that renaming a Swift case never changes what is on disk
/// or what old rows mean. `docs/event-log.md` describes every version; rows of every version stay readable.
enum EventPayload {
    /// What `encode` writes.
    static let version = 2

    /// The event's type as stored, in the payload and in the `kind` column beside it.
    static func type(of kind: ChatEventKind) -> String {
        switch kind {
        case .created: "created"
        case .message: "message"
        case .accepted: "accepted"
        case .declined: "declined"
        case .invited: "invited"
        case .invitationDeclined: "invitation_declined"
        case .joined: "joined"
        case .roleChanged: "role_changed"
        case .channelChanged: "channel_changed"
        case .monitoringChanged: "monitoring_changed"
        case .left: "left"
        case .closed: "closed"
        case .ticketLinked: "ticket_linked"
        }
    }

    static func encode(_ kind: ChatEventKind) -> String {
        var fields: [(String, JSON)] = [("v", .int(Int64(version))), ("type", .string(type(of: kind)))]
        switch kind {
        case .created(let channel, let target):
            fields.append(("channel", .int(channel.rawValue)))
            switch target {
            case .channel: fields.append(("target", "channel"))
            case .agent(let agent): fields += [("target", "agent"), ("target_id", .int(agent.rawValue))]
            case .customer(let customer): fields += [("target", "customer"), ("target_id", .int(customer.rawValue))]
            }
        case .message(let text, let visibility):
            fields += [("visibility", .string(name(visibility))), ("text", .string(text))]
        case .accepted(let number):
            if let number { fields.append(("agent_number", .int(Int64(number)))) }
        case .invited(let agent):
            fields.append(("agent", .int(agent.rawValue)))
        case .joined(let role, let number):
            fields += [("role", .string(name(role))), ("agent_number", .int(Int64(number)))]
        case .roleChanged(let from, let to):
            fields += [("from", .string(name(from))), ("to", .string(name(to)))]
        case .channelChanged(let from, let to):
            fields += [("from", .int(from.rawValue)), ("to", .int(to.rawValue))]
        case .monitoringChanged(let level):
            fields.append(("level", .string(name(level))))
        case .left(let role):
            fields.append(("role", .string(name(role))))
        case .ticketLinked(let ticket, let number, let how):
            fields += [("ticket", .int(ticket.rawValue)), ("number", .string(number)), ("how", .string(name(how)))]
        case .declined, .invitationDeclined, .closed:
            break
        }
        var out: [UInt8] = []
        out.reserveCapacity(96)
        JSON.object(fields).write(to: &out, escaping: [])
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ payload: String) throws(StoreError) -> ChatEventKind {
        let json: JSON
        do {
            json = try JSON.read(payload)
        } catch {
            throw .corrupt("event payload: \(error)")
        }
        switch json["v"] {
        case nil: return try EventPayloadV0.decode(json)
        case .int(1)?: return try decodeV1(json, version: 1)
        case .int(2)?: return try decodeV1(json, version: 2)
        case let other?: throw .corrupt("event payload version \(other.text) is newer than this ChatEngine (\(version))")
        }
    }

    /// Version 2 is version 1 with one more type, `ticket_linked`.
    private static func decodeV1(_ json: JSON, version: Int) throws(StoreError) -> ChatEventKind {
        let fields = PayloadFields(json)
        let type = try fields.string("type")
        switch type {
        case "ticket_linked" where version >= 2:
            let how: TicketLinkKind = switch try fields.string("how") {
            case "created": .created
            case "appended": .appended
            case "from_ticket": .fromTicket
            case let other: throw .corrupt("event payload: unknown ticket link '\(other)'")
            }
            return .ticketLinked(ticket: TicketID(try fields.int("ticket")), number: try fields.string("number"), how: how)
        case "created":
            let channel = ChannelID(try fields.int("channel"))
            switch try fields.string("target") {
            case "channel": return .created(channel: channel, target: .channel)
            case "agent": return .created(channel: channel, target: .agent(AgentID(try fields.int("target_id"))))
            case "customer": return .created(channel: channel, target: .customer(CustomerUserID(try fields.int("target_id"))))
            case let other: throw .corrupt("event payload: unknown target '\(other)'")
            }
        case "message": return .message(text: try fields.string("text"), visibility: try fields.visibility("visibility"))
        case "accepted": return .accepted(agentNumber: try fields.optionalInt("agent_number").map(Int.init))
        case "declined": return .declined
        case "invited": return .invited(agent: AgentID(try fields.int("agent")))
        case "invitation_declined": return .invitationDeclined
        case "joined": return .joined(role: try fields.role("role"), agentNumber: Int(try fields.int("agent_number")))
        case "role_changed": return .roleChanged(from: try fields.role("from"), to: try fields.role("to"))
        case "channel_changed": return .channelChanged(from: ChannelID(try fields.int("from")), to: ChannelID(try fields.int("to")))
        case "monitoring_changed": return .monitoringChanged(try fields.level("level"))
        case "left": return .left(role: try fields.role("role"))
        case "closed": return .closed
        default: throw .corrupt("event payload: unknown type '\(type)'")
        }
    }

    // The stored names, spelled out here rather than taken from Swift raw values.

    static func name(_ visibility: MessageVisibility) -> String {
        switch visibility {
        case .everyone: "everyone"
        case .agents: "agents"
        }
    }

    static func name(_ role: ParticipantRole) -> String {
        switch role {
        case .owner: "owner"
        case .participant: "participant"
        case .observer: "observer"
        }
    }

    static func name(_ how: TicketLinkKind) -> String {
        switch how {
        case .created: "created"
        case .appended: "appended"
        case .fromTicket: "from_ticket"
        }
    }

    static func name(_ level: MonitoringLevel) -> String {
        switch level {
        case .none: "none"
        case .customerActivity: "customer_activity"
        case .allActions: "all_actions"
        }
    }
}

/// The fields of one stored payload, each read with a clear error when missing or of the wrong kind.
struct PayloadFields {
    let json: JSON

    init(_ json: JSON) { self.json = json }

    func value(_ key: String) throws(StoreError) -> JSON {
        guard let value = json[key] else { throw .corrupt("event payload: '\(key)' is missing") }
        return value
    }

    func string(_ key: String) throws(StoreError) -> String {
        guard case .string(let text) = try value(key) else { throw .corrupt("event payload: '\(key)' is not a string") }
        return text
    }

    func int(_ key: String) throws(StoreError) -> Int64 {
        guard let number = try value(key).intValue else { throw .corrupt("event payload: '\(key)' is not an integer") }
        return number
    }

    func optionalInt(_ key: String) throws(StoreError) -> Int64? {
        guard let value = json[key], value != .null else { return nil }
        guard let number = value.intValue else { throw .corrupt("event payload: '\(key)' is not an integer") }
        return number
    }

    func visibility(_ key: String) throws(StoreError) -> MessageVisibility {
        switch try string(key) {
        case "everyone": .everyone
        case "agents": .agents
        case let other: throw .corrupt("event payload: unknown visibility '\(other)'")
        }
    }

    func role(_ key: String) throws(StoreError) -> ParticipantRole {
        switch try string(key) {
        case "owner": .owner
        case "participant": .participant
        case "observer": .observer
        case let other: throw .corrupt("event payload: unknown role '\(other)'")
        }
    }

    func level(_ key: String) throws(StoreError) -> MonitoringLevel {
        switch try string(key) {
        case "none": MonitoringLevel.none
        case "customer_activity": .customerActivity
        case "all_actions": .allActions
        case let other: throw .corrupt("event payload: unknown monitoring level '\(other)'")
        }
    }
}
