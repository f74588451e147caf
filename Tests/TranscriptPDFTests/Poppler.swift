import Foundation

/// Poppler's tools (poppler-utils) on the PDFs the tests make. Every PDF is kept in `.build/test-output/pdf/`
/// with its first page as PNG, for a person to look at.
enum Poppler {
    static let outputFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-output/pdf")

    /// Writes `<name>.pdf` and `<name>.png` (its first page); returns the PDF's path.
    @discardableResult
    static func keep(_ bytes: [UInt8], name: String) throws -> String {
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let pdf = outputFolder.appendingPathComponent("\(name).pdf")
        try Data(bytes).write(to: pdf)
        try run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf.path,
            outputFolder.appendingPathComponent(name).path)
        print("first page of \(name): \(outputFolder.appendingPathComponent(name).path).png")
        return pdf.path
    }

    /// The text of `path` (pages `first...last` when given), as `pdftotext` reads it.
    static func text(_ path: String, page: Int? = nil) throws -> String {
        let pages = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        return try run("pdftotext", ["-enc", "UTF-8"] + pages + [path, "-"])
    }

    /// `pdffonts`' rows: (name, type, embedded).
    static func fonts(_ path: String) throws -> [(name: String, type: String, embedded: Bool)] {
        try run("pdffonts", path).split(separator: "\n").dropFirst(2).map { row in
            // columns: name type encoding emb sub uni object ID; the type may hold a space ("CID TrueType")
            let fields = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let emb = fields[fields.count - 5]
            return (fields[0], fields[1..<(fields.count - 6)].joined(separator: " "), emb == "yes")
        }
    }

    /// Page width and height in points, from `pdfinfo`.
    static func pageSize(_ path: String) throws -> (width: Double, height: Double) {
        let line = try run("pdfinfo", path).split(separator: "\n").first { $0.hasPrefix("Page size:") } ?? ""
        let numbers = line.split(separator: " ").compactMap { Double($0) }
        return (numbers.first ?? 0, numbers.dropFirst().first ?? 0)
    }

    /// Every word's box (points from the page's top left) and page, from `pdftotext -bbox`.
    static func words(_ path: String) throws -> [(page: Int, text: String, xMin: Double, yMin: Double, xMax: Double,
        yMax: Double)]
    {
        let html = try run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
        var page = 0
        var words: [(Int, String, Double, Double, Double, Double)] = []
        for line in html.split(separator: "\n") {
            if line.contains("<page ") { page += 1; continue }
            // on scalars: a word may start with a combining mark, which joins the tag's ">" into one Character
            let scalars = Array(line.unicodeScalars)
            guard line.contains("<word "), let open = scalars.firstIndex(of: ">"),
                let close = scalars.lastIndex(of: "<"), open < close else { continue }
            func value(_ name: String) -> Double {
                guard let start = line.range(of: "\(name)=\"") else { return .nan }
                return Double(line[start.upperBound...].prefix { $0 != "\"" }) ?? .nan
            }
            let text = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
            words.append((page, text, value("xMin"), value("yMin"), value("xMax"), value("yMax")))
        }
        return words
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: String...) throws -> String { try run(tool, arguments) }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PopplerFailed(tool: tool, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }
}

struct PopplerFailed: Error, CustomStringConvertible {
    var tool: String
    var status: Int32
    var description: String { "\(tool) exited with \(status)" }
}
