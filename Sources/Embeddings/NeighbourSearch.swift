import Synchronization

/// A way to find the rows nearest a vector: exact (`ExactSearch`, the reference), exact over
/// bfloat16 rows (`NeighbourIndex`, same answers), or approximate (`ApproximateSearch`, HNSW).
/// The word queries (neighbours, 3CosAdd analogy, vector arithmetic) are written once on top.
public protocol NeighbourSearch: Sendable {
    var embeddings: Embeddings { get }
    /// The `k` rows most cosine-similar to `vector`, `excludingRows` left out (and reported
    /// when they would have ranked), searching only rows below `restrictVocab`.
    func nearest(to vector: [Float], k: Int, excludingRows: [Int], restrictVocab: Int?) -> Embeddings.RankedAnswer
}

extension NeighbourSearch {
    /// The `k` nearest words of `word`, the word excluded (as `Embeddings.neighbours`).
    public func neighbours(of word: String, k: Int = 10, restrictVocab: Int? = nil) throws -> Embeddings.RankedAnswer {
        let row = try embeddings.resolveQuery(word)
        return nearest(to: Array(embeddings.unitRow(row)), k: k, excludingRows: [row], restrictVocab: restrictVocab)
    }

    /// 3CosAdd analogy (as `Embeddings.analogy` with `.add`).
    public func analogy(_ a: String, _ b: String, _ c: String, k: Int = 5, restrictVocab: Int? = nil) throws -> Embeddings.RankedAnswer {
        let rows = try [a, b, c].map { try embeddings.resolve($0) }
        return nearest(to: embeddings.offsetQuery((rows[0], rows[1], rows[2])), k: k, excludingRows: rows, restrictVocab: restrictVocab)
    }

    /// Vector arithmetic (as `Embeddings.arithmetic`).
    public func arithmetic(_ tokens: [String], k: Int = 5) throws -> Embeddings.RankedAnswer {
        let (query, rows) = try embeddings.expressionQuery(tokens)
        return nearest(to: query, k: k, excludingRows: rows, restrictVocab: nil)
    }
}

/// Exact search: every row scanned (`Embeddings.nearest`).
public struct ExactSearch: NeighbourSearch {
    public let embeddings: Embeddings
    public init(_ embeddings: Embeddings) { self.embeddings = embeddings }
    public func nearest(to vector: [Float], k: Int, excludingRows: [Int], restrictVocab: Int?) -> Embeddings.RankedAnswer {
        embeddings.nearest(to: vector, k: k, excludingRows: excludingRows, restrictVocab: restrictVocab)
    }
}

/// HNSW search with a candidate list of `ef`, adding up what its searches cost.
/// Rows at or above `restrictVocab` are dropped from the candidates, so a small restriction
/// can return fewer than `k` answers.
public final class ApproximateSearch: NeighbourSearch {
    public let index: HNSWIndex
    public let ef: Int
    public let walk: HNSWIndex.WalkRows
    private let total = Mutex((searches: 0, cost: HNSWSearchCost()))

    public init(_ index: HNSWIndex, ef: Int, walk: HNSWIndex.WalkRows = .bfloat16) {
        precondition(ef >= 1, "ef must be at least 1")
        self.index = index
        self.ef = ef
        self.walk = walk
    }

    public var embeddings: Embeddings { index.embeddings }

    /// Searches so far and their summed cost.
    public var cost: (searches: Int, cost: HNSWSearchCost) { total.withLock { $0 } }

    public func nearest(to vector: [Float], k: Int, excludingRows: [Int], restrictVocab: Int?) -> Embeddings.RankedAnswer {
        let (found, cost) = index.search(vector, k: k + excludingRows.count, ef: ef, walk: walk)
        total.withLock { $0.searches += 1; $0.cost += cost }
        let limit = restrictVocab ?? Int.max
        return embeddings.rankedAnswer(found.filter { $0.row < limit }, k: k, excludingRows: excludingRows)
    }
}
