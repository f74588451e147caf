import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// The long-polling fallback (`Subaction=Events`): the frames the socket would have sent, the snapshot
/// then the events after `Since`. When the client is up to date it waits (up to `Wait` seconds) for
/// something to happen first.
enum LongPoll {
    static let maxWait: Double = 25

    static func events(since: [ChatID: Int64]?, wait: Double, for person: Person, _ request: ActionRequest) async throws -> JSON {
        let env = request.env
        request.service.presence.heartbeat(person, at: request.service.now())
        let (signals, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let listener = env.hub.listen(person, deliver: { signal in
            if case .typing = signal { return true }
            continuation.yield()
            return true
        }, overflow: {})
        defer { env.hub.stop(listener) }
        let feed = ViewerFeed(env: env, interface: request.caller.interface, viewer: person, language: request.chatLanguage)
        var cursor = FeedCursor(feed: feed, since: since ?? [:])
        var frames = try await cursor.start()
        if frames.count == 1 && since != nil && wait > 0 {
            if await firstSignal(signals, within: wait) {
                try? await Task.sleep(for: .milliseconds(50))  // let a burst (request + first message) settle
                var again = FeedCursor(feed: feed, since: since ?? [:])
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
