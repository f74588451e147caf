import CPangoCairo

/// A Cairo PDF surface that writes into memory, and its drawing context. Cairo embeds every font it draws
/// with as a subset when the surface is finished.
final class PDFCanvas {
    let surface: OpaquePointer
    let cairo: OpaquePointer
    let width: Double
    let height: Double
    private let sink = ByteSink()

    init(width: Double, height: Double) throws(TranscriptPDFError) {
        self.width = width
        self.height = height
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        cairo = cairo_create(surface)
        try check(cairo_surface_status(surface))
        try check(cairo_status(cairo))
    }

    deinit {
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    /// The document's title, author and creation date (`yyyy-MM-ddTHH:mm:ssZ`) in the PDF's information.
    func setMetadata(title: String, author: String, createDate: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ChatEngine")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, createDate)
    }

    func endPage() {
        cairo_show_page(cairo)
    }

    /// Finishes the document (fonts are subset and written now) and hands over its bytes.
    func finish() throws(TranscriptPDFError) -> [UInt8] {
        try check(cairo_status(cairo))
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface))
        return sink.bytes
    }

    func fill(_ rect: (x: Double, y: Double, width: Double, height: Double), color: PDFColor) {
        color.set(on: cairo)
        cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cairo)
    }

    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double, color: PDFColor) {
        color.set(on: cairo)
        cairo_set_line_width(cairo, width)
        cairo_move_to(cairo, start.x, start.y)
        cairo_line_to(cairo, end.x, end.y)
        cairo_stroke(cairo)
    }

    private func check(_ status: cairo_status_t) throws(TranscriptPDFError) {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw .cairo(String(cString: cairo_status_to_string(status)))
    }
}

/// Where Cairo's stream callback puts the PDF.
private final class ByteSink {
    var bytes: [UInt8] = []
}

