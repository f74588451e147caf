import Foundation

/// Checks effective values against their definitions: Checkbox is 0 or 1, a Select holds one of its
/// options, a value matches its ValueRegex, a single-item setting holds a scalar, required settings exist.
enum SettingValidator {
    static func issues(in config: LoadedConfig) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for definition in config.definitions.values.sorted(by: { $0.name < $1.name }) {
            let value = config.value(named: definition.name)
            let origin = config.origin(ofSetting: definition.name)
            func report(_ message: String) {
                issues.append(ConfigIssue(message, at: origin, setting: definition.name))
            }
            guard let value else {
                if definition.isRequired { report("is required but was removed") }
                continue
            }
            guard let check = definition.check else { continue }
            guard case .string(let text) = value else {
                if case .undef = value { continue }
                report("must be a single value (\(check.valueType)), not \(value.kindPhrase)")
                continue
            }
            if let problem = problem(with: text, check) { report(problem) }
        }
        return issues
    }

    private static func problem(with text: String, _ check: ValueCheck) -> String? {
        switch check.valueType {
        case "Checkbox" where text != "0" && text != "1":
            return "is a Checkbox and must be 0 or 1, not '\(text)'"
        case "Select" where !check.options.isEmpty && !check.options.contains(text):
            return "must be one of \(check.options.joined(separator: ", ")), not '\(text)'"
        default:
            break
        }
        if let pattern = check.regex, let regex = try? NSRegularExpression(pattern: pattern) {
            let range = NSRange(text.startIndex..., in: text)
            if regex.firstMatch(in: text, range: range) == nil {
                return "'\(text)' does not match its ValueRegex \(pattern)"
            }
        }
        return nil
    }
}
