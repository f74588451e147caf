import ChatCore
import ChatStore

/// What the engine answers when something other than the chat rules refuses: the web layer never sees the
/// store's own errors, only these (and `ChatError` from the rules).
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    /// The chat changed meanwhile and deciding again did not settle it.
    case conflict
    case duplicate(String)
    case refused(String)
    /// The database failed; the details go to the log, not to the person.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .conflict: "the chat changed meanwhile"
        case .duplicate(let what): "\(what) already exists"
        case .refused(let why): why
        case .unavailable(let why): "database error: \(why)"
        }
    }

    /// Any error from below the engine, in the engine's terms; nil for errors that are not the store's
    /// (the chat rules' `ChatError` passes through as it is).
    public static func classify(_ error: any Error) -> EngineError? {
        switch error {
        case let error as EngineError: return error
        case let error as StoreError:
            switch error {
            case .notFound(let what): return .notFound(what)
            case .conflict: return .conflict
            case .duplicate(let what): return .duplicate(what)
            case .refused(let why): return .refused(why)
            case .corrupt(let what): return .unavailable(what)
            case .database(let message): return .unavailable(message)
            }
        default: return nil
        }
    }
}
