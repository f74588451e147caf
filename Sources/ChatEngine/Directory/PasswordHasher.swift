import Dispatch
import HummingbirdBcrypt

/// bcrypt, run on a global dispatch queue: a hash takes tens to hundreds of milliseconds, which must not
/// block the event loops or Swift's cooperative threads.
public struct PasswordHasher: Sendable {
    public let cost: Int

    public init(cost: Int) {
        self.cost = cost
    }

    public func hash(_ password: String) async -> String {
        let cost = self.cost
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.hash(password, cost: UInt8(cost))) }
        }
    }

    public func verify(_ password: String, against hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}
