import XCTest
@testable import Embeddings

final class WEATTests: XCTestCase {
    private func embeddings(_ table: [(String, [Float])]) -> Embeddings {
        Embeddings(words: table.map(\.0), dimension: table[0].1.count, vectors: table.flatMap(\.1))
    }

    /// Expected values from numpy, exact permutation test over all partitions:
    ///
    ///     import numpy as np, itertools
    ///     V = {...the vectors below...}
    ///     def unit(v): v = np.array(v, float); return v / np.linalg.norm(v)
    ///     def s(w): return np.mean([unit(V[w]) @ unit(V[a]) for a in A]) - np.mean([unit(V[w]) @ unit(V[b]) for b in B])
    ///     sx, sy = [s(w) for w in X], [s(w) for w in Y]
    ///     effect = (np.mean(sx) - np.mean(sy)) / np.std(sx + sy, ddof=1)
    ///     S = sum(sx) - sum(sy); allv = sx + sy; count = total = 0
    ///     for comb in itertools.combinations(range(len(allv)), len(X)):
    ///         Si = sum(allv[i] for i in comb) - sum(allv[i] for i in range(len(allv)) if i not in comb)
    ///         total += 1; count += Si >= S - 1e-9
    ///     print(effect, S, count, total)
    func testEffectSizeAndExactPValueAgainstNumpy() throws {
        let e = embeddings([
            ("x1", [0.5, 0.6, 0.1]), ("x2", [0.2, 0.9, 0.3]), ("x3", [0.7, 0.3, 0.4]), ("x4", [0.1, 0.2, 0.9]),
            ("y1", [0.6, 0.5, 0.2]), ("y2", [0.3, 0.4, 0.8]), ("y3", [0.8, 0.1, 0.1]), ("y4", [0.4, 0.7, 0.5]),
            ("a1", [1.0, 0.0, 0.2]), ("a2", [0.7, 0.3, 0.0]), ("b1", [0.0, 1.0, 0.1]), ("b2", [0.2, 0.8, -0.3]),
        ])
        let result = try e.weat(x: ["x1", "x2", "x3", "x4"], y: ["y1", "y2", "y3", "y4"], a: ["a1", "a2"], b: ["b1", "b2"])
        XCTAssertEqual(result.effectSize, -0.5557972190157128, accuracy: 1e-6)
        XCTAssertEqual(result.statistic, -0.8267639014161876, accuracy: 1e-6)
        XCTAssertEqual(result.pValue, 54.0 / 70.0, accuracy: 1e-12)  // 53 partitions above, plus the observed one
        XCTAssertEqual(result.method, "exact")
        XCTAssertEqual(result.partitions, 70)
        XCTAssertNil(result.seed)

        // Sampled permutations: reproducible for a seed, and close to the exact value.
        let sampled = try e.weat(x: ["x1", "x2", "x3", "x4"], y: ["y1", "y2", "y3", "y4"], a: ["a1", "a2"], b: ["b1", "b2"],
                                 exactLimit: 10, permutations: 20_000, seed: 5)
        let again = try e.weat(x: ["x1", "x2", "x3", "x4"], y: ["y1", "y2", "y3", "y4"], a: ["a1", "a2"], b: ["b1", "b2"],
                               exactLimit: 10, permutations: 20_000, seed: 5)
        XCTAssertEqual(sampled.method, "sampled")
        XCTAssertEqual(sampled.seed, 5)
        XCTAssertEqual(sampled.pValue, again.pValue)
        XCTAssertEqual(sampled.pValue, 54.0 / 70.0, accuracy: 0.015)
        XCTAssertEqual(sampled.effectSize, result.effectSize)
    }

