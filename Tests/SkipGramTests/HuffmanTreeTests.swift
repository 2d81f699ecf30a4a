import XCTest
@testable import SkipGram

/// The tree of hierarchical softmax against a hand-built one and against an independent
/// Huffman construction (a priority queue), and its training layout.
final class HuffmanTreeTests: XCTestCase {
    /// Counts 5, 3, 2, 1, merged by hand as word2vec.c `CreateBinaryTree` does: {1, 2} -> node 0
    /// (count 3); node 0 and the leaf of count 3 tie, the leaf loses a tie -> node 1 = {node 0,
    /// 3}; {5, node 1} -> node 2, the root. word2vec.c's codes root to leaf are then 0, 11,
    /// 101 and 100.
    func testHandBuiltTree() {
        let tree = HuffmanTree(counts: [5, 3, 2, 1])
        func codes(_ w: Int) -> String { String(tree.path(of: w).reversed().map { $0.code ? "1" : "0" }) }
        func nodes(_ w: Int) -> [Int32] { tree.path(of: w).map(\.node) }
        XCTAssertEqual((0..<4).map(codes), ["0", "11", "101", "100"])
        XCTAssertEqual((0..<4).map(nodes), [[2], [1, 2], [0, 1, 2], [0, 1, 2]])
        XCTAssertEqual(tree.maxLength, 3)
    }

    /// Weighted path length equal to an optimal Huffman code's, a prefix-free code whose
    /// Kraft sum is 1, every inner node on some path: on Zipf-like counts with ties.
    func testOptimalAndPrefixFreeOnZipfCounts() {
        var random = RandomGenerator(seed: 3)
        let counts = (1...500).map { 100_000 / $0 + Int(random.below(3)) }.sorted(by: >)
        let tree = HuffmanTree(counts: counts)
        var cost = 0, kraft = 0.0, seen = Set<Int32>(), codes = Set<String>()
        for w in counts.indices {
            let path = tree.path(of: w)
            cost += counts[w] * path.count
            kraft += pow(2, -Double(path.count))
            path.forEach { seen.insert($0.node) }
            codes.insert(String(path.reversed().map { $0.code ? "1" : "0" }))
            XCTAssertEqual(path.last?.node, Int32(counts.count - 2), "every path ends at the root")
        }
        XCTAssertEqual(kraft, 1, accuracy: 1e-12)
        XCTAssertEqual(codes.count, counts.count)
        for a in codes { for b in codes where a != b { XCTAssertFalse(b.hasPrefix(a), "\(a) is a prefix of \(b)") } }
        XCTAssertEqual(seen, Set((0..<Int32(counts.count - 1))))
        // The optimal cost by the textbook construction: the sum of every merge's count.
        var heap = counts, optimal = 0
        while heap.count > 1 {
            heap.sort(by: >)
            let merged = heap.removeLast() + heap.removeLast()
            optimal += merged
            heap.append(merged)
        }
        XCTAssertEqual(cost, optimal)
    }

    /// A prediction is the path with its label-1 nodes first, so the trainer's "first
    /// `positives` outputs are positive" holds for it.
    func testPredictionPutsPositiveNodesFirst() {
        let tree = HuffmanTree(counts: [9, 7, 5, 4, 4, 2, 1, 1])
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: tree.maxLength)
        defer { buffer.deallocate() }
        for w in 0..<8 {
            let path = tree.path(of: w)
            let (count, positives) = tree.writePrediction(of: Int32(w), into: buffer)
            XCTAssertEqual(count, path.count)
            XCTAssertEqual(positives, path.filter(\.code).count)
            let written = Array(UnsafeBufferPointer(start: buffer, count: count))
            XCTAssertEqual(Set(written.prefix(positives)), Set(path.filter(\.code).map(\.node)))
            XCTAssertEqual(Set(written.dropFirst(positives)), Set(path.filter { !$0.code }.map(\.node)))
        }
    }
}
