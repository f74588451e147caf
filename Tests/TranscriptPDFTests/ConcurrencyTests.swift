import ChatCore
import Dispatch
import Foundation
import Testing
import TranscriptPDF

/// The engine renders on several threads at once: Pango (a font map per thread), fontconfig and Cairo must
/// give every thread the same, complete PDF.
@Suite struct ConcurrencyTests {
    @Test func eightRendersAtOnceGiveTheSameText() throws {
        var transcript = Fixtures.allScripts
        transcript.entries.append(Fixtures.message(30, "Carla Customer", String(repeating: "界", count: 300)))
        let results = Results()
        let input = transcript
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            results.add(index, Result { try TranscriptPDF.render(input, options: Fixtures.options()) })
        }
        var texts: [String] = []
        for index in 0..<8 {
            let pdf = try #require(try results.get(index))
            #expect(pdf.unknownGlyphs == 0)
            texts.append(try Poppler.text(Poppler.keep(pdf.bytes, name: "concurrent-\(index)")))
        }
        #expect(Set(texts).count == 1)
        #expect(texts[0].filter { $0 == "界" }.count == 300)
    }
}

/// Results from `concurrentPerform`'s threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<RenderedPDF, any Error>] = [:]

    func add(_ index: Int, _ result: Result<RenderedPDF, any Error>) {
        lock.withLock { results[index] = result }
    }

    func get(_ index: Int) throws -> RenderedPDF? {
        try lock.withLock { results[index] }?.get()
    }
}
