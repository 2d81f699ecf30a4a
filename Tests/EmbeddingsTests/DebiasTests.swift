import XCTest
@testable import Embeddings

final class DebiasTests: XCTestCase {
    func testNeutralizeAndEqualize() throws {
        let d = 16
        var words = ["he", "she", "man", "woman", "king", "queen", "He", "She", "KING", "QUEEN", "boy", "girl"]
        words += (0..<60).map { "neutral\($0)" }
        var generator = SeededGenerator(seed: 12)
        // A planted gender axis e0 on top of random vectors.
        var values: [Float] = []
        for word in words {
            let sign: Float = ["he", "man", "king", "He", "KING", "boy"].contains(word) ? 1 : ["she", "woman", "queen", "She", "QUEEN", "girl"].contains(word) ? -1 : 0
            var v = (0..<d).map { _ in Float(generator.gaussian()) * 0.3 }
            v[0] += sign * 2 + (sign == 0 ? Float(generator.gaussian()) * 0.5 : 0)
            values += v
        }
        let e = Embeddings(words: words, dimension: d, vectors: values)
        let specific: Set<String> = ["he", "she", "man", "woman", "king", "queen", "boy", "girl", "He", "She"]
        let (out, report) = try e.debiased(definitional: [("he", "she"), ("man", "woman"), ("boy", "girl")],
                                           genderSpecific: specific, equalize: [("king", "queen"), ("he", "she")])
        let g = report.direction.vector
        XCTAssertGreaterThan(abs(g[0]), 0.9)  // the planted axis was found
        XCTAssertEqual(report.neutralized, words.count - specific.count)
        XCTAssertEqual(report.keptSpecific, specific.count)
        // Case variants: king/queen, KING/QUEEN, he/she, He/She (no "King", "HE" in the vocabulary).
        XCTAssertEqual(Set(report.equalized.map { $0.joined(separator: ":") }), ["king:queen", "KING:QUEEN", "he:she", "He:She"])
        func proj(_ word: String) -> Double {
            let v = out.vector(word)!
            return zip(v, g).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        for row in 0..<out.count { XCTAssertEqual(Double(out.norms[row]), 1, accuracy: 1e-5) }
        for word in words where !specific.contains(word) && !["KING", "QUEEN"].contains(word) {
            XCTAssertLessThan(abs(proj(word)), 1e-6, word)
            // Neutralizing keeps everything but the g component.
            let before = e.unitVectors[e.row(of: word)! * d ..< (e.row(of: word)! + 1) * d]
            let p = zip(before, g).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let rest = (1 - p * p).squareRoot()
            for (k, x) in out.vector(word)!.enumerated() {
                XCTAssertEqual(Double(x), (Double(before[before.startIndex + k]) - p * Double(g[k])) / rest, accuracy: 1e-5)
            }
        }
        // Equalized pairs: opposite projections, same component orthogonal to g.
        for (a, b) in [("king", "queen"), ("KING", "QUEEN"), ("he", "she"), ("He", "She")] {
            XCTAssertEqual(proj(a), -proj(b), accuracy: 1e-6, "\(a):\(b)")
            XCTAssertGreaterThan(abs(proj(a)), 0.1)
            let va = out.vector(a)!, vb = out.vector(b)!
            for k in 0..<d {
                let ra = Double(va[va.startIndex + k]) - proj(a) * Double(g[k]), rb = Double(vb[vb.startIndex + k]) - proj(b) * Double(g[k])
                XCTAssertEqual(ra, rb, accuracy: 1e-6)
            }
            // The side is kept: the first word stays on the side it was on (KING and QUEEN were
            // neutralized first, so their side is a tie broken by rounding, as in debiaswe).
            if a == "KING" { continue }
            let before = Double(e.projection(row: e.row(of: a)!, on: g)) - Double(e.projection(row: e.row(of: b)!, on: g))
            XCTAssertEqual(proj(a) > proj(b), before > 0)
        }
        // Gender-specific words not in an equalize pair keep their direction.
        XCTAssertEqual(out.cosine(rows: out.row(of: "boy")!, out.row(of: "boy")!), 1, accuracy: 1e-6)
        let boy = out.vector("boy")!, boyBefore = e.unitVectors[e.row(of: "boy")! * d ..< (e.row(of: "boy")! + 1) * d]
        for (x, y) in zip(boy, boyBefore) { XCTAssertEqual(x, y, accuracy: 1e-6) }
        // DirectBias of the neutral words drops to ~0.
        let neutral = (0..<60).map { "neutral\($0)" }
        let biasBefore = Embeddings.directBias(e.projections(of: neutral, on: report.direction).projections)
        let biasAfter = Embeddings.directBias(out.projections(of: neutral, on: report.direction).projections)
        XCTAssertGreaterThan(biasBefore.value, 0.1)
        XCTAssertLessThan(biasAfter.value, 1e-6)
    }

    func testTitleCase() {
        XCTAssertEqual(Embeddings.titleCased("king"), "King")
        XCTAssertEqual(Embeddings.titleCased("KING"), "King")
        XCTAssertEqual(Embeddings.titleCased(""), "")
    }
}
