import Foundation

/// Loads a home's configuration the way OTRS does: definition XML (by init group, then file name; a
/// later definition of a name replaces the earlier one), then `Kernel/Config/Files/ZZZ*.pm` in
/// alphabetical order, then `Kernel/Config.pm`. Every problem is collected, so one run reports them all.
public struct ConfigLoader: Sendable {
    public let home: String

    public init(home: String) {
        self.home = home
    }

    public func load() throws(ConfigLoadError) -> LoadedConfig {
        let (config, issues) = loadCollectingIssues()
        if !issues.isEmpty { throw ConfigLoadError(issues: issues) }
        return config
    }

    /// The configuration as far as it could be read, with every problem found on the way.
    public func loadCollectingIssues() -> (LoadedConfig, [ConfigIssue]) {
        var issues: [ConfigIssue] = []
        let definitionFiles = readDefinitionFiles(&issues)
        var definitions: [String: SettingDefinition] = [:]
        for file in definitionFiles {
            for setting in file.settings { definitions[setting.name] = setting }
        }
        let valid = definitions.values.filter(\.isValid)
        var evaluator = PerlConfigEvaluator(root: [:])
        // Deployment writes settings sorted by name, so `A` is in place before `A###B` goes into it.
        for setting in valid.sorted(by: { ConfigValue.codePointOrder($0.name, $1.name) }) {
            do {
                try evaluator.assignDefault(setting.defaultValue, at: setting.path, location: setting.location)
            } catch {
                issues.append(ConfigIssue(error.message, at: error.location, setting: setting.name))
            }
        }
        evaluator.assignments.removeAll()

        let perlFiles = perlFilePaths()
        for file in perlFiles {
            do {
                let program = try PerlConfigParser.parse(bytes: try readBytes(file), file: file)
                try evaluator.run(program)
            } catch {
                issues.append(error)
            }
        }
        let config = LoadedConfig(
            values: evaluator.root,
            definitions: Dictionary(uniqueKeysWithValues: valid.map { ($0.name, $0) }),
            files: definitionFiles.map(\.displayName) + perlFiles,
            assignments: evaluator.assignments
        )
        issues += SettingValidator.issues(in: config)
        return (config, issues)
    }

    /// Only what the home's Perl files set (`Kernel/Config/Files/ZZZ*.pm`, then `Kernel/Config.pm`), without
    /// definitions or validation: how ChatEngine reads another system's home (the ticket system's database
    /// and authentication settings).
    public func loadDeployed() throws(ConfigLoadError) -> LoadedConfig {
        var evaluator = PerlConfigEvaluator(root: [:])
        var issues: [ConfigIssue] = []
        let perlFiles = perlFilePaths()
        for file in perlFiles {
            do {
                let program = try PerlConfigParser.parse(bytes: try readBytes(file), file: absolute(file))
                try evaluator.run(program)
            } catch {
                issues.append(error)
            }
        }
        if perlFiles.isEmpty {
            issues.append(ConfigIssue("no Kernel/Config.pm or Kernel/Config/Files/ZZZ*.pm here",
                at: SourceLocation(file: absolute("Kernel/Config.pm"), line: 0)))
        }
        if !issues.isEmpty { throw ConfigLoadError(issues: issues) }
        return LoadedConfig(values: evaluator.root, definitions: [:], files: perlFiles.map(absolute),
            assignments: evaluator.assignments)
    }

    private func readDefinitionFiles(_ issues: inout [ConfigIssue]) -> [DefinitionFile] {
        var files: [DefinitionFile] = []
        for folder in ["Kernel/Config/Files/XML", "Kernel/Config/Files"] {
            for name in listing(folder) where name.hasSuffix(".xml") {
                let display = folder + "/" + name
                do {
                    files.append(try DefinitionReader.read(path: absolute(display), displayName: display))
                } catch {
                    issues.append(error)
                }
            }
        }
        return files.sorted { a, b in
            a.sortKey != b.sortKey ? a.sortKey < b.sortKey : a.displayName < b.displayName
        }
    }

    private func perlFilePaths() -> [String] {
        let deployed = listing("Kernel/Config/Files")
            .filter { $0.hasPrefix("ZZZ") && $0.hasSuffix(".pm") }
            .sorted()
            .map { "Kernel/Config/Files/" + $0 }
        let local = FileManager.default.fileExists(atPath: absolute("Kernel/Config.pm")) ? ["Kernel/Config.pm"] : []
        return deployed + local
    }

    private func listing(_ folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: absolute(folder)))?.sorted() ?? []
    }

    func absolute(_ relative: String) -> String {
        (home as NSString).appendingPathComponent(relative)
    }

    private func readBytes(_ relative: String) throws(ConfigIssue) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: absolute(relative)) else {
            throw ConfigIssue("cannot read the file", at: SourceLocation(file: relative, line: 0))
        }
        let bytes = [UInt8](data)
        if String(validating: bytes, as: UTF8.self) == nil {
            let line = Self.lineOfFirstInvalidUTF8(bytes)
            throw ConfigIssue("the file is not valid UTF-8", at: SourceLocation(file: relative, line: line))
        }
        return bytes
    }

    private static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var line = 1
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil { return line }
            line += 1
        }
        return line
    }
}

extension PerlConfigEvaluator {
    /// Puts a definition's default at its `Name###Key` path, creating the hashes above it.
    mutating func assignDefault(_ value: ConfigValue, at path: [String], location: SourceLocation) throws(ConfigIssue) {
        let target = PerlSelfPath(subscripts: path.map { .key(.literal($0)) })
        try run(PerlConfigProgram(statements: [.assign(target, .constant(value), location)]))
    }
}
