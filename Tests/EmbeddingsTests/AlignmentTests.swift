import XCTest
@testable import Embeddings

final class AlignmentTests: XCTestCase {
    /// Unit rows of a random n x d space, words w0, w1, ...
    static func randomSpace(words n: Int, dimension d: Int, seed: UInt64, prefix: String = "w") -> Embeddings {
        var generator = SeededGenerator(seed: seed)
        return Embeddings(words: (0..<n).map { "\(prefix)\($0)" }, dimension: d,
                          vectors: (0..<(n * d)).map { _ in Float(generator.gaussian()) })
    }

    /// B = A Q + noise for a random rotation Q: Procrustes must find R = Qᵀ (B R = A) to 1e-4, and
    /// the aligned rows must land on A's unit rows.
    func testRecoversKnownRotationWithNoise() throws {
        let n = 400, d = 16
        let a = Self.randomSpace(words: n, dimension: d, seed: 1)
        var generator = SeededGenerator(seed: 9)
        let q = RandomMatrices.orthogonal(d, &generator)
        let b = RandomMatrices.rotate(a.unitVectors, dimension: d, by: q, noise: 1e-5, &generator)
        // B lists the words in another order, with two extra words A does not know.
        let order = (0..<n).reversed()
        let bSpace = Embeddings(words: order.map { "w\($0)" } + ["only-b1", "only-b2"], dimension: d,
                                vectors: order.flatMap { b[$0 * d ..< ($0 + 1) * d] } + [Float](repeating: 0.5, count: 2 * d))
        let (aligned, alignment) = try bSpace.aligned(to: a)
        XCTAssertEqual(alignment.sharedWords, n)
        XCTAssertEqual(alignment.fittedWords, n)
        for i in 0..<d {
            for j in 0..<d { XCTAssertEqual(alignment.rotation[i * d + j], q[j * d + i], accuracy: 1e-4, "R[\(i)][\(j)]") }
        }
        XCTAssertLessThan(alignment.residual, 1e-4)
        XCTAssertGreaterThan(alignment.residualUnrotated, 0.5)
        XCTAssertEqual(aligned.words, bSpace.words)
        for word in ["w0", "w17", "w399"] {
            let x = aligned.vector(word)!, y = a.unitVectors[a.row(of: word)! * d ..< (a.row(of: word)! + 1) * d]
            for (p, r) in zip(x, y) { XCTAssertEqual(p, r, accuracy: 1e-4) }
        }
        // The rotation is orthogonal: RᵀR = I.
        for p in 0..<d {
            for r in 0..<d {
                var s = 0.0
                for i in 0..<d { s += alignment.rotation[i * d + p] * alignment.rotation[i * d + r] }
                XCTAssertEqual(s, p == r ? 1 : 0, accuracy: 1e-10)
            }
        }
        // Fitting on the 50 most frequent shared words only gives the same rotation.
        let (_, partial) = try bSpace.aligned(to: a, frequentWords: 50)
        XCTAssertEqual(partial.fittedWords, 50)
        for (x, y) in zip(partial.rotation, alignment.rotation) { XCTAssertEqual(x, y, accuracy: 1e-4) }
    }

    func testRefusesDifferentDimensionsAndTooFewSharedWords() {
        let a = Self.randomSpace(words: 50, dimension: 8, seed: 1)
        XCTAssertThrowsError(try Self.randomSpace(words: 50, dimension: 9, seed: 2).aligned(to: a)) { error in
            XCTAssertTrue("\(error)".contains("different dimensions"), "\(error)")
        }
        // Only 5 shared words for 8 dimensions.
        let few = Embeddings(words: (0..<5).map { "w\($0)" } + (0..<40).map { "other\($0)" }, dimension: 8,
                             vectors: Self.randomSpace(words: 45, dimension: 8, seed: 3).vectors.map { $0 })
        XCTAssertThrowsError(try few.aligned(to: a)) { error in
            XCTAssertTrue("\(error)".contains("only 5 shared words"), "\(error)")
        }
    }
}
