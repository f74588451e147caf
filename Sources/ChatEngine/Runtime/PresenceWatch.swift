import ChatCore
import Foundation
import Synchronization

/// The presence each person was last shown with, so that a change (an agent switches to unavailable,
/// goes idle past the online threshold, logs out, comes back) reaches everyone with that person's chats
/// open: `ChatService.sweepPresence` compares and publishes the chats to `changes`. Per node, like the
/// presence board it reads.
public final class PresenceWatch: Sendable {
    private let shown = Mutex<[Person: Presence]>([:])
    /// Open chats whose participants' presence changed: their summaries are to be sent again.
    public let changes = Broadcast<ChatID>()

    public init() {}

    var people: [Person] { shown.withLock { Array($0.keys) } }

    /// Records `presence` as shown; true when it differs from what was shown before (nobody is offline).
    func update(_ person: Person, to presence: Presence) -> Bool {
        shown.withLock { shown in
            let before = shown[person] ?? .offline
            if presence == .offline { shown[person] = nil } else { shown[person] = presence }
            return before != presence
        }
    }
}
