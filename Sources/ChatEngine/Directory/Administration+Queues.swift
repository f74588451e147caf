import ChatCore
import ChatStore
import Foundation

/// The queues of ChatEngine's own ticket store (AdminQueue, `chatengine queue`): each in a group that
/// decides who sees (`ro`) and writes (`rw`) its tickets. An invalid queue keeps its tickets but takes no
/// new ones.
extension Administration {
    /// OTRS's column sizes: a queue's name 200, its comment 250.
    static let queueNameLimit = 200
    static let queueCommentLimit = 250

    public func queues() async throws -> [TicketQueue] {
        try await store.queues()
    }

    public func queue(_ id: Int64) async throws -> TicketQueue? {
        try await store.queue(id: id)
    }

    public func queue(named name: String) async throws -> TicketQueue? {
        try await store.queues().first { $0.name == name }
    }

    /// Adds a queue (invalid from the start when `isValid` is false) in an existing group.
    public func addQueue(name: String, group: String, comment: String, isValid: Bool = true) async throws -> TicketQueue {
        let (name, comment) = try Self.checkedQueue(name: name, comment: comment)
        try await requireExistingGroup(group)
        do {
            var queue = try await store.addQueue(name: name, group: group, comment: comment)
            if !isValid {
                queue.isValid = false
                try await store.updateQueue(queue)
            }
            return queue
        } catch {
            throw EngineError.classify(error) ?? error
        }
    }

    /// Saves a queue's name, group, validity and comment.
    public func updateQueue(_ queue: TicketQueue) async throws {
        var queue = queue
        (queue.name, queue.comment) = try Self.checkedQueue(name: queue.name, comment: queue.comment)
        try await requireExistingGroup(queue.group)
        do {
            try await store.updateQueue(queue)
        } catch {
            throw EngineError.classify(error) ?? error
        }
    }

    static func checkedQueue(name: String, comment: String) throws -> (String, String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw EngineError.refused("a queue needs a name") }
        guard name.count <= queueNameLimit else { throw EngineError.refused("a queue's name has at most \(queueNameLimit) characters") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw EngineError.refused("a queue's name cannot contain control characters")
        }
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= queueCommentLimit else {
            throw EngineError.refused("a queue's comment has at most \(queueCommentLimit) characters")
        }
        return (name, comment)
    }

    private func requireExistingGroup(_ group: String) async throws {
        guard try await store.allGroups().contains(where: { $0.name == group }) else {
            throw EngineError.refused("unknown group \(group)")
        }
    }
}
