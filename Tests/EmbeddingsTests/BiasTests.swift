import XCTest
@testable import Embeddings
import Kernels

final class BiasTests: XCTestCase {
    let e = Embeddings(words: ["woman", "man", "girl", "boy", "she", "he", "nurse", "engineer", "teacher"], dimension: 4, vectors: [
        0.9, 0.2, 0.1, 0.3, -0.8, 0.3, 0.0, 0.35,
        0.7, 0.5, 0.2, -0.1, -0.75, 0.45, 0.25, -0.05,
        0.6, -0.2, 0.4, 0.2, -0.5, -0.25, 0.5, 0.1,
        0.4, 0.1, 0.8, 0.2, -0.3, 0.7, 0.1, 0.5, 0.1, 0.3, 0.3, 0.9,
    ])

    /// Expected values from numpy (debiaswe's doPCA: pair centres subtracted, then PCA, which
    /// centres the columns, first component), produced by:
    ///
    ///     import numpy as np
    ///     V = {"woman": [0.9, 0.2, 0.1, 0.3], "man": [-0.8, 0.3, 0.0, 0.35], "girl": [0.7, 0.5, 0.2, -0.1],
    ///          "boy": [-0.75, 0.45, 0.25, -0.05], "she": [0.6, -0.2, 0.4, 0.2], "he": [-0.5, -0.25, 0.5, 0.1],
    ///          "nurse": [0.4, 0.1, 0.8, 0.2], "engineer": [-0.3, 0.7, 0.1, 0.5], "teacher": [0.1, 0.3, 0.3, 0.9]}
    ///     def unit(v): v = np.array(v, float); return v / np.linalg.norm(v)
    ///     pairs = [("woman", "man"), ("girl", "boy"), ("she", "he")]
    ///     rows = []
    ///     for a, b in pairs:
    ///         c = (unit(V[a]) + unit(V[b])) / 2
    ///         rows += [unit(V[a]) - c, unit(V[b]) - c]
    ///     X = np.array(rows); X -= X.mean(0)
    ///     _, S, Vt = np.linalg.svd(X, full_matrices=False)
    ///     g = Vt[0]
    ///     if sum((unit(V[a]) - unit(V[b])) @ g for a, b in pairs) < 0: g = -g
    ///     print(g, S[0] ** 2 / np.sum(S ** 2))
    ///     proj = {w: unit(V[w]) @ g for w in ["nurse", "engineer", "teacher"]}
    ///     print(proj, np.mean([abs(p) for p in proj.values()]), np.mean([abs(p) ** 2 for p in proj.values()]))
    func testDirectionIsTheFirstPrincipalComponentAsNumpyComputesIt() throws {
        let direction = try e.biasDirection(pairs: [("woman", "man"), ("girl", "boy"), ("she", "he")])
        let expected: [Float] = [9.9990070358e-01, 1.9478557766e-05, -1.3174841265e-02, -5.0006153395e-03]
        for (got, want) in zip(direction.vector, expected) { XCTAssertEqual(got, want, accuracy: 2e-6) }
        XCTAssertEqual(direction.explainedVariance, 0.9898240653620174, accuracy: 1e-7)  // Float unit vectors
        let (projections, missing) = e.projections(of: ["engineer", "nurse", "teacher", "astronaut"], on: direction)
        XCTAssertEqual(missing, ["astronaut"])
        XCTAssertEqual(projections.map(\.word), ["nurse", "teacher", "engineer"])  // sorted, most positive first
        XCTAssertEqual(projections[0].projection, 0.42130306438473675, accuracy: 2e-6)
        XCTAssertEqual(projections[1].projection, 0.091542907740557, accuracy: 2e-6)
        XCTAssertEqual(projections[2].projection, -0.33144500833327123, accuracy: 2e-6)
        XCTAssertEqual(Embeddings.directBias(projections).value, 0.2814303268195217, accuracy: 2e-6)
        XCTAssertEqual(Embeddings.directBias(projections, strictness: 2).value, 0.098577389855536, accuracy: 2e-6)
        XCTAssertEqual(Embeddings.directBias(projections).wordCount, 3)
    }

    func testSinglePairAndSkippedPairs() throws {
        let direction = try e.biasDirection(pairs: [("she", "he"), ("Mary", "John")])
        XCTAssertEqual(direction.skippedPairs, [["Mary", "John"]])
        XCTAssertEqual(direction.pairs, [["she", "he"]])
        XCTAssertEqual(direction.explainedVariance, 1, accuracy: 1e-12)
        // One pair: unit(she) - unit(he), normalised, positive toward "she".
        let she = Array(e.unitVectors[16..<20]), he = Array(e.unitVectors[20..<24])
        let difference = VectorKernels.normalized(zip(she, he).map { $0 - $1 })
        for (got, want) in zip(direction.vector, difference) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        XCTAssertGreaterThan(e.projection(row: 4, on: direction.vector), e.projection(row: 5, on: direction.vector))
        // Swapping the pair flips the direction.
        let flipped = try e.biasDirection(pairs: [("he", "she")])
        for (a, b) in zip(direction.vector, flipped.vector) { XCTAssertEqual(a, -b, accuracy: 1e-6) }
        XCTAssertThrowsError(try e.biasDirection(pairs: [("Mary", "John")]))
    }

    func testSymmetricEigenOnAKnownMatrix() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, -1)/√2.
        let (values, vectors) = SymmetricEigen.decompose([2, 1, 1, 2], n: 2)
        XCTAssertEqual(values[0], 3, accuracy: 1e-12)
        XCTAssertEqual(values[1], 1, accuracy: 1e-12)
        XCTAssertEqual(abs(vectors[0][0]), 0.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(vectors[0][0] * vectors[0][1], 0.5, accuracy: 1e-12)
    }
}
