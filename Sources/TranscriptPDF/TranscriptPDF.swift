import ChatCore
import Foundation

/// A transcript (`ChatCore.Transcript`, already cut to what its viewer may see) as a PDF a person prints or
/// files: real text layout with Pango (shaping, right-to-left, line breaking, font fallback over Debian's Noto
/// fonts) drawn by Cairo into a PDF with every font embedded as a subset.
///
/// `render` is synchronous and CPU-bound: callers run it off the server's event loops (the engine's
/// `TranscriptDownloads` does, with bounded concurrency).
public enum TranscriptPDF {
    /// Renders `transcript`; throws `TranscriptPDFError` when Cairo fails. Renders in one process take turns
    /// (`RenderLock`).
    public static func render(_ transcript: Transcript, options: TranscriptPDFOptions) throws -> RenderedPDF {
        try RenderLock.lock.withLock { try renderAlone(transcript, options: options) }
    }

    private static func renderAlone(_ transcript: Transcript, options: TranscriptPDFOptions) throws -> RenderedPDF {
        let geometry = PageGeometry(options.pageSize)
        let clock = TranscriptClock(timeZone: options.timeZone)
        let canvas = try PDFCanvas(width: geometry.width, height: geometry.height)
        let tr = options.language(of: transcript)
        let title = FlowBlock.title(of: transcript, clock: clock, language: tr)
        canvas.setMetadata(title: TranscriptText.title(transcript, timeZone: options.timeZone, language: tr),
            author: PDFText.oneLine(options.headerName),
            createDate: TranscriptClock.isoUTC(options.generatedAt))

        let header = FlowBlock.header(of: transcript, name: options.headerName, clock: clock, language: tr,
            geometry: geometry, on: canvas)
        let entries = FlowBlock.entries(of: transcript, clock: clock, geometry: geometry, on: canvas)
        let fitted = PageFitting.fit(header: header, entries: entries, entryCount: transcript.entries.count,
            maxPages: max(1, options.maxPages), pageHeight: geometry.bodyHeight) { count in
            FlowBlock.leftOut(count, maxPages: max(1, options.maxPages), geometry: geometry, on: canvas)
        }

        let furniture = PageFurniture(headerName: PDFText.oneLine(options.headerName), title: title,
            madeAt: tr("Created %s (%s)", clock.dateTime(options.generatedAt), options.timeZone.identifier),
            geometry: geometry, tr: tr)
        var unknownGlyphs = fitted.blocks.reduce(0) { $0 + $1.unknownGlyphs }
        for (number, page) in fitted.pages.enumerated() {
            unknownGlyphs += furniture.draw(page: number + 1, of: fitted.pages.count, on: canvas)
            for placement in page {
                fitted.blocks[placement.item].draw(placement.lines, top: geometry.bodyTop + placement.top,
                    geometry: geometry, on: canvas)
            }
            canvas.endPage()
        }
        return RenderedPDF(bytes: try canvas.finish(), pageCount: fitted.pages.count, unknownGlyphs: unknownGlyphs,
            entriesLeftOut: fitted.entriesLeftOut)
    }
}
