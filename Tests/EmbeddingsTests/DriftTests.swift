import XCTest
@testable import Embeddings

final class DriftTests: XCTestCase {
    func testLocalMeasureIsZeroForIdenticalSpacesAndSymmetric() throws {
        let a = AlignmentTests.randomSpace(words: 120, dimension: 10, seed: 4)
        let same = try Embeddings.drift(from: a, to: a, method: .neighbours, k: 10)
        XCTAssertEqual(same.words, 120)
        for drift in same.drifts { XCTAssertEqual(drift.distance, 0, accuracy: 1e-6, drift.word) }
        // A rotated copy has the same cosines: still 0, without any alignment; other dimensions are fine.
        let b = AlignmentTests.randomSpace(words: 120, dimension: 14, seed: 5)
        let forward = try Embeddings.drift(from: a, to: b, method: .neighbours, k: 10)
        let backward = try Embeddings.drift(from: b, to: a, method: .neighbours, k: 10)
        let back = Dictionary(uniqueKeysWithValues: backward.drifts.map { ($0.word, $0.distance) })
        for drift in forward.drifts {
            XCTAssertEqual(drift.distance, back[drift.word]!, accuracy: 1e-9, drift.word)
            XCTAssertGreaterThan(drift.distance, 0)
        }
    }

    /// B = A with three words' vectors replaced: those three rank first by both measures.
    func testMovedWordsRankFirst() throws {
        let n = 300, d = 12
        let a = AlignmentTests.randomSpace(words: n, dimension: d, seed: 6)
        var generator = SeededGenerator(seed: 8)
        let q = RandomMatrices.orthogonal(d, &generator)
        var values = RandomMatrices.rotate(Array(a.vectors), dimension: d, by: q, noise: 0.01, &generator)
        let moved = [7, 150, 222]
        for (m, target) in zip(moved, [40, 90, 260]) {
            for j in 0..<d { values[m * d + j] = values[target * d + j] + Float(0.05 * generator.gaussian()) }
        }
        let b = Embeddings(words: a.words, dimension: d, vectors: values)
        for method in Embeddings.DriftMethod.allCases {
            let report = try Embeddings.drift(from: a, to: b, method: method, k: 15)
            XCTAssertEqual(Set(report.drifts.prefix(3).map(\.word)), Set(moved.map { "w\($0)" }), "\(method)")
        }
        let cosine = try Embeddings.drift(from: a, to: b, method: .cosine)
        XCTAssertLessThan(cosine.drifts[10].distance, 0.05)  // the others barely moved once aligned
        // A restricted word list is honoured.
        let some = try Embeddings.drift(from: a, to: b, method: .neighbours, words: (0..<50).map { "w\($0)" }, k: 5)
        XCTAssertEqual(some.words, 50)
        XCTAssertEqual(some.drifts.first?.word, "w7")
        XCTAssertThrowsError(try Embeddings.drift(from: a, to: b, method: .cosine, words: ["nothing"]))
    }
}
