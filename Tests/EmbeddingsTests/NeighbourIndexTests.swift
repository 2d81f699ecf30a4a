import XCTest
@testable import Embeddings
import Kernels

/// The bfloat16 pre-scan must never change an answer: same rows, same scores as the exact scan.
final class NeighbourIndexTests: XCTestCase {
    func testSameAnswersAsTheExactScan() throws {
        // Shapes: tail rows (dimension not a multiple of 8), tiny vocabularies, the parallel split,
        // and near-duplicate rows (many scores within the bfloat16 error of each other).
        var generator = SeededGenerator(seed: 21)
        let base = (0..<40).map { _ in Float.random(in: -1...1, using: &generator) }
        let nearDuplicates = Embeddings(words: (0..<3000).map { "d\($0)" }, dimension: 40, vectors: (0..<3000).flatMap { _ in
            base.map { $0 + Float.random(in: -0.01...0.01, using: &generator) }
        })
        let cases = [NeighboursTests.random(rows: 3, dimension: 5, seed: 1), NeighboursTests.random(rows: 500, dimension: 13, seed: 2),
                     NeighboursTests.random(rows: 2000, dimension: 100, seed: 3), NeighboursTests.random(rows: 40_000, dimension: 9, seed: 4),
                     nearDuplicates]
        for e in cases {
            let index = NeighbourIndex(e)
            for trial in 0..<6 {
                let query = (0..<e.dimension).map { _ in Float.random(in: -1...1, using: &generator) }
                let k = [1, 5, 10, 50, 100, 5000][trial]
                let excluded = trial.isMultiple(of: 2) ? [] : [0, e.count / 2]
                let restrict: Int? = trial == 3 ? e.count / 2 : nil
                XCTAssertEqual(index.nearest(to: query, k: k, excludingRows: excluded, restrictVocab: restrict),
                               e.nearest(to: query, k: k, excludingRows: excluded, restrictVocab: restrict),
                               "\(e.count) x \(e.dimension), k \(k)")
            }
            XCTAssertEqual(try index.neighbours(of: e.words[1], k: 7), try e.neighbours(of: e.words[1], k: 7))
            if e.count >= 3 {
                XCTAssertEqual(try index.analogy(e.words[0], e.words[1], e.words[2], k: 4), try e.analogy(e.words[0], e.words[1], e.words[2], k: 4))
                XCTAssertEqual(try index.arithmetic([e.words[0], "+", e.words[2]], k: 3), try e.arithmetic([e.words[0], "+", e.words[2]], k: 3))
            }
        }
    }

    func testBFloat16RoundingAndKernelErrorBound() {
        XCTAssertEqual(NeighbourIndex.bfloat16(1), 0x3F80)
        XCTAssertEqual(NeighbourIndex.bfloat16(-2), 0xC000)
        XCTAssertEqual(NeighbourIndex.bfloat16(Float(bitPattern: 0x3F80_8000)), 0x3F80)  // tie, to even
        XCTAssertEqual(NeighbourIndex.bfloat16(Float(bitPattern: 0x3F81_8000)), 0x3F82)  // tie, to even
        XCTAssertEqual(NeighbourIndex.bfloat16(Float(bitPattern: 0x3F80_8001)), 0x3F81)  // above half
        var generator = SeededGenerator(seed: 8)
        var worst: Float = 0
        for dimension in [1, 7, 8, 50, 100, 300] {
            for _ in 0..<300 {
                let x = VectorKernels.normalized((0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) })
                let y = VectorKernels.normalized((0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) })
                let compact = VectorKernels.padded(x).map(NeighbourIndex.bfloat16)
                let approximate = VectorKernels.withAlignedQueries([y]) { q, chunks in
                    compact.withUnsafeBufferPointer { VectorKernels.bfloat16Dot($0.baseAddress!, q, chunks: chunks) }
                }
                let exact = x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { VectorKernels.scalarDot(a.baseAddress!, $0.baseAddress!, dimension) } }
                worst = max(worst, abs(approximate - exact))
            }
        }
        XCTAssertLessThanOrEqual(worst, NeighbourIndex.margin)
        XCTAssertGreaterThan(worst, 0)  // the kernel does read the rounded values
    }
}
