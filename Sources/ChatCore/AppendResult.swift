import Foundation

/// What a command on a chat did: the events it recorded, or, for a resent command, the sequence number the
/// first sending got. (Pure data: the store returns it, the engine hands it on.)
public struct AppendResult: Sendable {
    public var chat: Chat
    public var events: [ChatEvent]
    /// Set when the command ID was seen before: nothing new was recorded.
    public var duplicateOf: Int64?

    public init(chat: Chat, events: [ChatEvent], duplicateOf: Int64?) {
        self.chat = chat
        self.events = events
        self.duplicateOf = duplicateOf
    }

    /// The sequence number to acknowledge: the first event's, or the original one for a resend.
    public var acknowledgedSeq: Int64 { duplicateOf ?? events.first?.seq ?? chat.lastSeq }
}

