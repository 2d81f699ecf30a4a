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

    /// Mean recall@10 of `search` against exact search over 300 row queries.
    static func recall(_ e: Embeddings, _ search: ApproximateSearch) throws -> Double {
        var hits = 0
        for q in stride(from: 0, to: 3000, by: 10) {
            let exact = Set(try e.neighbours(of: e.words[q], k: 10).answers.map(\.row))
            let found = try search.neighbours(of: e.words[q], k: 10).answers
            hits += found.filter { exact.contains($0.row) }.count
            // Reported scores are exact cosines of the rows found.
            for answer in found { XCTAssertEqual(answer.score, e.cosine(rows: q, answer.row), accuracy: 1e-5) }
        }
        return Double(hits) / 3000
    }

    func testRecallAgainstExactSearchOneAndTwoThreads() throws {
        let e = Self.clustered(seed: 5)
        for threads in [1, 2] {
            let index = try HNSWIndex.build(e, parameters: .init(m: 12, efConstruction: 100), threads: threads)
            let low = try Self.recall(e, ApproximateSearch(index, ef: 10))
            let high = try Self.recall(e, ApproximateSearch(index, ef: 80))
            XCTAssertGreaterThanOrEqual(high, 0.95, "\(threads) threads")
            XCTAssertGreaterThanOrEqual(high, low)
            // Graph invariants: counts within capacity, no self links, links only to rows of that level.
            let g = index.graph
            for node in 0..<g.count {
                for level in 0...Int(g.levels[node]) {
                    let list = g.list(node, level: level)
                    XCTAssertLessThanOrEqual(Int(list[0]), g.capacity(level: level))
                    XCTAssertGreaterThan(list[0], 0, "node \(node) level \(level) is unlinked")
                    for j in stride(from: 1, through: Int(list[0]), by: 1) {
                        XCTAssertNotEqual(Int(list[j]), node)
                        XCTAssertGreaterThanOrEqual(Int(g.levels[Int(list[j])]), level)
                    }
                }
            }
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

    func testBadParametersAreRefused() {
        let e = Self.clustered(seed: 8, rows: 50)
        XCTAssertThrowsError(try HNSWIndex.build(e, parameters: .init(m: 1)))
        XCTAssertThrowsError(try HNSWIndex.build(e, parameters: .init(m: 8, efConstruction: 0)))
    }
}
