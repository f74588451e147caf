import ChatCore
import Testing
import TranscriptPDF

/// Every script the issue names in one chat: real glyphs for every character, every font embedded, every
/// message and author found again in the PDF's text.
@Suite struct ScriptsTests {
    @Test func everyScriptHasRealGlyphsAndEmbeddedFonts() throws {
        let pdf = try TranscriptPDF.render(Fixtures.allScripts, options: Fixtures.options())
        #expect(pdf.unknownGlyphs == 0)
        #expect(pdf.entriesLeftOut == 0)
        let path = try Poppler.keep(pdf.bytes, name: "all-scripts")
        let fonts = try Poppler.fonts(path)
        #expect(!fonts.isEmpty)
        for font in fonts { #expect(font.embedded, "font \(font.name) (\(font.type)) is not embedded") }
        // the scripts' own faces were used, not a lookalike of whatever else is installed
        let names = fonts.map(\.name).joined(separator: " ")
        for face in ["NotoSans-", "NotoSansArabic", "NotoSansHebrew", "NotoSansThai", "NotoSansDevanagari",
            "NotoSansCJKjp", "NotoSansCJKkr", "NotoSansCJKsc"]
        {
            #expect(names.contains(face), "no \(face) in \(names)")
        }
    }

    @Test func everyMessageAndAuthorIsInTheTextLeftToRightInOrder() throws {
        let transcript = Fixtures.allScripts
        let pdf = try TranscriptPDF.render(transcript, options: Fixtures.options())
        let text = try Poppler.text(Poppler.keep(pdf.bytes, name: "all-scripts-text"))
        let squeezed = Fixtures.textual(text)
        var rest = squeezed[...]
        for entry in transcript.entries where !isRightToLeft(entry.text) {
            for needle in [entry.author, entry.text].map(Fixtures.textual) where !needle.isEmpty {
                let found = rest.range(of: needle)
                #expect(found != nil, "missing or out of order: \(needle.unicodeScalars.map { String($0.value, radix: 16) })")
                if let found { rest = rest[found.upperBound...] }
            }
        }
        // Cairo 1.16 draws colour emoji as images: they have no text to find (the glyph count covers them)
        #expect(text.contains("Thanks!"))
        // right-to-left text comes out in visual order (pdftotext may also split a word): its words and embedded numbers and Latin words are there
        let missing = ["مرحبا", "الطلب", "12345", "Windows", "בדקתי", "ההזמנה", "4711", "Chrome", "فاطمة", "כהן"]
            .filter { !text.contains($0) }
        #expect(missing.isEmpty, "missing: \(missing)")
    }

    @Test func aTranscriptOfManyScriptsInTheHeaderAndNamesHasNoUnknownGlyph() throws {
        var transcript = Fixtures.allScripts
        transcript.channel = "Поддержка 支持 דעסק"
        let options = TranscriptPDFOptions(pageSize: .letter, headerName: "Ärzte & Söhne 株式会社 شركة", timeZone:
            Fixtures.berlin, maxPages: 10, generatedAt: Fixtures.start)
        let pdf = try TranscriptPDF.render(transcript, options: options)
        #expect(pdf.unknownGlyphs == 0)
        let text = try Poppler.text(Poppler.keep(pdf.bytes, name: "all-scripts-header"))
        #expect(text.contains("Ärzte & Söhne"))
        #expect(text.contains("Поддержка"))
    }

    @Test func aCharacterNoFontHasIsCounted() throws {
        // a private-use character: the count is real, not always zero
        let transcript = Fixtures.transcript([Fixtures.message(1, "Carla Customer", "private \u{E000}\u{E001}")])
        let pdf = try TranscriptPDF.render(transcript, options: Fixtures.options())
        #expect(pdf.unknownGlyphs == 2)
    }

    private func isRightToLeft(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0590...0x08FF).contains($0.value) }
    }
}
