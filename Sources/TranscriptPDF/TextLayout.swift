import CPangoCairo

/// One Pango layout (shaping, bidi, line breaking, font fallback through fontconfig) and its lines, measured
/// so that pagination can place them one by one: a page break falls between two lines, never inside one.
final class TextLayout {
    struct Line {
        /// Height of the line's logical box and the baseline below its top, in points.
        var height: Double
        var baseline: Double
        /// Where the line starts from the layout's left edge (alignment, right-to-left paragraphs).
        var x: Double
        let line: UnsafeMutablePointer<PangoLayoutLine>
    }

    private let layout: OpaquePointer
    /// The width lines are broken at, in points.
    let width: Double
    private(set) var lines: [Line] = []
    /// Characters no installed font has a glyph for.
    let unknownGlyphs: Int

    /// `text` in `font` (a Pango font description, e.g. "Noto Sans 10"), `width` points wide, long words
    /// broken between characters rather than cut, no hyphens added (a URL copied out stays a URL).
    init(_ text: StyledText, font: String, width: Double, alignment: PangoAlignment = PANGO_ALIGN_LEFT,
        singleLine: Bool = false, on canvas: PDFCanvas)
    {
        self.width = width
        layout = pango_cairo_create_layout(canvas.cairo)
        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_width(layout, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if singleLine { pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END) }
        pango_layout_set_alignment(layout, alignment)
        pango_layout_set_auto_dir(layout, 1)
        pango_layout_set_text(layout, text.text, Int32(text.text.utf8.count))
        let attributes = pango_attr_list_new()
        Self.insert(pango_attr_insert_hyphens_new(0), from: 0, to: text.text.utf8.count, into: attributes)
        for span in text.spans { Self.insert(span, into: attributes) }
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        unknownGlyphs = Int(pango_layout_get_unknown_glyphs_count(layout))
        lines = measureLines()
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
    }

    var height: Double { lines.reduce(0) { $0 + $1.height } }

    /// Draws line `index` with its top at (`x`, `top`): `x` is the layout's left edge.
    func draw(line index: Int, x: Double, top: Double, on canvas: PDFCanvas, color: PDFColor = .text) {
        let line = lines[index]
        color.set(on: canvas.cairo)
        cairo_move_to(canvas.cairo, x + line.x, top + line.baseline)
        pango_cairo_show_layout_line(canvas.cairo, line.line)
    }

    private func measureLines() -> [Line] {
        var result: [Line] = []
        let iterator = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iterator) }
        let scale = Double(PANGO_SCALE)
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            let baseline = Double(pango_layout_iter_get_baseline(iterator) - logical.y) / scale
            guard let line = pango_layout_iter_get_line_readonly(iterator) else { continue }
            result.append(Line(height: Double(logical.height) / scale, baseline: baseline,
                x: Double(logical.x) / scale, line: line))
        } while pango_layout_iter_next_line(iterator) != 0
        return result
    }

    private static func insert(_ span: StyledText.Span, into list: OpaquePointer?) {
        let style = span.style
        if style.bold { insert(pango_attr_weight_new(PANGO_WEIGHT_BOLD), from: span.start, to: span.end, into: list) }
        if style.italic { insert(pango_attr_style_new(PANGO_STYLE_ITALIC), from: span.start, to: span.end, into: list) }
        if let size = style.size {
            insert(pango_attr_size_new(Int32(size * Double(PANGO_SCALE))), from: span.start, to: span.end, into: list)
        }
        if let color = style.color?.pango16 {
            insert(pango_attr_foreground_new(color.0, color.1, color.2), from: span.start, to: span.end, into: list)
        }
        if let language = style.language {
            insert(pango_attr_language_new(pango_language_from_string(language)), from: span.start, to: span.end,
                into: list)
            let families = TranscriptStyle.families(language: language)
            if families != TranscriptStyle.families(language: nil) {
                insert(pango_attr_family_new(families.joined(separator: ",")), from: span.start, to: span.end,
                    into: list)
            }
        }
    }

    private static func insert(_ attribute: UnsafeMutablePointer<PangoAttribute>?, from start: Int, to end: Int,
        into list: OpaquePointer?)
    {
        guard let attribute else { return }
        attribute.pointee.start_index = UInt32(start)
        attribute.pointee.end_index = UInt32(end)
        pango_attr_list_insert(list, attribute)
    }
}
