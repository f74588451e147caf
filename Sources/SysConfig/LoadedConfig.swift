import Crypto

/// One complete, validated configuration: the effective values after defaults and overrides, the
/// definitions they came from, and where each override was made. Immutable; a reload builds a new one.
public struct LoadedConfig: Sendable {
    public let values: [String: ConfigValue]
    public let definitions: [String: SettingDefinition]
    /// Every definition file and Perl file read, in load order, relative to the home.
    public let files: [String]
    let assignments: [(path: [String], location: SourceLocation)]

    init(values: [String: ConfigValue], definitions: [String: SettingDefinition], files: [String],
        assignments: [(path: [String], location: SourceLocation)])
    {
        self.values = values
        self.definitions = definitions
        self.files = files
        self.assignments = assignments
        self.digest = SHA256.hash(data: Array(ConfigValue.hash(values).jsonText().utf8))
            .map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// SHA-256 of the canonical JSON of every value: equal digests mean equal configurations.
    public let digest: String

    /// The effective value of `name`, with OTRS's `Name###Key###Sub` addressing.
    public func value(named name: String) -> ConfigValue? {
        ConfigValue.hash(values).value(at: ConfigValue.path(forSettingName: name))
    }

    /// Where the value at `path` was last set: the Perl line that assigned it (or a hash above it), else
    /// the definition that gave its default.
    public func origin(ofSetting name: String) -> SourceLocation? {
        let path = ConfigValue.path(forSettingName: name)
        for assignment in assignments.reversed() {
            let shared = min(assignment.path.count, path.count)
            if assignment.path.prefix(shared).elementsEqual(path.prefix(shared)) { return assignment.location }
        }
        return definitions[name]?.location
    }

    /// The whole configuration as one JSON object with sorted keys, as `chatengine config dump` prints it.
    public func dump(pretty: Bool = true) -> String {
        ConfigValue.hash(values).jsonText(pretty: pretty)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
