import XCTest
@testable import Embeddings

/// gensim's query set on a 2-D file whose answers are worked out by hand in the comments.
final class QueriesTests: XCTestCase {
    // Unit vectors: a (1, 0), b (0.8, 0.6), c (0, 1) (raw (0, 2)), d (-1, 0).
    let e = Embeddings(words: ["a", "b", "c", "d"], dimension: 2, vectors: [1, 0, 0.8, 0.6, 0, 2, -1, 0])

    func testRankByCentralityAndDoesntMatch() throws {
        // Mean of the unit vectors of a, b, c: (1.8, 1.6) / 3, unit (0.74741, 0.66436):
        // cosines b 0.99655, a 0.74741, c 0.66436.
        let (ranked, ignored) = try e.rankByCentrality(["a", "b", "zz", "c"])
        XCTAssertEqual(ranked.map(\.word), ["b", "a", "c"])
        XCTAssertEqual(ranked.map(\.score)[0], 0.99655, accuracy: 1e-5)
        XCTAssertEqual(ranked.map(\.score)[2], 0.66436, accuracy: 1e-5)
        XCTAssertEqual(ignored, ["zz"])
        XCTAssertEqual(try e.doesntMatch(["a", "b", "c"]).word, "c")
        // Equal scores: gensim sorts (score, word) in reverse, so the smaller word comes last.
        let twins = Embeddings(words: ["x", "y", "z"], dimension: 2, vectors: [1, 0, 1, 0, 0, 1])
        XCTAssertEqual(try twins.doesntMatch(["y", "x"]).word, "x")
        XCTAssertThrowsError(try e.doesntMatch(["a", "zz"]))
        XCTAssertThrowsError(try e.rankByCentrality(["zz"]))
    }

    func testNSimilarityAveragesRawVectors() throws {
        // Raw mean of a and c: (0.5, 1), unit (0.44721, 0.89443); with b: 0.89443
        // (the mean of the unit vectors would give 0.98995).
        XCTAssertEqual(try e.nSimilarity(["a", "c"], ["b"]).similarity, 0.89443, accuracy: 1e-5)
        XCTAssertThrowsError(try e.nSimilarity(["zz"], ["b"]))
    }

    func testCloserThanMostSimilarToGivenAndSimilarByVector() throws {
        // Cosines with a: b 0.8, c 0, d -1.
        XCTAssertEqual(try e.closerThan("a", "c"), ["b"])
        XCTAssertEqual(try e.closerThan("a", "d"), ["b", "c"])
        XCTAssertEqual(try e.closerThan("a", "b"), [])
        XCTAssertEqual(try e.mostSimilarToGiven("a", ["c", "d", "b"]).word, "b")
        XCTAssertEqual(try e.mostSimilarToGiven("a", ["c", "c"]).word, "c")
        // The vector (2, 0.1) is nearest a, and a is not excluded.
        let answer = try e.similarByVector([2, 0.1], k: 2)
        XCTAssertEqual(answer.answers.map(\.word), ["a", "b"])
        XCTAssertEqual(answer.answers[0].score, 2 / (4.01 as Float).squareRoot(), accuracy: 1e-6)
        XCTAssertThrowsError(try e.similarByVector([1, 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("3 values"), "\(error)")
        }
    }

    func testWordMoversDistanceByHand() throws {
        XCTAssertEqual(try e.wordMoversDistance(["a"], ["d"]).distance, 2, accuracy: 1e-9)
        XCTAssertEqual(try e.wordMoversDistance(["a", "b"], ["b", "a"]).distance, 0, accuracy: 1e-12)
        // All of "a a b" onto c: 2/3 |a - c| + 1/3 |b - c| = 2/3 sqrt(2) + 1/3 sqrt(0.8).
        XCTAssertEqual(try e.wordMoversDistance(["a", "a", "b"], ["c"]).distance, 2.0 / 3 * 2.0.squareRoot() + 0.8.squareRoot() / 3, accuracy: 1e-6)
        // "a c" onto "b d", half each: a->b, c->d (0.63246 + 1.41421) / 2 beats a->d, c->b (2 + 0.89443) / 2.
        XCTAssertEqual(try e.wordMoversDistance(["a", "c"], ["b", "d"]).distance, (0.4.squareRoot() + 2.0.squareRoot()) / 2, accuracy: 1e-6)
        XCTAssertThrowsError(try e.wordMoversDistance(["zz"], ["a"]))
    }

    func testTransportProblemByHandAndAgainstEveryAssignment() throws {
        // Greedy (cheapest cell first: s0->d0, then s1->d1) costs 11; the optimum 3 needs the
        // solver to undo s0->d0 along a backward arc.
        let greedyTrap = try TransportProblem(supply: [1, 1], demand: [1, 1], cost: [[1, 2], [1, 10]]).solve()
        XCTAssertEqual(greedyTrap.cost, 3)
        XCTAssertEqual(greedyTrap.flow, [[0, 1], [1, 0]])
        // Supplies 3, 2, demands 1, 4: s0->d0 1 (1), s0->d1 2 (4), s1->d1 2 (2) = 7.
        let small = try TransportProblem(supply: [3, 2], demand: [1, 4], cost: [[1, 2], [3, 1]]).solve()
        XCTAssertEqual(small.cost, 7)
        XCTAssertEqual(small.flow, [[1, 2], [0, 2]])
        // Random 5 x 5 assignments against all 120 permutations.
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<20 {
            let cost = (0..<5).map { _ in (0..<5).map { _ in generator.uniform() } }
            var best = Double.infinity
            func permute(_ used: [Bool], _ row: Int, _ sum: Double) {
                if row == 5 { best = min(best, sum); return }
                for j in 0..<5 where !used[j] { var u = used; u[j] = true; permute(u, row + 1, sum + cost[row][j]) }
            }
            permute([Bool](repeating: false, count: 5), 0, 0)
            let solved = try TransportProblem(supply: [1, 1, 1, 1, 1], demand: [1, 1, 1, 1, 1], cost: cost).solve()
            XCTAssertEqual(solved.cost, best, accuracy: 1e-12)
            XCTAssertEqual(solved.flow.map { $0.reduce(0, +) }, [1, 1, 1, 1, 1])
        }
        XCTAssertThrowsError(try TransportProblem(supply: [1], demand: [2], cost: [[1]]))
    }
}
