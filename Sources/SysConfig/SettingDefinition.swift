/// One setting as a SysConfig definition file declares it: its default value and what may replace it.
public struct SettingDefinition: Sendable {
    public let name: String
    public let isValid: Bool
    public let isRequired: Bool
    public let description: String
    public let navigation: String
    public let defaultValue: ConfigValue
    /// Rules for a setting whose value is a single item (Checkbox, Select, String with ValueRegex, ...).
    public let check: ValueCheck?
    public let location: SourceLocation

    public var path: [String] { ConfigValue.path(forSettingName: name) }
}

/// What a single-item value must look like.
public struct ValueCheck: Sendable {
    public let valueType: String
    /// The allowed values of a Select (its Options' values).
    public let options: [String]
    /// A Perl regular expression the value must match (`ValueRegex`, or OTRS 5's `Regex`).
    public let regex: String?

    public init(valueType: String, options: [String] = [], regex: String? = nil) {
        self.valueType = valueType
        self.options = options
        self.regex = regex?.isEmpty == true ? nil : regex
    }
}
