import Dispatch
import Synchronization

/// A bounded pool of connections, each driven by its own serial queue: Connector/C blocks its thread for
/// every call, so those calls never run on the server's event loops or on Swift's cooperative threads.
/// Connections are opened on first use and again after one was lost; the endpoint's timeouts bound how
/// long any call can block. A read that finds its idle connection dropped (server restart, `wait_timeout`)
/// is tried once more on a fresh connection.
public final class MariaDBPool: Sendable {
    public let endpoint: MariaDBEndpoint
    private let state: Mutex<State>

    private struct State {
        var idle: [Lane]
        var waiting: [CheckedContinuation<Lane?, Never>] = []
        var closed = false
    }

    public init(endpoint: MariaDBEndpoint, size: Int = 4) {
        self.endpoint = endpoint
        let lanes = (0..<max(1, size)).map { Lane(label: "chatengine.mariadb.\($0)") }
        state = Mutex(State(idle: lanes))
    }

    /// Runs `body` with a connection on that connection's own thread.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (MariaDBConnection) throws -> T) async throws -> T {
        guard let lane = await checkout() else {
            throw MariaDBError(code: 0, message: "the connection pool to \(endpoint) is closed")
        }
        defer { checkin(lane) }
        let endpoint = self.endpoint
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            lane.queue.async {
                continuation.resume(returning: lane.run(endpoint, body))
            }
        }
        return try result.get()
    }

    /// Closes every connection; calls made after this fail.
    public func close() {
        let lanes = state.withLock { state in
            state.closed = true
            let waiting = state.waiting
            state.waiting = []
            waiting.forEach { $0.resume(returning: nil) }
            return state.idle
        }
        for lane in lanes { lane.queue.async { lane.disconnect() } }
    }

    private func checkout() async -> Lane? {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                if state.closed {
                    continuation.resume(returning: nil)
                } else if let lane = state.idle.popLast() {
                    continuation.resume(returning: lane)
                } else {
                    state.waiting.append(continuation)
                }
            }
        }
    }

    private func checkin(_ lane: Lane) {
        let closed = state.withLock { state in
            if state.closed { return true }
            if state.waiting.isEmpty {
                state.idle.append(lane)
            } else {
                state.waiting.removeFirst().resume(returning: lane)
            }
            return false
        }
        if closed { lane.queue.async { lane.disconnect() } }
    }
}

/// A queue and the connection that only that queue touches.
///
/// `@unchecked Sendable`: `connection` is read and written only by blocks on `queue`, which is serial, and
/// the pool hands a lane to one caller at a time.
private final class Lane: @unchecked Sendable {
    let queue: DispatchQueue
    private var connection: MariaDBConnection?

    init(label: String) { queue = DispatchQueue(label: label) }

    /// On `queue`: connects when needed; a read whose reused connection turns out lost runs once more.
    func run<T>(_ endpoint: MariaDBEndpoint, _ body: (MariaDBConnection) throws -> T) -> Result<T, any Error> {
        let reused = connection != nil
        do {
            return .success(try body(try connected(endpoint)))
        } catch let error as MariaDBError where error.isConnectionProblem {
            connection = nil
            guard reused, error.isLostConnection else { return .failure(error) }
            do {
                return .success(try body(try connected(endpoint)))
            } catch {
                if (error as? MariaDBError)?.isConnectionProblem == true { connection = nil }
                return .failure(error)
            }
        } catch {
            return .failure(error)
        }
    }

    private func connected(_ endpoint: MariaDBEndpoint) throws(MariaDBError) -> MariaDBConnection {
        if let connection { return connection }
        let fresh = try MariaDBConnection(endpoint)
        connection = fresh
        return fresh
    }

    func disconnect() { connection = nil }
}
