/// Where something came from: a file and a 1-based line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One problem found while reading or validating configuration. Its description names the file, the
/// line and, where there is one, the setting, so an operator can go straight to the edit that broke it.
public struct ConfigIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public let location: SourceLocation?
    public let setting: String?
    public let message: String

    public init(_ message: String, at location: SourceLocation?, setting: String? = nil) {
        self.location = location
        self.setting = setting
        self.message = message
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        if let setting { text += "setting \(setting): " }
        return text + message
    }
}

/// Every problem found in one load; a load with any of them yields no config.
public struct ConfigLoadError: Error, Sendable, CustomStringConvertible {
    public let issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
