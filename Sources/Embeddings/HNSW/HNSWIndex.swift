import Synchronization
import Kernels

/// An approximate nearest-neighbour index over the unit rows of an `Embeddings` value: a
/// Hierarchical Navigable Small World graph (Malkov & Yashunin 2018, "Efficient and robust
/// approximate nearest neighbor search using Hierarchical Navigable Small World graphs"),
/// built and searched as hnswlib's `HierarchicalNSW` (inner-product space over unit rows, so
/// similarity = cosine; heuristic neighbour selection `getNeighborsByHeuristic2`, levels
/// drawn as floor(-ln(U) / ln(M))).
///
/// The graph holds row numbers only; the rows are read from `embeddings`, and `fingerprint`
/// ties the index to those vectors (a file of other vectors is refused when the index is read).
/// Exact search (`Embeddings.nearest`) stays the reference: the index trades a bounded loss of
/// recall (measured in docs/index-and-queries.md) for a search cost of roughly
/// O(ef x M x log(count)) dot products instead of O(count).
public final class HNSWIndex: Sendable {
    /// Construction parameters, as hnswlib's `M` and `ef_construction`.
    public struct Parameters: Sendable, Equatable {
        /// Links per node on the upper levels; 2M on level 0.
        public var m: Int
        /// Candidates kept while inserting a node (Algorithm 1's efConstruction).
        public var efConstruction: Int
        /// Seed of the level generator.
        public var seed: UInt64

        public init(m: Int = 16, efConstruction: Int = 200, seed: UInt64 = 100) {
            self.m = m
            self.efConstruction = efConstruction
            self.seed = seed
        }
    }

    public let embeddings: Embeddings
    public let parameters: Parameters
    public let fingerprint: VectorFingerprint
    let graph: HNSWGraph
    let entry: Int
    let maxLevel: Int
    /// Free scratch memories, one per concurrent search at most.
    private let scratchPool = Mutex<[HNSWSearchScratch]>([])
    /// Made on the first search, so building and writing an index never pays for it.
    private let compactRows = Mutex<BFloat16Rows?>(nil)
    private var compact: BFloat16Rows {
        compactRows.withLock { made in
            if let made { return made }
            let rows = BFloat16Rows(embeddings, stride: BFloat16Rows.alignedStride(dimension: embeddings.dimension))
            made = rows
            return rows
        }
    }

    init(embeddings: Embeddings, parameters: Parameters, fingerprint: VectorFingerprint, graph: HNSWGraph, entry: Int, maxLevel: Int) {
        self.embeddings = embeddings
        self.parameters = parameters
        self.fingerprint = fingerprint
        self.graph = graph
        self.entry = entry
        self.maxLevel = maxLevel
    }

    /// Which rows a query walks the graph with. Either way the rows kept are scored with the
    /// float rows, so answers carry exact cosines; only the rows visited can differ.
    public enum WalkRows: String, Sendable, CaseIterable {
        /// A bfloat16 copy of the unit rows (`BFloat16Rows`, 64-byte aligned), made on the first such search:
        /// half the memory traffic of the float rows, `count x ceil32(dimension) x 2` bytes of
        /// memory, and one pass over every row to make it. On 219k x 300 word vectors it gave
        /// 1.2x to 1.3x the queries/s at the same recall (docs/index-and-queries.md).
        case bfloat16 = "bf16"
        /// The vectors themselves (raw rows x inverse norms): no copy, so a mapped file's
        /// first answer needs only the rows it touches.
        case float
    }

    /// The `k` rows most similar to `vector` (normalised here) found with a candidate list
    /// of `ef` (at least `k`), best first, and what the search cost.
    /// - Complexity: about O(ef x 2M x dimension) per query; no lock is taken (but the first
    ///   `.bfloat16` search makes the compact rows, O(count x dimension)).
    public func search(_ vector: [Float], k: Int, ef: Int, walk: WalkRows = .bfloat16) -> (rows: [(row: Int, score: Float)], cost: HNSWSearchCost) {
        precondition(vector.count == embeddings.dimension, "query has \(vector.count) values, vectors have \(embeddings.dimension)")
        guard embeddings.count > 0, k > 0 else { return ([], HNSWSearchCost()) }
        let scratch = scratchPool.withLock { $0.popLast() }
            ?? HNSWSearchScratch(count: graph.count, maxLinks0: graph.maxLinks0, dimension: embeddings.dimension)
        defer { scratchPool.withLock { $0.append(scratch) } }
        scratch.cost = HNSWSearchCost()
        let compact = walk == .bfloat16 ? self.compact : nil
        vector.withUnsafeBufferPointer { _ = VectorKernels.normalize($0.baseAddress!, into: scratch.query, count: embeddings.dimension) }
        let found: [(row: Int, score: Float)] = embeddings.withPaddedRows { rows in
            let space = HNSWSpace(rows: rows, graph: graph, compact: compact)
            let query = UnsafePointer(scratch.query)
            var current = Int32(entry)
            var score = space.similarity(query, current)
            for level in stride(from: maxLevel, to: 0, by: -1) {
                (current, score) = space.greedy(query, from: current, score: score, level: level, locked: false, scratch)
            }
            space.searchLayer(query, from: current, score: score, ef: Swift.max(ef, k), level: 0, locked: false, scratch)
            // Exact cosines of the rows kept, when the walk scored them in bfloat16.
            var best = scratch.popResults().map { found in
                (row: Int(found.row), score: compact == nil ? found.score
                    : rows.score(row: Int(found.row), DotScorer(query: query, chunks: rows.chunks)))
            }
            best.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
            return Array(best.prefix(k))
        }
        return (found, scratch.cost)
    }
}

