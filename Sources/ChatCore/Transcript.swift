import Foundation

/// A chat as one viewer may see it, for keeping: a ticket article, a PDF, an e-mail. Built by
/// `Transcript.build` with the chat screens' rules (`ChatView`); rendered by `TranscriptText` (and the PDF).
public struct Transcript: Hashable, Sendable {
    public enum Audience: String, Sendable, Hashable {
        /// What the customer user or visitor saw: no internal messages, no observers, no invitations,
        /// agents under `DefaultAgentName` when it is set.
        case customer
        /// Everything, with real names, internal messages marked.
        case agent
    }

    public struct Entry: Hashable, Sendable {
        public enum Kind: String, Sendable, Hashable {
            case message, system
        }

        public var at: Date
        public var kind: Kind
        public var author: String
        public var text: String
        /// Agents-only messages (only in an agent's transcript).
        public var isInternal: Bool

        public init(at: Date, kind: Kind, author: String, text: String, isInternal: Bool) {
            self.at = at
            self.kind = kind
            self.author = author
            self.text = text
            self.isInternal = isInternal
        }
    }

    public var chat: ChatID
    public var audience: Audience
    public var channel: String
    /// Everyone who took part, as this audience is shown them, in order of joining.
    public var participants: [String]
    public var startedAt: Date
    public var endedAt: Date?
    public var entries: [Entry]

    public init(chat: ChatID, audience: Audience, channel: String, participants: [String], startedAt: Date,
        endedAt: Date?, entries: [Entry])
    {
        self.chat = chat
        self.audience = audience
        self.channel = channel
        self.participants = participants
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.entries = entries
    }
}
