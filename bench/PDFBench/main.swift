// The PDF of a 1,000-message chat mixing every script the issue names, release build:
//   swift build -c release --product PDFBench && .build/release/PDFBench [MESSAGES] [ROUNDS] [OUT.pdf]
// Prints each round's time, the median, the size, pages, unknown glyphs, and the process's peak RSS.
import ChatCore
import Foundation
import TranscriptPDF

let arguments = CommandLine.arguments
let messages = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let output = arguments.count > 3 ? arguments[3] : nil

let start = Date(timeIntervalSince1970: 1_796_220_000)
var entries: [Transcript.Entry] = [Transcript.Entry(at: start, kind: .system, author: "",
    text: "Jürgen Groß has requested a chat.", isInternal: false)]
for index in 0..<messages {
    let sample = ScriptSamples.messages[index % ScriptSamples.messages.count]
    entries.append(Transcript.Entry(at: start.addingTimeInterval(Double(index) * 7), kind: .message,
        author: index % 2 == 0 ? sample.author : "Support Agent 1", text: "\(index + 1). \(sample.text)",
        isInternal: index % 10 == 9))
}
let transcript = Transcript(chat: ChatID(1000), audience: .agent, channel: "Support",
    participants: ["Support Agent 1"] + ScriptSamples.messages.map(\.author), startedAt: start,
    endedAt: start.addingTimeInterval(Double(messages) * 7), entries: entries)
let options = TranscriptPDFOptions(pageSize: .a4, headerName: "Example Company", timeZone: TimeZone(identifier:
    "Europe/Berlin")!, maxPages: 1000, generatedAt: Date())

var times: [Double] = []
var last: RenderedPDF?
for round in 1...rounds {
    let began = ContinuousClock.now
    last = try TranscriptPDF.render(transcript, options: options)
    let elapsed = ContinuousClock.now - began
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    times.append(ms)
    print("round \(round): \(String(format: "%.1f", ms)) ms")
}
guard let pdf = last else { exit(1) }
if let output { try Data(pdf.bytes).write(to: URL(fileURLWithPath: output)) }
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let sorted = times.sorted()
print("\(messages) messages: first \(String(format: "%.1f", times[0])) ms, median "
    + "\(String(format: "%.1f", sorted[sorted.count / 2])) ms; \(pdf.bytes.count / 1024) KB, \(pdf.pageCount) pages, "
    + "unknown glyphs \(pdf.unknownGlyphs); peak RSS \(usage.ru_maxrss / 1024) MB")
// what the RSS is made of: the process's own memory (anonymous) and mapped files (the fonts, shared and
// reclaimable: every process using the same font files maps the same pages)
if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
    print(status.split(separator: "\n").filter { $0.hasPrefix("RssAnon") || $0.hasPrefix("RssFile") }
        .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.joined(separator: "; ") + " (now)")
}