    /// Same numpy script with X = [x1, x2, x3] (xmissing dropped), Y = [y1..y4], A = [a1, a2],
    /// B = [b1, b2, b3]: effect 1.6779643420767414, S 3.5987045195820246; no other partition
    /// reaches S, so p = 1/35 (the observed partition alone).
    func testOutOfVocabularyWordsAreDroppedAndReported() throws {
        let e = embeddings([
            ("x1", [1.0, 0.2, 0.1]), ("x2", [0.9, 0.4, -0.2]), ("x3", [0.8, -0.1, 0.3]),
            ("y1", [0.1, 1.0, 0.2]), ("y2", [-0.2, 0.9, 0.4]), ("y3", [0.3, 0.7, -0.1]), ("y4", [0.5, 0.5, 0.5]),
            ("a1", [1.0, 0.0, 0.2]), ("a2", [0.7, 0.3, 0.0]), ("b1", [0.0, 1.0, 0.1]), ("b2", [0.2, 0.8, -0.3]), ("b3", [0.1, 0.6, 0.6]),
        ])
        let result = try e.weat(x: ["x1", "xmissing", "x2", "x3"], y: ["y1", "y2", "y3", "y4"], a: ["a1", "a2", "gone"], b: ["b1", "b2", "b3"])
        XCTAssertEqual(result.missing, [["xmissing"], [], ["gone"], []])
        XCTAssertEqual(result.sets[0], ["x1", "x2", "x3"])
        XCTAssertEqual(result.effectSize, 1.6779643420767414, accuracy: 1e-6)
        XCTAssertEqual(result.statistic, 3.5987045195820246, accuracy: 1e-6)
        XCTAssertEqual(result.pValue, 1.0 / 35.0, accuracy: 1e-12)
        XCTAssertEqual(result.partitions, 35)
        XCTAssertThrowsError(try e.weat(x: ["nothing"], y: ["y1"], a: ["a1"], b: ["b1"]))
    }

    /// A case enumerable by hand: A = {a} = e1, B = {b} = e2, targets unit vectors at angles θ,
    /// so s(w) = cos θ - sin θ: x1 (0°) 1, x2 (90°) -1, y1 (20°) 0.5977, y2 (50°) -0.1233.
    /// The six {2, 2} partitions have X-sums 0 (observed), 1.598, 0.877, -0.402, -1.123, 0.4745:
    /// four reach the observed 0, so p = 4/6. Effect size (numpy): ddof 1 -0.26996502480764734,
    /// ddof 0 -0.31172875948895834.
    func testHandEnumerablePValueAndStandardDeviations() throws {
        func at(_ degrees: Double) -> [Float] { [Float(cos(degrees * .pi / 180)), Float(sin(degrees * .pi / 180))] }
        let e = embeddings([("x1", at(0)), ("x2", at(90)), ("y1", at(20)), ("y2", at(50)), ("a", [1, 0]), ("b", [0, 1])])
        let sample = try e.weat(x: ["x1", "x2"], y: ["y1", "y2"], a: ["a"], b: ["b"])
        XCTAssertEqual(sample.partitions, 6)
        XCTAssertEqual(sample.pValue, 4.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(sample.effectSize, -0.26996502480764734, accuracy: 1e-6)
        XCTAssertEqual(sample.standardDeviation, "sample")
        let population = try e.weat(x: ["x1", "x2"], y: ["y1", "y2"], a: ["a"], b: ["b"], standardDeviation: .population)
        XCTAssertEqual(population.effectSize, -0.31172875948895834, accuracy: 1e-6)
        XCTAssertEqual(population.pValue, sample.pValue)
        // X = {x1, y1} has the largest sum of all six: exact p = 1/6, never 0; sampled p is
        // (count + 1) / (samples + 1) >= 1 / (samples + 1).
        let extreme = try e.weat(x: ["x1", "y1"], y: ["x2", "y2"], a: ["a"], b: ["b"])
        XCTAssertEqual(extreme.pValue, 1.0 / 6.0, accuracy: 1e-12)
        let sampled = try e.weat(x: ["x1", "y1"], y: ["x2", "y2"], a: ["a"], b: ["b"], exactLimit: 0, permutations: 600, seed: 3)
        XCTAssertEqual(sampled.method, "sampled")
        XCTAssertGreaterThanOrEqual(sampled.pValue, 1.0 / 601.0)
        XCTAssertEqual(sampled.pValue, 1.0 / 6.0, accuracy: 0.05)
        let counted = sampled.pValue * 601 - 1  // the partitions drawn that reached S
        XCTAssertEqual(counted, counted.rounded(), accuracy: 1e-9)
    }

    func testSampleStandardDeviationAndBinomial() {
        XCTAssertEqual(Statistics.sampleStandardDeviation([1, 2, 3, 4]), (5.0 / 3).squareRoot(), accuracy: 1e-12)  // ddof = 1
        XCTAssertEqual(Statistics.populationStandardDeviation([1, 2, 3, 4]), 1.25.squareRoot(), accuracy: 1e-12)  // ddof = 0
        XCTAssertEqual(Embeddings.binomial(16, 8), 12870)
        XCTAssertEqual(Embeddings.binomial(50, 25), 126_410_606_437_752)
    }
}
