import Dispatch
import Kernels

/// Exact nearest-neighbour search over a half-size copy of the unit matrix, for batches of
/// queries (the REPL): cosine scans are memory-bound once the matrix no longer fits in the
/// cache, so the scan reads bfloat16 values (the top 16 bits of each float, rounded), half the
/// bytes, and then rescores the few rows that could be in the exact top k with the full
/// `Float` rows, using the same kernel as `Embeddings.nearest`. Answers and scores are therefore
/// identical to `Embeddings.nearest`.
///
/// Bound: bfloat16 keeps 8 significant bits, so each value is within 2^-8 of its relative size
/// and an approximate cosine of two unit vectors is within 2^-8 (+ float rounding) of the exact
/// one. With T the k-th best approximate score, every row of the exact top k has an approximate
/// score of at least T - 2 x margin; those rows are rescored.
/// - Complexity: building O(count x dimension); a query O(count x dimension) over 2-byte
///   values plus O(c x dimension) to rescore c candidates (typically a few dozen).
public final class NeighbourIndex: NeighbourSearch, Sendable {
    public let embeddings: Embeddings
    /// bfloat16 unit rows, packed (stride = dimension), followed by 8 zero values.
    private let compact: BFloat16Rows
    /// Bound on |approximate - exact| cosine, with room for float rounding in both paths.
    static let margin: Float = 1.0 / 256 + 1e-4

    public init(_ embeddings: Embeddings) {
        self.embeddings = embeddings
        compact = BFloat16Rows(embeddings, stride: embeddings.dimension)
    }

    /// The bfloat16 bits of a finite float, rounded to nearest, ties to even.
    @inline(__always)
    static func bfloat16(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }

    /// As `Embeddings.nearest`, with identical results.
    public func nearest(to vector: [Float], k: Int, excludingRows: [Int] = [], restrictVocab: Int? = nil) -> Embeddings.RankedAnswer {
        let e = embeddings
        precondition(vector.count == e.dimension, "query has \(vector.count) values, vectors have \(e.dimension)")
        let limit = Swift.min(e.count, restrictVocab ?? e.count)
        let capacity = k + excludingRows.count
        let ranked = VectorKernels.withAlignedQueries([VectorKernels.normalized(vector)]) { query, chunks -> [(row: Int, score: Float)] in
            let candidates = approximateCandidates(query: query, chunks: chunks, limit: limit, capacity: capacity)
            // Exact rescoring with the kernel `Embeddings.nearest` uses.
            return e.withPaddedRows { matrix in
                var heap = TopK(capacity: capacity)
                for row in candidates {
                    heap.insert(row: row, score: matrix.score(row: row, DotScorer(query: query, chunks: chunks)))
                }
                return heap.sorted()
            }
        }
        return e.rankedAnswer(ranked, k: k, excludingRows: excludingRows)
    }

    /// Rows whose approximate score is within 2 x margin of the approximate k-th best, in parallel parts.
    private func approximateCandidates(query: UnsafePointer<Float>, chunks: Int, limit: Int, capacity: Int) -> [Int] {
        let parts = limit >= Embeddings.parallelRows && Embeddings.processorCount > 1
            ? Swift.min(4 * Embeddings.processorCount, limit / 8192) : 1
        var results = [(threshold: Float, rows: [Int], scores: [Float])](repeating: (-.infinity, [], []), count: parts)
        let compact = self.compact
        let margin2 = 2 * Self.margin
        results.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable((buffer, query))
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let (out, query) = shared.value
                var heap = TopK(capacity: capacity)
                var rows: [Int] = [], scores: [Float] = []
                for row in (part * limit / parts)..<((part + 1) * limit / parts) {
                    let s = VectorKernels.bfloat16Dot(compact.base + row * compact.stride, query, chunks: chunks)
                    if s >= heap.threshold - margin2 {
                        rows.append(row)
                        scores.append(s)
                        if s >= heap.threshold { heap.insert(row: row, score: s) }
                    }
                }
                out[part] = (heap.threshold, rows, scores)
            }
        }
        // The k-th best approximate score over all parts.
        var all = TopK(capacity: capacity)
        for part in results { for (row, s) in zip(part.rows, part.scores) { all.insert(row: row, score: s) } }
        let threshold = all.threshold - margin2
        return results.flatMap { part in zip(part.rows, part.scores).filter { $0.1 >= threshold }.map(\.0) }
    }
}
