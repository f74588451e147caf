/// One configuration value as Perl holds it after OTRS loads its config: every scalar is a string
/// (perl's own string form), `undef` is kept apart from "", and containers nest to any depth.
public enum ConfigValue: Sendable, Hashable {
    case undef
    case string(String)
    case array([ConfigValue])
    case hash([String: ConfigValue])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var hashEntries: [String: ConfigValue]? {
        if case .hash(let h) = self { return h }
        return nil
    }

    public var arrayValue: [ConfigValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A short name for error messages ("string", "hash", ...).
    public var kindName: String {
        switch self {
        case .undef: "undef"
        case .string: "string"
        case .array: "array"
        case .hash: "hash"
        }
    }

    /// The kind with its article, for messages: "an array", "a hash".
    public var kindPhrase: String {
        switch self {
        case .undef: "undef"
        case .string: "a string"
        case .array: "an array"
        case .hash: "a hash"
        }
    }

    /// The value at `path` inside nested hashes (array steps are decimal indexes), or nil when absent.
    public func value(at path: [String]) -> ConfigValue? {
        var current = self
        for step in path {
            switch current {
            case .hash(let h):
                guard let next = h[step] else { return nil }
                current = next
            case .array(let a):
                guard let index = Int(step), a.indices.contains(index) else { return nil }
                current = a[index]
            default:
                return nil
            }
        }
        return current
    }
}

extension ConfigValue {
    /// Splits OTRS's `Name###Key###Sub` addressing into hash steps.
    public static func path(forSettingName name: String) -> [String] {
        name.components(separatedBy: "###")
    }
}

extension ConfigValue {
    /// Puts `value` into nested hashes along `keys`, creating them on the way.
    static func insert(_ value: ConfigValue, at keys: ArraySlice<String>, into dict: inout [String: ConfigValue]) {
        guard let first = keys.first else { return }
        if keys.count == 1 {
            dict[first] = value
            return
        }
        var inner = dict[first]?.hashEntries ?? [:]
        insert(value, at: keys.dropFirst(), into: &inner)
        dict[first] = .hash(inner)
    }
}
