import ChatCore
import Foundation
import Testing
import TranscriptPDF

/// The page: header, marks, long words and long messages, page breaks, page numbers, sizes, time zones.
@Suite struct LayoutTests {
    @Test func theHeaderSaysWhoWhatAndWhenInTheViewersTimeZone() throws {
        let transcript = Fixtures.transcript([Fixtures.message(5, "Carla Customer", "Hello")])
        let berlin = try Poppler.text(Poppler.keep(TranscriptPDF.render(transcript, options: Fixtures.options()).bytes,
            name: "header-berlin"))
        #expect(Poppler.inOrder(berlin, ["Example Company", "Chat 123 (Support, 2026-12-02)", "Channel: Support",
            "Participants: Carla Customer, Support Agent 1", "Started: 2026-12-02 15:00 (Europe/Berlin)",
            "Ended: 2026-12-02 15:05", "15:05", "Carla Customer", "Hello", "Page 1 of 1"]))
        let tokyo = try Poppler.text(Poppler.keep(TranscriptPDF.render(transcript, options: Fixtures.options(zone:
            TimeZone(identifier: "Asia/Tokyo")!)).bytes, name: "header-tokyo"))
        #expect(tokyo.contains("Started: 2026-12-02 23:00 (Asia/Tokyo)"))
        #expect(tokyo.contains("23:05"))
    }

    @Test func internalMessagesAreMarkedForAgentsAndSystemMessagesStandApart() throws {
        let entries = [Fixtures.system(0, "Carla Customer has requested a chat."),
            Fixtures.message(1, "Support Agent 1", "Only for colleagues", isInternal: true),
            Fixtures.message(2, "Carla Customer", "Hello")]
        let agent = try Poppler.text(Poppler.keep(TranscriptPDF.render(Fixtures.transcript(entries), options:
            Fixtures.options()).bytes, name: "marks-agent"))
        #expect(Poppler.inOrder(agent, ["Full log for agents", "Carla Customer has requested a chat.",
            "[internal] Support Agent 1", "Only for colleagues", "Carla Customer", "Hello"]))
        let customer = try Poppler.text(Poppler.keep(TranscriptPDF.render(Fixtures.transcript(Array(entries[0...0])
            + [entries[2]], audience: .customer), options: Fixtures.options()).bytes, name: "marks-customer"))
        #expect(!customer.contains("[internal]"))
        #expect(!customer.contains("Full log for agents"))
        #expect(customer.contains("Hello"))
    }

    @Test func longWordsAndURLsAreWrappedNeverCut() throws {
        let word = (0..<300).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined()
        let url = "https://example.com/" + (0..<28).map { "segment\($0)" }.joined(separator: "/") + "?q=" + word
        let wide = String(repeating: "界", count: 300)
        let transcript = Fixtures.transcript([Fixtures.message(1, "Carla Customer", "See \(word) and \(url) then \(wide)")])
        let pdf = try TranscriptPDF.render(transcript, options: Fixtures.options())
        let path = try Poppler.keep(pdf.bytes, name: "long-words")
        let text = Fixtures.squeezed(try Poppler.text(path))
        let found = (word: text.contains(word), url: text.contains(url), wide: text.contains(wide),
            hyphen: text.contains(word.prefix(40) + "-"))
        #expect(found.word && found.url && found.wide, "\(found) \(text.unicodeScalars.filter { $0.value > 0x3000 }.count)")
        #expect(!found.hyphen, "no hyphen is added where a word is broken")
        // every word on the page: nothing runs past the right margin
        for box in try Poppler.words(path) { #expect(box.xMax <= 595.28 - 47, "\(box.text.prefix(20)) at \(box.xMax)") }
    }

    @Test func aLongMessageAndAThousandMessagesBreakBetweenLinesWithPageNumbers() throws {
        let long = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 67)
        #expect(long.count >= 3800)
        var transcript = Fixtures.long(1000)
        transcript.entries.insert(Fixtures.message(0, "Carla Customer", long), at: 500)
        let pdf = try TranscriptPDF.render(transcript, options: Fixtures.options())
        #expect(pdf.unknownGlyphs == 0)
        #expect(pdf.entriesLeftOut == 0)
        #expect(pdf.pageCount > 20)
        let path = try Poppler.keep(pdf.bytes, name: "thousand-messages")
        let text = try Poppler.text(path)
        #expect(Poppler.inOrder(text, (1...1000).map { "Message \($0):" }))
        let body = Fixtures.squeezed(Fixtures.withoutPageFurniture(text))
        let whole = body.contains(Fixtures.squeezed(long))
        #expect(whole, "the 3,800-character message is not whole in the text")
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(pages.count == pdf.pageCount)
        for (index, page) in pages.enumerated() { #expect(page.contains("Page \(index + 1) of \(pdf.pageCount)")) }
        // no line reaches into the footer or the running head: page breaks fall between lines
        let bodyTop = 48.0 + 26, bodyBottom = 841.89 - 48 - 26
        for box in try Poppler.words(path) where box.yMax > bodyTop - 12 && box.yMin < bodyBottom + 12 {
            #expect(box.yMin >= bodyTop - 1 && box.yMax <= bodyBottom + 1, "\(box.text) on page \(box.page)")
        }
    }

    @Test func maxPagesEndsWithALineSayingHowManyEntriesWereLeftOut() throws {
        let transcript = Fixtures.long(300)
        let pdf = try TranscriptPDF.render(transcript, options: Fixtures.options(maxPages: 3))
        #expect(pdf.pageCount == 3)
        #expect(pdf.entriesLeftOut > 0)
        let text = try Poppler.text(Poppler.keep(pdf.bytes, name: "max-pages"))
        let kept = 300 - pdf.entriesLeftOut
        #expect(Poppler.inOrder(text, (1...kept).map { "Message \($0):" }
            + ["\(pdf.entriesLeftOut) more entries are not in this PDF: it is limited to 3 pages."]))
        #expect(!text.contains("Message \(kept + 1):"))
        let one = try TranscriptPDF.render(transcript, options: Fixtures.options(maxPages: 1))
        #expect(one.pageCount == 1)
        #expect(one.entriesLeftOut > pdf.entriesLeftOut)
    }

    @Test(arguments: [(TranscriptPDFOptions.PageSize.a4, 595.28, 841.89), (.letter, 612, 792)])
    func pageSizes(size: TranscriptPDFOptions.PageSize, width: Double, height: Double) throws {
        let pdf = try TranscriptPDF.render(Fixtures.long(5), options: Fixtures.options(size))
        let page = try Poppler.pageSize(Poppler.keep(pdf.bytes, name: "size-\(size.rawValue)"))
        #expect(abs(page.width - width) < 0.5 && abs(page.height - height) < 0.5)
    }

    @Test func anEmptyTranscriptAndControlCharactersStillMakeAPDF() throws {
        let empty = try TranscriptPDF.render(Fixtures.transcript([]), options: Fixtures.options())
        #expect(empty.pageCount == 1)
        let odd = Fixtures.transcript([Fixtures.message(1, "Carla\nCustomer", "a\u{0}b\u{7}c\r\nd\u{1B}[31m\n\n\n")])
        let pdf = try TranscriptPDF.render(odd, options: Fixtures.options())
        #expect(pdf.unknownGlyphs == 0)
        let text = try Poppler.text(Poppler.keep(pdf.bytes, name: "control-characters"))
        #expect(text.contains("Carla Customer"))
        #expect(text.contains("abc"))
    }
}

extension Poppler {
    /// Whether every needle occurs, each after the one before.
    static func inOrder(_ text: String, _ needles: [String]) -> Bool {
        var rest = text[...]
        for needle in needles {
            guard let found = rest.range(of: needle) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }
}
