import Foundation

/// Reads one Perl config file on its own, onto an empty `$Self` (or onto `base`): what the tests and
/// the benchmark compare with perl.
public enum PerlConfigReader {
    public static func read(file path: String, displayName: String, base: [String: ConfigValue] = [:])
        throws(ConfigIssue) -> [String: ConfigValue]
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigIssue("cannot read the file", at: SourceLocation(file: displayName, line: 0))
        }
        return try read(bytes: [UInt8](data), displayName: displayName, base: base)
    }

    public static func read(bytes: [UInt8], displayName: String, base: [String: ConfigValue] = [:])
        throws(ConfigIssue) -> [String: ConfigValue]
    {
        var evaluator = PerlConfigEvaluator(root: base)
        try evaluator.run(try PerlConfigParser.parse(bytes: bytes, file: displayName))
        return evaluator.root
    }
}
