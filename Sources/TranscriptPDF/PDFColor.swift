import CPangoCairo

/// An RGB colour, 0...1 per channel.
struct PDFColor: Hashable {
    var red: Double
    var green: Double
    var blue: Double

    static let text = PDFColor(red: 0.1, green: 0.1, blue: 0.1)
    static let muted = PDFColor(red: 0.42, green: 0.42, blue: 0.42)
    static let rule = PDFColor(red: 0.75, green: 0.75, blue: 0.75)
    /// Behind system messages.
    static let systemBand = PDFColor(red: 0.95, green: 0.95, blue: 0.95)
    /// The bar beside and the label of an internal message: agents only.
    static let internalMark = PDFColor(red: 0.78, green: 0.36, blue: 0.0)

    func set(on cairo: OpaquePointer) {
        cairo_set_source_rgb(cairo, red, green, blue)
    }

    /// As Pango's 16-bit channels, for a foreground attribute.
    var pango16: (UInt16, UInt16, UInt16) {
        func channel(_ value: Double) -> UInt16 { UInt16((min(max(value, 0), 1) * 65535).rounded()) }
        return (channel(red), channel(green), channel(blue))
    }
}
