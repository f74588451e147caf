import Foundation

/// Notices edits under `Kernel/` by polling file names, sizes and modification times: cheap for a
/// few dozen files, and unlike inotify it also sees files replaced by editors and deploy tools.
public struct ConfigWatcher: Sendable {
    public let live: LiveConfig
    public let interval: Duration

    public init(live: LiveConfig, interval: Duration = .seconds(1)) {
        self.live = live
        self.interval = interval
    }

    /// Runs until the task is cancelled.
    public func run() async {
        var last = fingerprint()
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = fingerprint()
            if now != last {
                last = now
                live.reload(reason: "a file under Kernel/ changed")
            }
        }
    }

    func fingerprint() -> [String: String] {
        let root = (live.home as NSString).appendingPathComponent("Kernel")
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
        while let relative = walker.nextObject() as? String {
            let attributes = walker.fileAttributes ?? [:]
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let size = attributes[.size] as? Int ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            result[relative] = "\(size)/\(modified)"
        }
        return result
    }
}
