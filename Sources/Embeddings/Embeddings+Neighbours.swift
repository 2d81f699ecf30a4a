#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Kernels

extension Embeddings {
    /// One ranked word.
    public struct Neighbour: Sendable, Equatable, Encodable {
        public let word: String
        public let row: Int
        /// Cosine similarity (or the 3CosMul score for `--method mul`).
        public let score: Float
    }

    /// A query word left out of the answers, and where it would have ranked.
    public struct ExcludedWord: Sendable, Equatable, Encodable {
        public let word: String
        /// 1-based rank it would have had among all rows.
        public let rank: Int
        public let score: Float
    }

    /// Answers of a ranked query, with the query's own words that were excluded from them
    /// (gensim drops them silently; here they are listed when they would have made the list).
    public struct RankedAnswer: Sendable, Equatable, Encodable {
        public let answers: [Neighbour]
        /// Excluded words that ranked above the last answer.
        public let excluded: [ExcludedWord]
    }

    /// The `k` words most cosine-similar to `word`, the word itself excluded
    /// (as gensim's `most_similar(word)` and word2vec.c's `distance`).
    /// - Parameter restrictVocab: search only the first rows (the most frequent words).
    /// - Complexity: O(count x dimension) with SIMD dot products, plus O(m log k) heap updates.
    public func neighbours(of word: String, k: Int = 10, restrictVocab: Int? = nil) throws -> RankedAnswer {
        let row = try resolveQuery(word)
        return nearest(to: Array(unitRow(row)), k: k, excludingRows: [row], restrictVocab: restrictVocab)
    }

    /// The `k` rows most cosine-similar to `vector` (any length; normalised here), leaving out
    /// `excludingRows` (reported in `excluded` when they would have ranked).
    public func nearest(to vector: [Float], k: Int, excludingRows: [Int] = [], restrictVocab: Int? = nil) -> RankedAnswer {
        precondition(vector.count == dimension, "query has \(vector.count) values, vectors have \(dimension)")
        let limit = Swift.min(count, restrictVocab ?? count)
        let heap = VectorKernels.withAlignedQueries([VectorKernels.normalized(vector)]) { query, chunks in
            topScores(limit: limit, capacity: k + excludingRows.count, scorer: DotScorer(query: query, chunks: chunks))
        }
        return rankedAnswer(heap.sorted(), k: k, excludingRows: excludingRows)
    }

    /// Scans rows `0..<limit` of the unit matrix with `scorer`, keeping the best `capacity`.
    /// Large scans are split across the processors (one heap per part, merged).
    /// - Complexity: O(limit x dimension / SIMD width + m log capacity) for m heap insertions.
    func topScores<S: RowScorer>(limit: Int, capacity: Int, scorer: S) -> TopK {
        let dim = dimension
        // More parts than processors: parts are claimed one at a time, so a busy processor
        // delays only a small part (the caller thread takes over what no worker has started).
        let parts = limit >= Self.parallelRows && Self.processorCount > 1 ? Swift.min(4 * Self.processorCount, limit / 8192) : 1
        return unitVectors.withUnsafeBufferPointer { unit in
            let matrix = PaddedRows(base: unit.baseAddress!, rows: count, dimension: dim)
            if parts == 1 { return matrix.scan(0..<limit, capacity: capacity, scorer) }
            let heaps = UnsafeMutableBufferPointer<TopK>.allocate(capacity: parts)
            defer { heaps.deinitialize().deallocate() }
            let shared = UncheckedSendable((matrix, scorer, heaps))
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let (matrix, scorer, heaps) = shared.value
                let rows = part * limit / parts ..< (part + 1) * limit / parts
                (heaps.baseAddress! + part).initialize(to: matrix.scan(rows, capacity: capacity, scorer))
            }
            var merged = heaps[0]
            for part in 1..<parts { merged.merge(heaps[part]) }
            return merged
        }
    }

    /// Scans at least this many rows are split across processors.
    static let parallelRows = 32_768

    /// Processors online, read once.
    static let processorCount: Int = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Splits a best-first list into answers and excluded query words.
    func rankedAnswer(_ ranked: [(row: Int, score: Float)], k: Int, excludingRows: [Int]) -> RankedAnswer {
        var answers: [Neighbour] = []
        var excluded: [ExcludedWord] = []
        for (position, entry) in ranked.enumerated() {
            if answers.count == k { break }
            if excludingRows.contains(entry.row) {
                excluded.append(ExcludedWord(word: words[entry.row], rank: position + 1, score: entry.score))
            } else {
                answers.append(Neighbour(word: words[entry.row], row: entry.row, score: entry.score))
            }
        }
        return RankedAnswer(answers: answers, excluded: excluded)
    }

    /// Row `row` of the unit-normalised matrix.
    func unitRow(_ row: Int) -> ArraySlice<Float> {
        unitVectors[row * dimension ..< (row + 1) * dimension]
    }

    /// Reference for tests: every row scored with the scalar loop, fully sorted.
    func scalarNearest(to vector: [Float], k: Int, excludingRows: [Int] = []) -> RankedAnswer {
        let query = VectorKernels.normalized(vector)
        var all: [(row: Int, score: Float)] = []
        unitVectors.withUnsafeBufferPointer { unit in
            query.withUnsafeBufferPointer { q in
                for row in 0..<count {
                    all.append((row, VectorKernels.scalarDot(unit.baseAddress! + row * dimension, q.baseAddress!, dimension)))
                }
            }
        }
        all.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        return rankedAnswer(Array(all.prefix(k + excludingRows.count)), k: k, excludingRows: excludingRows)
    }
}
