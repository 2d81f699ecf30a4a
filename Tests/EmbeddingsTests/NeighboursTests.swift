import XCTest
@testable import Embeddings
import Kernels

final class NeighboursTests: XCTestCase {
    static func random(rows: Int, dimension: Int, seed: UInt64) -> Embeddings {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) }
        return Embeddings(words: (0..<rows).map { "w\($0)" }, dimension: dimension, vectors: values)
    }

    func testSIMDKernelsMatchTheScalarReference() {
        var generator = SeededGenerator(seed: 5)
        for n in [1, 3, 7, 8, 9, 15, 16, 17, 31, 50, 100, 300] {
            let a = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
            let b = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
            let reference = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { VectorKernels.scalarDot(pa.baseAddress!, $0.baseAddress!, n) } }
            let simd = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { VectorKernels.dot(pa.baseAddress!, $0.baseAddress!, n) } }
            let pa = VectorKernels.padded(a), pb = VectorKernels.padded(b)
            let padded = pa.withUnsafeBufferPointer { x in pb.withUnsafeBufferPointer { VectorKernels.paddedDot(x.baseAddress!, $0.baseAddress!, chunks: pa.count / 8) } }
            XCTAssertEqual(simd, reference, accuracy: 1e-5 * Float(n), "n = \(n)")
            XCTAssertEqual(padded, reference, accuracy: 1e-5 * Float(n), "n = \(n)")
        }
    }

    func testNearestMatchesTheScalarReferenceForManyShapes() {
        // Shapes cover the padded scan's tail rows (dimension not a multiple of 8), a single
        // row, and the multi-processor split (>= 32,768 rows).
        for (rows, dimension) in [(1, 3), (40, 1), (200, 7), (150, 16), (120, 100), (33_000, 5)] {
            let e = Self.random(rows: rows, dimension: dimension, seed: UInt64(rows * 31 + dimension))
            var generator = SeededGenerator(seed: 11)
            for _ in 0..<3 {
                let query = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
                let k = min(10, rows)
                let fast = e.nearest(to: query, k: k)
                let slow = e.scalarNearest(to: query, k: k)
                XCTAssertEqual(fast.answers.map(\.row), slow.answers.map(\.row), "\(rows) x \(dimension)")
                for (f, s) in zip(fast.answers, slow.answers) { XCTAssertEqual(f.score, s.score, accuracy: 1e-5) }
            }
        }
    }

    func testNeighboursExcludeTheWordAndReportIt() throws {
        let e = Embeddings(words: ["cat", "dog", "car", "kitten"], dimension: 2,
                           vectors: [1, 0.1, 0.9, 0.3, -1, 0.2, 1, 0.05])
        let result = try e.neighbours(of: "cat", k: 2)
        XCTAssertEqual(result.answers.map(\.word), ["kitten", "dog"])
        XCTAssertEqual(result.excluded.map(\.word), ["cat"])
        XCTAssertEqual(result.excluded.first?.rank, 1)
        XCTAssertEqual(result.excluded.first?.score ?? 0, 1, accuracy: 1e-6)
        // cos(cat, kitten) by hand.
        let dot: Double = 1 * 1 + 0.1 * 0.05
        let norms: Double = (1.01).squareRoot() * (1.0025).squareRoot()
        let expected = dot / norms
        XCTAssertEqual(result.answers[0].score, Float(expected), accuracy: 1e-6)
        // Restricting the vocabulary to the first two rows leaves only "dog".
        XCTAssertEqual(try e.neighbours(of: "cat", k: 5, restrictVocab: 2).answers.map(\.word), ["dog"])
        // Lowercase fallback, and unknown words with suggestions.
        XCTAssertEqual(try e.neighbours(of: "CAT", k: 1).answers.map(\.word), ["kitten"])
        XCTAssertThrowsError(try e.neighbours(of: "dgo")) { error in
            XCTAssertEqual(error as? EmbeddingsError, .unknownWord(word: "dgo", suggestions: ["dog"]))
        }
    }

    func testTopKKeepsTheBestWithDeterministicTies() {
        var heap = TopK(capacity: 3)
        for (row, score) in [(0, 0.5), (1, 0.9), (2, 0.5), (3, 0.1), (4, 0.9), (5, 0.7), (6, Float.nan)] as [(Int, Float)] {
            heap.insert(row: row, score: score)
        }
        XCTAssertEqual(heap.sorted().map(\.row), [1, 4, 5])
        var generator = SeededGenerator(seed: 3)
        let scores = (0..<1000).map { _ in Float(Int.random(in: 0..<50, using: &generator)) }  // many ties
        var big = TopK(capacity: 25)
        for (row, s) in scores.enumerated() { big.insert(row: row, score: s) }
        let expected = scores.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .prefix(25).map(\.offset)
        XCTAssertEqual(big.sorted().map(\.row), expected)
    }
}
