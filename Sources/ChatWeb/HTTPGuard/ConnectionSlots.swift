import Synchronization

/// Open connections per client address, shared by every connection of the server process.
final class ConnectionSlots: Sendable {
    private let open = Mutex<[String: Int]>([:])

    /// Takes a slot for `address`; false when it already holds `limit`.
    func take(_ address: String, limit: Int) -> Bool {
        open.withLock { open in
            let count = open[address, default: 0]
            guard count < limit else { return false }
            open[address] = count + 1
            return true
        }
    }

    func release(_ address: String) {
        open.withLock { open in
            let count = open[address, default: 0] - 1
            open[address] = count > 0 ? count : nil
        }
    }
}
