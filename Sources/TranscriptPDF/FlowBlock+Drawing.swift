/// Drawing a block's lines where pagination put them.
extension FlowBlock {
    func draw(_ range: Range<Int>, top: Double, geometry: PageGeometry, on canvas: PDFCanvas) {
        let height = layout.lines[range].reduce(0) { $0 + $1.height }
        switch decoration {
        case .none: break
        case .internalBar:
            canvas.fill((x - 7, top, 2.5, height), color: .internalMark)
        case .systemBand:
            canvas.fill((x - 4, top - 1, layout.width + 8, height + 2), color: .systemBand)
        }
        if range.lowerBound == 0, let side, let first = layout.lines.first, let sideLine = side.lines.first {
            side.draw(line: 0, x: geometry.left, top: top + first.baseline - sideLine.baseline, on: canvas)
        }
        var y = top
        for index in range {
            layout.draw(line: index, x: x, top: y, on: canvas)
            y += layout.lines[index].height
        }
    }
}
