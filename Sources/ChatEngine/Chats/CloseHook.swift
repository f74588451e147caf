import ChatCore
import Synchronization

/// One function the chat service calls after each commit that closed a chat, set once the engine's parts
/// exist (the ticket use cases are made after the chat service). It must not throw: the chat is closed.
final class CloseHook: Sendable {
    typealias Function = @Sendable (AppendResult) async -> Void
    private let function = Mutex<Function?>(nil)

    func set(_ hook: @escaping Function) { function.withLock { $0 = hook } }
    func get() -> Function? { function.withLock { $0 } }
}
