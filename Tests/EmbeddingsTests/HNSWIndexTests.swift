import XCTest
import Foundation
@testable import Embeddings

/// The HNSW index against exact search: recall on a seeded set, the file round trip, and the
/// refusal of other vectors or of a damaged file.
final class HNSWIndexTests: XCTestCase {
    /// Clustered rows (as word vectors are): 60 centres, 4000 rows of 32 values.
    static func clustered(seed: UInt64, rows: Int = 4000, dimension: Int = 32) -> Embeddings {
        var generator = SeededGenerator(seed: seed)
        let centres = (0..<60).map { _ in (0..<dimension).map { _ in Float(generator.gaussian()) } }
        var vectors: [Float] = []
        for _ in 0..<rows {
            let centre = centres[Int(generator.next() % 60)]
            vectors += centre.map { $0 + 0.6 * Float(generator.gaussian()) }
        }
        return Embeddings(words: (0..<rows).map { "w\($0)" }, dimension: dimension, vectors: vectors)
    }

    /// The exact top 10 of every tenth row among the first 3000, the reference for `recall`.
    static func exactTopTen(_ e: Embeddings) throws -> [(query: Int, rows: Set<Int>)] {
        try stride(from: 0, to: 3000, by: 10).map { q in (q, Set(try e.neighbours(of: e.words[q], k: 10).answers.map(\.row))) }
    }

    /// Mean recall@10 of `search` against exact search over the 300 queries of `exact`; also
    /// checks that every reported score is the exact cosine of the row found.
    static func recall(_ e: Embeddings, _ search: ApproximateSearch, exact: [(query: Int, rows: Set<Int>)]) throws -> Double {
        var hits = 0
        var wrongScores: [String] = []
        for (q, truth) in exact {
            let found = try search.neighbours(of: e.words[q], k: 10).answers
            hits += found.filter { truth.contains($0.row) }.count
            for answer in found where abs(answer.score - e.cosine(rows: q, answer.row)) > 1e-5 {
                wrongScores.append("query \(q) row \(answer.row): \(answer.score)")
            }
        }
        XCTAssertEqual(wrongScores.prefix(5), [], "\(wrongScores.count) scores are not the exact cosines")
        return Double(hits) / Double(exact.count * 10)
    }

    func testRecallAgainstExactSearchOneAndTwoThreads() throws {
        let e = Self.clustered(seed: 5, rows: 3000)
        let exact = try Self.exactTopTen(e)
        for threads in [1, 2] {
            let index = try HNSWIndex.build(e, parameters: .init(m: 12, efConstruction: 40), threads: threads)
            let low = try Self.recall(e, ApproximateSearch(index, ef: 10), exact: exact)
            let high = try Self.recall(e, ApproximateSearch(index, ef: 80), exact: exact)
            XCTAssertGreaterThanOrEqual(high, 0.95, "\(threads) threads")
            // Seen: 0.987 at ef 10 and 1.0 at ef 80 with either thread count.
            XCTAssertGreaterThanOrEqual(low, 0.9, "\(threads) threads")
            // Walking the float rows instead of the bfloat16 copy.
            let float = try Self.recall(e, ApproximateSearch(index, ef: 80, walk: .float), exact: exact)
            XCTAssertGreaterThanOrEqual(float, 0.95, "\(threads) threads, float rows")
            XCTAssertGreaterThanOrEqual(high, low)
            // Graph invariants: counts within capacity, no self links, no repeated link, links
            // only to rows of that level (violations counted, so the loop costs no assertion each).
            let g = index.graph
            var violations: [String] = []
            for node in 0..<g.count {
                for level in 0...Int(g.levels[node]) {
                    let list = g.list(node, level: level)
                    let n = Int(list[0])
                    if n > g.capacity(level: level) || n <= 0 { violations.append("node \(node) level \(level): \(n) links") }
                    let links = (0..<Swift.max(0, Swift.min(n, g.capacity(level: level)))).map { Int(list[$0 + 1]) }
                    if Set(links).count != links.count { violations.append("node \(node) level \(level): repeated link") }
                    for row in links where row == node || Int(g.levels[row]) < level {
                        violations.append("node \(node) level \(level): link to \(row)")
                    }
                }
            }
            XCTAssertEqual(violations.prefix(5), [], "\(violations.count) violations, \(threads) threads")
        }
    }

    func testOneThreadBuildIsReproducibleAndLevelsFollowTheGeometricLaw() throws {
        let e = Self.clustered(seed: 6, rows: 800)
        let a = try HNSWIndex.build(e, parameters: .init(m: 8, efConstruction: 40))
        let b = try HNSWIndex.build(e, parameters: .init(m: 8, efConstruction: 40))
        XCTAssertEqual(Array(UnsafeBufferPointer(start: a.graph.level0, count: 800 * 17)),
                       Array(UnsafeBufferPointer(start: b.graph.level0, count: 800 * 17)))
        // P(level >= 1) = 1/M: about 12.5% of 100,000 draws with M = 8.
        let levels = HNSWIndex.randomLevels(count: 100_000, m: 8, seed: 3)
        let above = Double(levels.filter { $0 >= 1 }.count) / 100_000
        XCTAssertEqual(above, 0.125, accuracy: 0.005)
    }

