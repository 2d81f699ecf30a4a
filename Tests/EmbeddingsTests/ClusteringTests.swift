import XCTest
@testable import Embeddings

final class ClusteringTests: XCTestCase {
    /// Three well separated groups of directions in 5-d (around three orthogonal axes).
    private func groups(perGroup: Int, seed: UInt64) -> (Embeddings, [Int]) {
        var generator = SeededGenerator(seed: seed)
        var words: [String] = [], values: [Float] = [], truth: [Int] = []
        for i in 0..<(3 * perGroup) {
            let group = (i * 7) % 3  // interleaved, so row order does not give the answer away
            var v = (0..<5).map { _ in Float.random(in: -0.15...0.15, using: &generator) }
            v[group] += 1
            words.append("g\(group)-\(i)")
            values += v
            truth.append(group)
        }
        return (Embeddings(words: words, dimension: 5, vectors: values), truth)
    }

    func testKMeansPlusPlusSeparatesClearClusters() throws {
        let (e, truth) = groups(perGroup: 40, seed: 1)
        for seed in [UInt64(1), 2, 3] {
            let c = try e.kMeans(k: 3, seed: seed)
            XCTAssertTrue(c.converged)
            XCTAssertEqual(c.sizes.sorted(), [40, 40, 40])
            // Every cluster is pure: one label per true group.
            for group in 0..<3 {
                let labels = Set(truth.indices.filter { truth[$0] == group }.map { c.assignments[$0] })
                XCTAssertEqual(labels.count, 1, "seed \(seed)")
            }
            XCTAssertGreaterThan(c.meanSimilarity, 0.9)
            // members(of:) is sorted by similarity to the centroid.
            let members = c.members(of: 0)
            XCTAssertEqual(members.count, c.sizes[0])
            XCTAssertEqual(members.map { c.similarities[$0] }, members.map { c.similarities[$0] }.sorted(by: >))
        }
        // Same seed, same clustering.
        XCTAssertEqual(try e.kMeans(k: 5, seed: 9).assignments, try e.kMeans(k: 5, seed: 9).assignments)
    }

    func testOneClusterPerWordAndBadK() throws {
        let (e, _) = groups(perGroup: 2, seed: 4)
        let c = try e.kMeans(k: 6)
        XCTAssertEqual(Set(c.assignments).count, 6)
        XCTAssertThrowsError(try e.kMeans(k: 7))
        XCTAssertThrowsError(try e.kMeans(k: 0))
        XCTAssertEqual(try e.kMeans(k: 2, rows: 4).assignments.count, 4)
    }
}
