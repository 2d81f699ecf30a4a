import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Pictures
import Embeddings

/// Collects the elements of an SVG document, and fails on malformed XML.
private final class SVGCollector: NSObject, XMLParserDelegate {
    var circles: [String: (x: Double, y: Double)] = [:]
    var texts: [String] = []
    var elements = 0
    private var inText = false
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements += 1
        if name == "circle", let id = attributes["id"], let x = Double(attributes["cx"] ?? ""), let y = Double(attributes["cy"] ?? "") {
            circles[id] = (x, y)
        }
        if name == "text" { inText = true; current = "" }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current); inText = false }
    }

    static func parse(_ svg: String) -> SVGCollector? {
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }
}

final class PicturesTests: XCTestCase {
    /// A small space whose words lie in a plane, so the PCA map is predictable.
    private func space() -> Embeddings {
        var generator = SeededGenerator(seed: 3)
        let words = ["alpha", "beta", "gamma", "delta", "x<&>\"'", "zeta", "eta", "theta"]
        let vectors = words.flatMap { _ in (0..<6).map { _ in Float(generator.gaussian()) } }
        return Embeddings(words: words, dimension: 6, vectors: vectors)
    }

    func testMapParsesAsXMLAndPlacesPointsWhereTheProjectionSays() throws {
        let e = space()
        let (plot, missing) = try EmbeddingPictures.map(e, words: e.words + ["unknown"], groups: ["alpha": 3, "beta": 5])
        XCTAssertEqual(missing, ["unknown"])
        let svg = plot.render()
        let parsed = try XCTUnwrap(SVGCollector.parse(svg), "not well-formed XML")
        XCTAssertTrue(parsed.texts.contains("x<&>\"'"), "labels are escaped and read back")
        XCTAssertTrue(parsed.texts.contains { $0.hasPrefix("first principal component") })
        XCTAssertTrue(parsed.texts.contains { $0.hasPrefix("second principal component") })
        // Independent PCA: project each unit vector on the fitted axes, map to pixels, compare.
        let points = (0..<e.count).map { row in (0..<6).map { Double(e.unitVectors[row * 6 + $0]) } }
        let pca = PrincipalComponents(points: points, count: 2)
        for (i, point) in points.enumerated() {
            let xy = pca.project(point)
            let expected = plot.pixel(x: xy[0], y: xy[1])
            let circle = try XCTUnwrap(parsed.circles["p\(i)"])
            XCTAssertEqual(circle.x, expected.x, accuracy: 0.01)
            XCTAssertEqual(circle.y, expected.y, accuracy: 0.01)
        }
        // The extreme points on the first axis sit at the plot area's margins (6% inside).
        let xs = points.map { pca.project($0)[0] }
        let left = plot.pixel(x: xs.min()!, y: 0).x, right = plot.pixel(x: xs.max()!, y: 0).x
        XCTAssertEqual(left, plot.area.x + plot.area.width * 0.06 / 1.12, accuracy: 0.01)
        XCTAssertEqual(right, plot.area.x + plot.area.width * 1.06 / 1.12, accuracy: 0.01)
        XCTAssertThrowsError(try EmbeddingPictures.map(e, words: ["nothing", "known"]))
    }

    /// PCA against a hand-made case: points on the line y = 2x plus a small spread in z that is
    /// uncorrelated with x (Σ x z = 0), so the axes are (1, 2, 0)/√5 and (0, 0, ±1).
    func testPrincipalComponentsOfPointsOnALine() {
        let points: [[Double]] = [[-2, -4, 0.1], [-1, -2, -0.1], [0, 0, 0], [1, 2, -0.1], [2, 4, 0.1]]
        let pca = PrincipalComponents(points: points, count: 2)
        let s = 1 / 5.0.squareRoot()
        XCTAssertEqual(pca.axes[0][0], s, accuracy: 1e-9)
        XCTAssertEqual(pca.axes[0][1], 2 * s, accuracy: 1e-9)
        XCTAssertEqual(abs(pca.axes[1][2]), 1, accuracy: 1e-9)
        XCTAssertEqual(pca.project([1, 2, 0])[0], 5.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(pca.variances[0], 10.0 * 5 / 5, accuracy: 1e-9)  // (4+1+0+1+4) x 5 / 5
    }

    func testBiasPictureUsesProjectionsOnTheDirection() throws {
        let e = Embeddings(words: ["he", "she", "nurse", "engineer", "tree"], dimension: 3,
                           vectors: [1, 0.2, 0, -1, 0.2, 0, -0.5, 1, 0.1, 0.6, 1, -0.2, 0, 0.3, 1])
        let direction = try e.biasDirection(pairs: [("he", "she")])
        let (plot, _) = try EmbeddingPictures.bias(e, words: ["nurse", "engineer", "tree"], direction: direction)
        for point in plot.points {
            XCTAssertEqual(point.x, Double(e.projection(row: e.row(of: point.label)!, on: direction.vector)), accuracy: 1e-6)
        }
        XCTAssertLessThan(plot.points.first { $0.label == "nurse" }!.x, 0)
        XCTAssertNotNil(SVGCollector.parse(plot.render()))
        XCTAssertTrue(plot.xAxis.contains("cos(word, g)"))
    }

    func testLabelRepulsionRemovesOverlaps() {
        // Twenty labels on nearly the same spot.
        let points = (0..<20).map { (x: 300 + Double($0 % 3), y: 200 + Double($0 % 2)) }
        let labels = (0..<20).map { "label\($0)" }
        let before = (0..<20).map { LabelLayout.Box(x: points[$0].x + 4, y: points[$0].y - 10, width: 42, height: 12) }
        XCTAssertGreaterThan(LabelLayout.overlaps(before), 100)
        let boxes = LabelLayout.place(labels: labels, points: points, size: 12, bounds: (0, 0, 800, 600))
        XCTAssertEqual(LabelLayout.overlaps(boxes, tolerance: 2), 0)
        for box in boxes { XCTAssertTrue(box.x >= 0 && box.y >= 0 && box.x + box.width <= 800 && box.y + box.height <= 600) }
    }

    func testDriftPictureDrawsAnArrowFromOldToNew() throws {
        let old = space()
        let moved = Embeddings(words: old.words, dimension: 6, vectors: old.vectors.enumerated().map { $0.offset < 6 ? -$0.element : $0.element })
        let plot = try EmbeddingPictures.drift(old: old, new: moved, word: "alpha", k: 3)
        XCTAssertEqual(plot.arrows.count, 1)
        XCTAssertEqual(plot.points[0].label, "alpha (A)")
        XCTAssertEqual(plot.points[1].label, "alpha (B)")
        XCTAssertEqual(plot.points.count, 2 + 3 + 3)
        let svg = try XCTUnwrap(SVGCollector.parse(plot.render()))
        XCTAssertEqual(svg.circles.count, 8)
        XCTAssertThrowsError(try EmbeddingPictures.drift(old: old, new: moved, word: "omega"))
    }
}
