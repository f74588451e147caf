import Foundation
import Logging
import Synchronization

/// A configuration ready for the running server: the loaded values and the typed ChatEngine settings.
public struct ActiveConfig: Sendable {
    public let loaded: LoadedConfig
    public let chatEngine: ChatEngineSettings
    /// The texts of every language with a file in `Kernel/Language/` (English is the source).
    public var translator = Translator()

    /// Loads and validates a home's configuration, ChatEngine's own settings included.
    /// Every problem is reported at once: the loader's and those of the typed settings (one per setting).
    public static func load(home: String) throws(ConfigLoadError) -> ActiveConfig {
        let (loaded, loaderIssues) = ConfigLoader(home: home).loadCollectingIssues()
        let settings: ChatEngineSettings
        do {
            settings = try ChatEngineSettings(loaded)
        } catch {
            let reported = Set(loaderIssues.compactMap(\.setting))
            let typed = error.issues.filter { issue in issue.setting.map { !reported.contains($0) } ?? true }
            throw ConfigLoadError(issues: loaderIssues + typed)
        }
        if !loaderIssues.isEmpty { throw ConfigLoadError(issues: loaderIssues) }
        var active = ActiveConfig(loaded: loaded, chatEngine: settings)
        active.translator = try LanguageFiles.load(home: home)
        return active
    }
}

/// The configuration in force in a running server. A reload builds a whole new config and swaps it in
/// at once; a reload that fails keeps the previous config and remembers why, for the health page.
public final class LiveConfig: Sendable {
    public struct Status: Sendable {
        public let digest: String
        public let loadedAt: Date
        public let reloads: Int
        public let lastReloadError: String?
        public let lastReloadErrorAt: Date?
    }

    private struct State {
        var current: ActiveConfig
        var loadedAt: Date
        var reloads = 0
        var lastError: String?
        var lastErrorAt: Date?
    }

    public let home: String
    private let state: Mutex<State>
    private let logger: Logger

    public init(home: String, logger: Logger = Logger(label: "chatengine.config")) throws(ConfigLoadError) {
        self.home = home
        self.logger = logger
        state = Mutex(State(current: try ActiveConfig.load(home: home), loadedAt: Date()))
    }

    public var current: ActiveConfig { state.withLock { $0.current } }

    public var status: Status {
        state.withLock {
            Status(digest: $0.current.loaded.digest, loadedAt: $0.loadedAt, reloads: $0.reloads,
                lastReloadError: $0.lastError, lastReloadErrorAt: $0.lastErrorAt)
        }
    }

    /// Reads the configuration again. On success it takes effect at once; on failure the config in force
    /// stays, and the error is logged and kept for the health page.
    @discardableResult
    public func reload(reason: String) -> Bool {
        do {
            let fresh = try ActiveConfig.load(home: home)
            let previous = state.withLock { state -> String in
                let previous = state.current.loaded.digest
                state.current = fresh
                state.loadedAt = Date()
                state.reloads += 1
                state.lastError = nil
                state.lastErrorAt = nil
                return previous
            }
            logger.info("config reloaded (\(reason)): digest \(previous.prefix(12)) -> \(fresh.loaded.digest.prefix(12))")
            return true
        } catch {
            state.withLock {
                $0.lastError = error.description
                $0.lastErrorAt = Date()
            }
            logger.error("config reload (\(reason)) failed; the previous config stays in force:\n\(error.description)")
            return false
        }
    }
}
