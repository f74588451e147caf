import ArgumentParser
import Foundation
import SysConfig

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check and read the configuration (SysConfig XML, ZZZ*.pm, Kernel/Config.pm).",
        subcommands: [Check.self, Get.self, Dump.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration; report every error and exit non-zero on any.")
        @OptionGroup var home: HomeOption

        func run() throws {
            do {
                let active = try ActiveConfig.load(home: home.home)
                print("OK: \(active.loaded.definitions.count) settings from \(active.loaded.files.count) files, digest \(active.loaded.digest)")
            } catch {
                printErrors(error)
                throw ExitCode.failure
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a setting's effective value as JSON (Name###Key addressing works).")
        @OptionGroup var home: HomeOption
        @Argument(help: "The setting, e.g. ChatEngine::ChatTTL or Frontend::Module###AgentChat.")
        var name: String

        func run() throws {
            let config = try loadOrExit(home.home)
            guard let value = config.value(named: name) else {
                FileHandle.standardError.write(Data("chatengine: no setting named \(name)\n".utf8))
                throw ExitCode(2)
            }
            print(value.jsonText(pretty: true))
        }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the whole effective configuration as one JSON object with sorted keys.")
        @OptionGroup var home: HomeOption

        func run() throws {
            print(try loadOrExit(home.home).dump())
        }
    }
}

func loadOrExit(_ home: String) throws -> LoadedConfig {
    do {
        return try ConfigLoader(home: home).load()
    } catch {
        printErrors(error)
        throw ExitCode.failure
    }
}

func printErrors(_ error: ConfigLoadError) {
    let lines = error.issues.map { "error: \($0)" }.joined(separator: "\n")
    FileHandle.standardError.write(Data((lines + "\n\(error.issues.count) error(s)\n").utf8))
}
