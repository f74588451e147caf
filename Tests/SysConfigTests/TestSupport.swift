import Foundation
import Testing

@testable import SysConfig

/// Paths, temporary homes, the perl reference and readable diffs for the SysConfig tests.
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures` beside the repository (CI has it there), or `CHATENGINE_FIXTURES`.
    static var fixtures: URL {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] {
            return URL(fileURLWithPath: custom)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    static func fixture(_ relative: String) -> URL {
        fixtures.appendingPathComponent(relative)
    }

    /// A new, empty folder under the system's temporary directory.
    static func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatengine-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A home holding `files` (relative path → content).
    static func home(_ files: [String: String]) throws -> URL {
        let home = try temporaryHome()
        for (path, content) in files { try write(content, to: home.appendingPathComponent(path)) }
        return home
    }

    static func write(_ content: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    static func copy(_ source: URL, into home: URL, at relative: String) throws {
        let target = home.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
    }

    /// What real perl puts into `$Self` when it loads `file` (via Tests/support/perl-config-to-json.pl).
    static func perlReference(_ file: URL) throws -> ConfigValue {
        let script = repositoryRoot.appendingPathComponent("Tests/support/perl-config-to-json.pl").path
        let output = try run("/usr/bin/perl", [script, file.path])
        return try configValue(fromJSON: output)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReferenceError(message: "\(executable) \(arguments.joined(separator: " ")) failed: "
                + String(decoding: errors, as: UTF8.self))
        }
        return data
    }

    struct ReferenceError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func configValue(fromJSON data: Data) throws -> ConfigValue {
        convert(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static func convert(_ object: Any) -> ConfigValue {
        switch object {
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(convert))
        case let d as [String: Any]: return .hash(d.mapValues(convert))
        case is NSNull: return .undef
        default: return .string("\(object)")
        }
    }

    /// Up to `limit` differences as readable lines: the path, then both values as JSON.
    static func differences(_ ours: ConfigValue, _ reference: ConfigValue, path: String = "", limit: Int = 25) -> [String] {
        var lines: [String] = []
        collect(ours, reference, path: path, into: &lines, limit: limit)
        return lines
    }

    private static func collect(_ a: ConfigValue, _ b: ConfigValue, path: String, into lines: inout [String], limit: Int) {
        guard lines.count < limit, a != b else { return }
        if case .hash(let x) = a, case .hash(let y) = b {
            for key in Set(x.keys).union(y.keys).sorted() {
                guard let mine = x[key] else {
                    lines.append("\(path){\(key)}: missing in ours")
                    continue
                }
                guard let theirs = y[key] else {
                    lines.append("\(path){\(key)}: missing in the reference")
                    continue
                }
                collect(mine, theirs, path: path + "{" + key + "}", into: &lines, limit: limit)
            }
            return
        }
        lines.append("\(path):\n    ours:      \(a.jsonText())\n    reference: \(b.jsonText())")
    }
}
