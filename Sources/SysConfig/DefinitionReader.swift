/// Reads the SysConfig definition files of both formats: OTRS 6+ (`version="2.0"`, `<Setting>`) and
/// OTRS 5 (`version="1.0"`, `<ConfigItem>`), with the root `otrs_config` or OTOBO's `otobo_config`.
public struct DefinitionFile: Sendable {
    public let displayName: String
    /// `init` of the root: Framework, Application, Config or Changes. It orders files before their names do.
    public let initGroup: String
    public let fileName: String
    public let settings: [SettingDefinition]

    /// OTRS loads definition files by init group first, then by file name.
    static let initOrder = ["Framework", "Application", "Config", "Changes"]

    var sortKey: (Int, String) {
        (Self.initOrder.firstIndex(of: initGroup) ?? Self.initOrder.count, fileName)
    }
}

public enum DefinitionReader {
    public static func read(path: String, displayName: String) throws(ConfigIssue) -> DefinitionFile {
        try definition(in: try XMLTreeReader.read(path: path, displayName: displayName), displayName: displayName)
    }

    /// A definition file already in memory (the property tests and the fuzzer).
    public static func read(bytes: [UInt8], displayName: String) throws(ConfigIssue) -> DefinitionFile {
        try definition(in: try XMLTreeReader.read(bytes: bytes, displayName: displayName), displayName: displayName)
    }

    private static func definition(in root: XMLElement, displayName: String) throws(ConfigIssue) -> DefinitionFile {
        let location = SourceLocation(file: displayName, line: root.line)
        guard root.name == "otrs_config" || root.name == "otobo_config" else {
            throw ConfigIssue("root element is <\(root.name)>, expected <otrs_config> or <otobo_config>", at: location)
        }
        let initGroup = root.attribute("init") ?? ""
        guard DefinitionFile.initOrder.contains(initGroup) else {
            throw ConfigIssue(
                "init=\"\(initGroup)\" is not one of \(DefinitionFile.initOrder.joined(separator: ", "))",
                at: location)
        }
        let fileName = String(displayName.split(separator: "/").last ?? Substring(displayName))
        let settings: [SettingDefinition]
        switch root.attribute("version") {
        case "2.0":
            settings = try SettingsReader(file: displayName).settings(in: root)
        case "1.0":
            settings = try ConfigItemReader(file: displayName).settings(in: root)
        default:
            throw ConfigIssue(
                "version=\"\(root.attribute("version") ?? "")\" is not a SysConfig format this reader knows (1.0 or 2.0)",
                at: location)
        }
        return DefinitionFile(displayName: displayName, initGroup: initGroup, fileName: fileName, settings: settings)
    }
}
