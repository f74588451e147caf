/// Where things go on a page, in points (1/72 in).
struct PageGeometry {
    let width: Double
    let height: Double
    let margin = 48.0
    /// The running head (name, chat) and the footer (when made, page N of M), outside the flowing text.
    let headHeight = 26.0
    let footHeight = 26.0
    /// Message times stand in their own column left of the text.
    let timeColumn = 40.0

    init(_ size: TranscriptPDFOptions.PageSize) {
        switch size {
        case .a4: (width, height) = (595.28, 841.89)
        case .letter: (width, height) = (612, 792)
        }
    }

    var left: Double { margin }
    var contentWidth: Double { width - 2 * margin }
    /// The flowing text's box.
    var bodyTop: Double { margin + headHeight }
    var bodyHeight: Double { height - 2 * margin - headHeight - footHeight }
    var textLeft: Double { left + timeColumn }
    var textWidth: Double { contentWidth - timeColumn }
}
