/// A self-contained SVG 1.1 document built element by element (no scripts, no external
/// resources, so any browser shows it). Text is XML-escaped; numbers are written with two
/// decimals.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var body: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and newline dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" { continue }
                if (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    public mutating func circle(x: Double, y: Double, radius: Double, fill: String, title: String? = nil, id: String? = nil) {
        var attrs = [("cx", Self.number(x)), ("cy", Self.number(y)), ("r", Self.number(radius)), ("fill", fill)]
        if let id { attrs.append(("id", id)) }
        if let title {
            body.append("<circle\(Self.attributes(attrs))><title>\(Self.escape(title))</title></circle>")
        } else {
            body.append("<circle\(Self.attributes(attrs))/>")
        }
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                              dashed: Bool = false, arrow: Bool = false) {
        var attrs = [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                     ("stroke", stroke), ("stroke-width", Self.number(width))]
        if dashed { attrs.append(("stroke-dasharray", "4 3")) }
        if arrow { attrs.append(("marker-end", "url(#arrow)")) }
        body.append("<line\(Self.attributes(attrs))/>")
    }

    public mutating func rectangle(x: Double, y: Double, width: Double, height: Double, stroke: String, fill: String = "none") {
        body.append("<rect\(Self.attributes([("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(width)), ("height", Self.number(height)), ("stroke", stroke), ("fill", fill)]))/>")
    }

    /// Text anchored at (x, y): `anchor` start, middle or end; `rotate` degrees about the anchor.
    public mutating func text(_ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
                              fill: String = "#222", weight: String? = nil, rotate: Double? = nil) {
        var attrs = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)), ("text-anchor", anchor), ("fill", fill)]
        if let weight { attrs.append(("font-weight", weight)) }
        if let rotate { attrs.append(("transform", "rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))")) }
        body.append("<text\(Self.attributes(attrs))>\(Self.escape(content))</text>")
    }

    /// The whole document.
    public func render() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
            + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/></marker></defs>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"white\"/>\n"
        for element in body { out += element + "\n" }
        out += "</svg>\n"
        return out
    }
}
