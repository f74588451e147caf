/// Typed reads of single settings, collecting every problem with the file and line that set the value.
struct SettingReader {
    let config: LoadedConfig
    var issues: [ConfigIssue] = []

    init(_ config: LoadedConfig) {
        self.config = config
    }

    mutating func string(_ name: String) -> String {
        switch config.value(named: name) {
        case .string(let s): return s
        case .undef: return ""
        case nil:
            issues.append(ConfigIssue(
                "is not defined (is Kernel/Config/Files/XML/ChatEngine.xml installed in this home?)",
                at: nil, setting: name))
        case .some(let other):
            report(name, "must be a single value, not \(other.kindPhrase)")
        }
        return ""
    }

    mutating func bool(_ name: String) -> Bool {
        let text = string(name)
        guard text == "0" || text == "1" else {
            if config.value(named: name) != nil { report(name, "must be 0 or 1, not '\(text)'") }
            return false
        }
        return text == "1"
    }

    mutating func int(_ name: String, atLeast minimum: Int = 0) -> Int {
        let text = string(name)
        guard let value = Int(text), value >= minimum else {
            if config.value(named: name) != nil { report(name, "must be a whole number of at least \(minimum), not '\(text)'") }
            return minimum
        }
        return value
    }

    mutating func report(_ name: String, _ message: String) {
        issues.append(ConfigIssue(message, at: config.origin(ofSetting: name), setting: name))
    }
}
