import Foundation

/// Poppler's tools on PDFs a test made: the file and a PNG of its first page go to `.build/test-output/pdf/`
/// for a person to look at; `pdftotext` reads the text back.
public enum PDFTools {
    public static let outputFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-output/pdf")

    /// Writes `<name>.pdf` and its first page as `<name>.png`; returns the PDF's path.
    @discardableResult
    public static func write(_ bytes: [UInt8], name: String) throws -> String {
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let pdf = outputFolder.appendingPathComponent("\(name).pdf")
        try Data(bytes).write(to: pdf)
        _ = try run("/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf.path,
            outputFolder.appendingPathComponent(name).path)
        return pdf.path
    }

    /// The PDF's text as `pdftotext` reads it (after `write`).
    public static func text(_ bytes: [UInt8], name: String) throws -> String {
        try run("/usr/bin/pdftotext", "-enc", "UTF-8", write(bytes, name: name), "-")
    }

    /// Whether every needle occurs, each after the one before.
    public static func inOrder(_ text: String, _ needles: [String]) -> Bool {
        var rest = text[...]
        for needle in needles {
            guard let found = rest.range(of: needle) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    /// Runs a tool and returns its standard output; throws when it fails.
    public static func run(_ executable: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError(description: "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
