import ChatCore
import ChatEngine
import Foundation
import Synchronization

/// The long-polling fallback and the ephemeral signals over plain HTTP: `Events`, `Typing`, `Heartbeat`,
/// the same for every chat Action.
enum LiveSubactions {
    static let maxWait: Double = 25
    static let names: Set<String> = ["Events", "Typing", "Heartbeat"]

    /// The answer, or nil when the Subaction is not one of these.
    static func perform(_ request: ActionRequest) async throws -> JSON? {
        switch request.subaction {
        case "Events": return try await events(request)
        case "Typing":
            let person = try request.person()
            request.service.presence.input(person, at: request.service.now())
            await request.env.hub.typing(in: try request.chatID(), by: person)
            return [:]
        case "Heartbeat":
            let person = try request.person()
            if request.params["Input"] == "1" {
                request.service.presence.input(person, at: request.service.now())
            } else {
                request.service.presence.heartbeat(person, at: request.service.now())
            }
            return [:]
        default: return nil
        }
    }

    /// `Since` → the frames the socket would have sent: the snapshot, then the events after `Since`. When
    /// the client is up to date it waits (up to `Wait` seconds) for something to happen first.
    static func events(_ request: ActionRequest) async throws -> JSON {
        let person = try request.person()
        let env = request.env
        request.service.presence.heartbeat(person, at: request.service.now())
        let since = FeedCursor.parseSince(request.params["Since"].flatMap(JSON.parse))
        let wait = min(maxWait, max(0, Double(request.params["Wait"] ?? "") ?? 0))
        let (signals, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let listener = env.hub.listen(person, deliver: { signal in
            if case .typing = signal { return true }
            continuation.yield()
            return true
        }, overflow: {})
        defer { env.hub.stop(listener) }
        let feed = ViewerFeed(env: env, interface: request.caller.interface, viewer: person)
        var cursor = FeedCursor(feed: feed, since: since)
        var frames = try await cursor.start()
        if frames.count == 1 && request.params["Since"] != nil && wait > 0 {
            let woke = await firstSignal(signals, within: wait)
            if woke {
                try? await Task.sleep(for: .milliseconds(50))  // let a burst (request + first message) settle
                var again = FeedCursor(feed: feed, since: since)
                frames = try await again.start()
            }
        }
        return ["Frames": .array(frames)]
    }

    static func firstSignal(_ signals: AsyncStream<Void>, within seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in signals { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