/// The rows and the graph as one search sees them (Algorithm 2 SEARCH-LAYER and the greedy
/// descent of Algorithm 5), shared by construction (`locked`: lists copied under their node's
/// lock) and queries (read in place).
///
/// Rows are the raw matrix (`PaddedRows`: in memory or mapped), scored against a unit query as
/// `dot(row, query) x inverse norm`, the cosine every other query computes; so the index needs
/// no unit-normalised float copy of the matrix (3.6 GB more for GoogleNews' 3M x 300). Queries
/// may instead walk a bfloat16 unit copy (`compact`, half that), rescoring what they keep.
struct HNSWSpace {
    let rows: PaddedRows
    let graph: HNSWGraph
    /// bfloat16 unit rows that queries walk the graph with; nil during construction.
    var compact: BFloat16Rows? = nil

    /// The cosine of `row` with a unit query, zero-padded to whole SIMD8 chunks and 32-byte
    /// aligned (`HNSWSearchScratch.query`).
    @inline(__always)
    func similarity(_ query: UnsafePointer<Float>, _ row: Int32) -> Float {
        if let compact { return compact.similarity(query, Int(row)) }
        return rows.score(row: Int(row), DotScorer(query: query, chunks: rows.chunks))
    }

    /// The cosine of two rows of the matrix (the neighbour-selection heuristic's test).
    @inline(__always)
    func similarity(rows a: Int32, _ b: Int32) -> Float {
        VectorKernels.dot(rows.base + Int(a) * rows.stride, rows.base + Int(b) * rows.stride, rows.dimension)
            * rows.inverseNorms[Int(a)] * rows.inverseNorms[Int(b)]
    }

    /// Starts loading `row`'s values into the cache (see `VectorKernels.prefetch`).
    @inline(__always)
    func prefetch(_ row: Int32) {
        if let compact { return compact.prefetch(Int(row)) }
        VectorKernels.prefetch(rows.base + Int(row) * rows.stride, count: rows.dimension)
    }

    /// The list of `node` at `level`: in place, or a copy taken under the node's lock.
    @inline(__always)
    func links(_ node: Int32, level: Int, locked: Bool, _ scratch: HNSWSearchScratch) -> UnsafePointer<Int32> {
        let list = graph.list(Int(node), level: level)
        guard locked else { return UnsafePointer(list) }
        graph.withLock(Int(node)) { scratch.links.update(from: list, count: Int(list[0]) + 1) }
        return UnsafePointer(scratch.links)
    }

    /// Greedy walk on one upper level: moves to a better neighbour until none is better.
    func greedy(_ query: UnsafePointer<Float>, from start: Int32, score: Float, level: Int, locked: Bool,
                _ scratch: HNSWSearchScratch) -> (Int32, Float) {
        var current = start, best = score
        var changed = true
        var cost = HNSWSearchCost()
        while changed {
            changed = false
            let list = links(current, level: level, locked: locked, scratch)
            let n = Int(list[0])
            cost.expanded += 1
            cost.distances += n
            for j in stride(from: 1, through: n, by: 1) {
                let s = similarity(query, list[j])
                if s > best { best = s; current = list[j]; changed = true }
            }
        }
        scratch.cost += cost
        return (current, best)
    }

    /// How many rows ahead of the one being scored the search prefetches: enough for one
    /// row's memory latency to hide behind the arithmetic of the rows before it.
    static let prefetchDistance = 2

    /// Best-first search of one level from one entry, keeping the `ef` best in
    /// `scratch.results` (worst on top). Stops when the best unexpanded candidate is worse than
    /// the worst kept result, as hnswlib's `searchBaseLayerST`.
    ///
    /// Memory, not arithmetic, bounds it (each scored row is a cache miss of `dimension x 4`
    /// bytes): so an expanded node's unvisited neighbours are listed first, and each row is
    /// prefetched `prefetchDistance` rows before it is scored. The heaps work as locals (no
    /// class-property access in the loop) and go back to `scratch` at the end.
    func searchLayer(_ query: UnsafePointer<Float>, from start: Int32, score: Float, ef: Int, level: Int, locked: Bool,
                     _ scratch: HNSWSearchScratch) {
        scratch.begin()
        let generation = scratch.generation
        var candidates = scratch.takeCandidates(), results = scratch.takeResults()
        let pending = scratch.pending
        var cost = HNSWSearchCost()
        let ahead = Self.prefetchDistance
        scratch.visited.withUnsafeMutableBufferPointer { visited in
            visited[Int(start)] = generation
            candidates.push(packScored(score, start))
            results.push(packScored(score, start))
            var worst = score
            while !candidates.isEmpty {
                let top = candidates.top
                if scoredScore(top) < worst && results.count >= ef { break }
                candidates.pop()
                let list = links(scoredRow(top), level: level, locked: locked, scratch)
                let n = Int(list[0])
                cost.expanded += 1
                var fresh = 0
                for j in stride(from: 1, through: n, by: 1) {
                    let row = list[j]
                    if visited[Int(row)] == generation { continue }
                    visited[Int(row)] = generation
                    pending[fresh] = row
                    fresh += 1
                }
                for i in 0..<Swift.min(ahead, fresh) { prefetch(pending[i]) }
                for i in 0..<fresh {
                    if i + ahead < fresh { prefetch(pending[i + ahead]) }
                    let row = pending[i]
                    let s = similarity(query, row)
                    if results.count < ef || s > worst {
                        let packed = packScored(s, row)
                        candidates.push(packed)
                        results.push(packed)
                        if results.count > ef { results.pop() }
                        worst = scoredScore(results.top)
                    }
                }
                cost.distances += fresh
            }
        }
        scratch.cost += cost
        scratch.give(candidates: candidates, results: results)
    }
}