    func testFileRoundTripAndRefusals() throws {
        let e = Self.clustered(seed: 7, rows: 600)
        let index = try HNSWIndex.build(e, parameters: .init(m: 6, efConstruction: 30))
        let path = NSTemporaryDirectory() + "hnsw-test-\(getpid()).hnsw"
        defer { unlink(path) }
        try index.write(to: path)
        let read = try HNSWIndex.read(path: path, for: e)
        XCTAssertEqual(read.parameters, index.parameters)
        XCTAssertEqual(read.fingerprint, VectorFingerprint(e))
        for q in 0..<20 {
            let v = Array(e.row(q))
            XCTAssertEqual(read.search(v, k: 5, ef: 20).rows.map(\.row), index.search(v, k: 5, ef: 20).rows.map(\.row))
        }
        // Other vectors: one value changed, or one word renamed.
        var changed = Array(e.vectors)
        changed[123] += 0.5
        let other = Embeddings(words: e.words, dimension: e.dimension, vectors: changed)
        XCTAssertThrowsError(try HNSWIndex.read(path: path, for: other)) { error in
            guard case EmbeddingsError.indexMismatch = error else { return XCTFail("\(error)") }
        }
        var words = Array(e.words)
        words[5] = "renamed"
        XCTAssertThrowsError(try HNSWIndex.read(path: path, for: Embeddings(words: words, dimension: e.dimension, vectors: Array(e.vectors))))
        // Every byte flipped somewhere in the file, and cuts at several lengths, are refused.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for cut in [0, 7, 63, 64, bytes.count / 2, bytes.count - 1] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try HNSWIndex.read(path: path, for: e), "cut at \(cut)") { error in
                guard case EmbeddingsError.badIndexFile = error else { return XCTFail("\(error)") }
            }
        }
        for position in [9, 20, 70, bytes.count / 3, bytes.count - 3] {
            var damaged = bytes
            damaged[position] ^= 0x10
            try damaged.write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try HNSWIndex.read(path: path, for: e), "byte \(position)")
        }
        // A future version says so.
        var future = bytes
        future[8] = 9
        try future.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try HNSWIndex.read(path: path, for: e)) { error in
            XCTAssertTrue("\(error)".contains("version 9"), "\(error)")
        }
    }

    /// The bfloat16 rows a query walks with: each approximate cosine within 2^-8 (plus float
    /// rounding) of the exact one, against the float kernel, including rows of a dimension that
    /// is not a multiple of 8.
    func testCompactRowsAgreeWithExactCosines() {
        for dimension in [5, 32, 37] {
            let e = Self.clustered(seed: 11, rows: 200, dimension: dimension)
            let compact = BFloat16Rows(e, stride: BFloat16Rows.alignedStride(dimension: dimension))
            XCTAssertEqual(compact.stride % 32, 0)
            let padded = (dimension + 7) / 8 * 8
            var worst: Float = 0
            for q in stride(from: 0, to: 200, by: 7) {
                var query = [Float](repeating: 0, count: padded)
                let unit = e.unitRow(q)
                for k in 0..<dimension { query[k] = unit[k] }
                query.withUnsafeBufferPointer { p in
                    for row in 0..<200 {
                        let approximate = compact.similarity(p.baseAddress!, row)
                        worst = Swift.max(worst, abs(approximate - e.cosine(rows: q, row)))
                    }
                }
            }
            XCTAssertLessThanOrEqual(worst, 1.0 / 256 + 1e-4, "dimension \(dimension)")
            XCTAssertGreaterThan(worst, 0, "dimension \(dimension): no rounding seen, so the check checks nothing")
        }
    }

    /// A list that another worker's insertion linked into before the node's own list was
    /// written keeps those links (merged with the chosen neighbours, pruned by the heuristic
    /// when over capacity), as if the writes had come in the serial order.
    func testOwnListKeepsLinksMadeMeanwhile() throws {
        let e = Self.clustered(seed: 12, rows: 40, dimension: 8)
        let graph = HNSWGraph(levels: [UInt8](repeating: 0, count: 40), maxLinks: 2)
        try e.withPaddedRows { rows in
            let space = HNSWSpace(rows: rows, graph: graph)
            let inserter = HNSWInserter(space: space, parameters: .init(m: 2, efConstruction: 10),
                                        scratch: HNSWSearchScratch(count: 40, maxLinks0: 4, dimension: 8))
            func scored(_ rows: [Int32], from base: Int32) -> [(row: Int32, score: Float)] {
                rows.map { ($0, space.similarity(rows: base, $0)) }.sorted { $0.score > $1.score }
            }
            // Node 0 was linked to by 7 meanwhile; its chosen neighbours are 3 and 5.
            inserter.connect(0, to: 7, level: 0)
            inserter.setList(0, level: 0, scored([3, 5], from: 0))
            let list = graph.list(0, level: 0)
            XCTAssertEqual(Set((1...Int(list[0])).map { list[$0] }), [3, 5, 7])
            // Over capacity (4 at level 0): pruned to at most 4 by the heuristic, the best kept.
            for other in [9, 11, 13] as [Int32] { inserter.connect(1, to: other, level: 0) }
            inserter.setList(1, level: 0, scored([20, 21], from: 1))
            let pruned = graph.list(1, level: 0)
            let kept = (1...Int(pruned[0])).map { pruned[$0] }
            XCTAssertLessThanOrEqual(kept.count, 4)
            let all: [Int32] = [9, 11, 13, 20, 21]
            let best = all.max { space.similarity(rows: 1, $0) < space.similarity(rows: 1, $1) }!
            XCTAssertTrue(kept.contains(best), "\(kept) lost the closest row \(best)")
            XCTAssertTrue(Set(kept).isSubset(of: Set(all)))
            _ = try XCTUnwrap(kept.first)
        }
    }

    func testBadParametersAreRefused() {
        let e = Self.clustered(seed: 8, rows: 50)
        XCTAssertThrowsError(try HNSWIndex.build(e, parameters: .init(m: 1)))
        XCTAssertThrowsError(try HNSWIndex.build(e, parameters: .init(m: 8, efConstruction: 0)))
    }
}
