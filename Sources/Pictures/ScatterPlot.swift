import Foundation

/// A labelled 2-D scatter plot with axes, optional arrows between points and a legend, rendered
/// as SVG. Data coordinates map linearly to pixels (`pixel(x:y:)`), with a 6% margin around the
/// data's range inside the plot area; y grows upward.
public struct ScatterPlot: Sendable {
    /// One marked point.
    public struct Point: Sendable {
        public var x: Double, y: Double
        public var label: String
        /// Index into `palette` (e.g. a cluster); nil = grey.
        public var group: Int?
        /// Larger marker and bold label (the word a picture is about).
        public var emphasised: Bool
        public init(x: Double, y: Double, label: String, group: Int? = nil, emphasised: Bool = false) {
            (self.x, self.y, self.label, self.group, self.emphasised) = (x, y, label, group, emphasised)
        }
    }

    public var title: String
    public var xAxis: String
    public var yAxis: String
    public var points: [Point] = []
    /// Arrows from point index to point index.
    public var arrows: [(from: Int, to: Int)] = []
    /// Names of the groups, shown as a legend.
    public var legend: [String] = []
    /// Draw the lines x = 0 and y = 0 when they are in range.
    public var zeroLines = true
    public var width: Double = 900
    public var height: Double = 700
    public var fontSize: Double = 12

    /// Colour-blind-safe palette (Okabe & Ito 2008), cycled.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    public init(title: String, xAxis: String, yAxis: String) {
        (self.title, self.xAxis, self.yAxis) = (title, xAxis, yAxis)
    }

    /// The plot area in pixels: left, top, width, height.
    public var area: (x: Double, y: Double, width: Double, height: Double) {
        (70, 50, width - 70 - 30, height - 50 - 60)
    }

    private var ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        func range(_ values: [Double]) -> ClosedRange<Double> {
            guard let lo = values.min(), let hi = values.max() else { return -1...1 }
            let span = hi - lo > 0 ? hi - lo : Swift.max(abs(hi), 1)
            return (lo - 0.06 * span)...(hi + 0.06 * span)
        }
        return (range(points.map(\.x)), range(points.map(\.y)))
    }

    /// Pixel position of data point (x, y).
    public func pixel(x: Double, y: Double) -> (x: Double, y: Double) {
        let (rx, ry) = ranges
        let a = area
        return (a.x + (x - rx.lowerBound) / (rx.upperBound - rx.lowerBound) * a.width,
                a.y + a.height - (y - ry.lowerBound) / (ry.upperBound - ry.lowerBound) * a.height)
    }

    /// "Nice" tick values covering `range` (1, 2 or 5 times a power of ten apart).
    static func ticks(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let raw = (range.upperBound - range.lowerBound) / Double(count)
        guard raw > 0, raw.isFinite else { return [] }
        let power = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var value = (range.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while value <= range.upperBound + 1e-12 { out.append(abs(value) < step * 1e-9 ? 0 : value); value += step }
        return out
    }

    /// The SVG document.
    public func render() -> String {
        var svg = SVGDocument(width: width, height: height)
        let a = area
        let (rx, ry) = ranges
        svg.text(title, x: width / 2, y: 28, size: fontSize + 4, anchor: "middle", weight: "bold")
        svg.rectangle(x: a.x, y: a.y, width: a.width, height: a.height, stroke: "#888")
        for t in Self.ticks(rx) {
            let p = pixel(x: t, y: ry.lowerBound)
            svg.line(x1: p.x, y1: a.y + a.height, x2: p.x, y2: a.y + a.height + 5, stroke: "#888")
            svg.text(SVGDocument.number(t), x: p.x, y: a.y + a.height + 18, size: fontSize - 2, anchor: "middle", fill: "#555")
        }
        for t in Self.ticks(ry) {
            let p = pixel(x: rx.lowerBound, y: t)
            svg.line(x1: a.x - 5, y1: p.y, x2: a.x, y2: p.y, stroke: "#888")
            svg.text(SVGDocument.number(t), x: a.x - 8, y: p.y + 4, size: fontSize - 2, anchor: "end", fill: "#555")
        }
        if zeroLines {
            if rx.contains(0) { let p = pixel(x: 0, y: 0); svg.line(x1: p.x, y1: a.y, x2: p.x, y2: a.y + a.height, stroke: "#ccc", dashed: true) }
            if ry.contains(0) { let p = pixel(x: 0, y: 0); svg.line(x1: a.x, y1: p.y, x2: a.x + a.width, y2: p.y, stroke: "#ccc", dashed: true) }
        }
        svg.text(xAxis, x: a.x + a.width / 2, y: height - 18, size: fontSize, anchor: "middle")
        svg.text(yAxis, x: 20, y: a.y + a.height / 2, size: fontSize, anchor: "middle", rotate: -90)
        let pixels = points.map { pixel(x: $0.x, y: $0.y) }
        for arrow in arrows {
            let from = pixels[arrow.from], to = pixels[arrow.to]
            svg.line(x1: from.x, y1: from.y, x2: to.x, y2: to.y, stroke: "#c0392b", width: 1.8, arrow: true)
        }
        let boxes = LabelLayout.place(labels: points.map(\.label), points: pixels, size: fontSize, bounds: a)
        for (i, point) in points.enumerated() {
            let colour = point.group.map { Self.palette[$0 % Self.palette.count] } ?? "#555"
            svg.circle(x: pixels[i].x, y: pixels[i].y, radius: point.emphasised ? 5 : 3, fill: colour, title: point.label, id: "p\(i)")
            let box = boxes[i]
            // A leader line when the label was pushed away from its point.
            let cx = Swift.min(Swift.max(pixels[i].x, box.x), box.x + box.width)
            let cy = Swift.min(Swift.max(pixels[i].y, box.y), box.y + box.height)
            if ((cx - pixels[i].x) * (cx - pixels[i].x) + (cy - pixels[i].y) * (cy - pixels[i].y)).squareRoot() > 12 {
                svg.line(x1: pixels[i].x, y1: pixels[i].y, x2: cx, y2: cy, stroke: "#bbb", width: 0.7)
            }
            svg.text(point.label, x: box.x, y: box.y + box.height * 0.8, size: fontSize, fill: point.group == nil ? "#222" : colour,
                     weight: point.emphasised ? "bold" : nil)
        }
        for (i, name) in legend.enumerated() {
            let y = a.y + 14 + Double(i) * (fontSize + 4)
            svg.circle(x: a.x + a.width - 150, y: y - 4, radius: 4, fill: Self.palette[i % Self.palette.count])
            svg.text(name, x: a.x + a.width - 140, y: y, size: fontSize - 1)
        }
        return svg.render()
    }
}
