import Dispatch
import Kernels
import Foundation
import Synchronization

extension HNSWIndex {
    /// Builds the index over every row of `embeddings` with `threads` workers.
    ///
    /// Algorithm 1 (INSERT) of Malkov & Yashunin 2018 as hnswlib's `addPoint`: each row gets a
    /// level floor(-ln(U) x 1/ln(M)) from a generator seeded with `parameters.seed`; it descends
    /// greedily to its level, then on each of its levels searches efConstruction candidates,
    /// keeps M by the heuristic (Algorithm 4, hnswlib's `getNeighborsByHeuristic2`) and links
    /// both ways, a full neighbour list being re-pruned by the same heuristic. Rows are claimed
    /// in order by the workers from an atomic counter; a row whose level exceeds the graph's
    /// top is inserted under the entry-point lock (as hnswlib), so the top levels stay linked.
    /// One thread gives the same graph on every run; several give a graph of the same quality
    /// whose links depend on timing.
    /// - Complexity: about O(count x log(count) x efConstruction x M x dimension) work.
    public static func build(_ embeddings: Embeddings, parameters: Parameters = Parameters(), threads: Int = 1,
                             progress: (@Sendable (Int) -> Void)? = nil) throws -> HNSWIndex {
        guard parameters.m >= 2 else { throw EmbeddingsError.invalidArgument("HNSW needs M >= 2 links per node, got \(parameters.m)") }
        guard parameters.efConstruction >= 1 else {
            throw EmbeddingsError.invalidArgument("HNSW needs efConstruction >= 1, got \(parameters.efConstruction)")
        }
        guard embeddings.count <= Int(Int32.max) else { throw EmbeddingsError.invalidArgument("HNSW indexes at most \(Int32.max) rows") }
        let levels = randomLevels(count: embeddings.count, m: parameters.m, seed: parameters.seed)
        let graph = HNSWGraph(levels: levels, maxLinks: parameters.m)
        let top = Mutex((entry: 0, maxLevel: embeddings.count > 0 ? Int(levels[0]) : 0))
        let next = Atomic<Int>(1)
        let workers = Swift.max(1, Swift.min(threads, embeddings.count))
        embeddings.withPaddedRows { rows in
            guard embeddings.count > 1 else { return }
            let shared = UncheckedSendable(HNSWSpace(rows: rows, graph: graph))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let inserter = HNSWInserter(space: shared.value, parameters: parameters,
                                            scratch: HNSWSearchScratch(count: graph.count, maxLinks0: graph.maxLinks0,
                                                                       dimension: embeddings.dimension))
                while true {
                    let node = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if node >= embeddings.count { break }
                    let level = Int(levels[node])
                    let seen = top.withLock { $0 }
                    if level > seen.maxLevel {
                        top.withLock { state in
                            inserter.insert(node, entry: state.entry, maxLevel: state.maxLevel)
                            if level > state.maxLevel { state = (node, level) }
                        }
                    } else {
                        inserter.insert(node, entry: seen.entry, maxLevel: seen.maxLevel)
                    }
                    if let progress, node % 10_000 == 0 { progress(node) }
                }
            }
        }
        let final = top.withLock { $0 }
        return HNSWIndex(embeddings: embeddings, parameters: parameters, fingerprint: VectorFingerprint(embeddings),
                         graph: graph, entry: final.entry, maxLevel: final.maxLevel)
    }

    /// hnswlib's `getRandomLevel`: floor(-ln(U) / ln(M)), U uniform in (0, 1], capped at 31.
    static func randomLevels(count: Int, m: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        let scale = 1 / Foundation.log(Double(m))
        return (0..<count).map { _ in
            let u = 1 - generator.uniform()
            return UInt8(Swift.min(31, Int(-Foundation.log(u) * scale)))
        }
    }
}

/// One build worker: inserts rows into the shared graph.
struct HNSWInserter {
    let space: HNSWSpace
    let parameters: HNSWIndex.Parameters
    let scratch: HNSWSearchScratch
    var graph: HNSWGraph { space.graph }

    /// Links `node` into the graph entered at `entry`, whose top level is `maxLevel`.
    func insert(_ node: Int, entry: Int, maxLevel: Int) {
        // The node's own unit row is the query (its padding stays zero).
        VectorKernels.normalize(space.rows.base + node * space.rows.stride, into: scratch.query, count: space.rows.dimension)
        let query = UnsafePointer(scratch.query)
        let level = Int(graph.levels[node])
        var current = Int32(entry)
        var score = space.similarity(query, current)
        for l in stride(from: maxLevel, to: level, by: -1) {
            (current, score) = space.greedy(query, from: current, score: score, level: l, locked: true, scratch)
        }
        for l in stride(from: Swift.min(level, maxLevel), through: 0, by: -1) {
            space.searchLayer(query, from: current, score: score, ef: parameters.efConstruction, level: l, locked: true, scratch)
            let selected = select(scratch.popResults(), limit: parameters.m)
            setList(node, level: l, selected)
            for neighbour in selected { connect(Int(neighbour.row), to: Int32(node), level: l) }
            current = selected[0].row
            score = selected[0].score
        }
    }

    /// Writes the neighbours chosen for the new `node` at `level` as its list.
    ///
    /// With several workers, another node inserted meanwhile may already have linked itself
    /// into this list (its `connect` found the node through a link made at a higher level or an
    /// earlier list). hnswlib prevents that by holding the new node's lock for its whole
    /// insertion; here, where a thread never holds two locks, those links are kept and merged
    /// with the chosen ones, pruned by the heuristic when they exceed the capacity: the list
    /// the serial order (this write, then their `connect`) would have left. Overwriting them
    /// instead dropped one direction of those links and cost recall (0.1 point at recall@10
    /// on 40k word vectors with 2 threads).
    func setList(_ node: Int, level: Int, _ selected: [(row: Int32, score: Float)]) {
        let capacity = graph.capacity(level: level)
        graph.withLock(node) {
            let list = graph.list(node, level: level)
            var kept = selected
            let earlier = Int(list[0])
            if earlier > 0 {
                for j in 1...earlier where !selected.contains(where: { $0.row == list[j] }) {
                    kept.append((list[j], space.similarity(rows: Int32(node), list[j])))
                }
                if kept.count > capacity {
                    kept.sort { $0.score > $1.score }
                    kept = select(kept, limit: capacity)
                }
            }
            list[0] = Int32(kept.count)
            for (j, neighbour) in kept.enumerated() { list[j + 1] = neighbour.row }
        }
    }

    /// Adds `node` to `neighbour`'s list at `level`, re-pruning a full list with the heuristic.
    func connect(_ neighbour: Int, to node: Int32, level: Int) {
        let capacity = graph.capacity(level: level)
        graph.withLock(neighbour) {
            let list = graph.list(neighbour, level: level)
            let n = Int(list[0])
            if n < capacity {
                list[n + 1] = node
                list[0] = Int32(n + 1)
                return
            }
            let base = Int32(neighbour)
            var candidates = [(row: node, score: space.similarity(rows: base, node))]
            for j in 1...n { candidates.append((list[j], space.similarity(rows: base, list[j]))) }
            candidates.sort { $0.score > $1.score }
            let kept = select(candidates, limit: capacity)
            list[0] = Int32(kept.count)
            for (j, entry) in kept.enumerated() { list[j + 1] = entry.row }
        }
    }

    /// Algorithm 4 (SELECT-NEIGHBORS-HEURISTIC) as hnswlib's `getNeighborsByHeuristic2`: from
    /// candidates sorted best first, keep one only if it is closer to the base than to every
    /// one already kept (so links spread in different directions); all when fewer than `limit`.
    func select(_ candidates: [(row: Int32, score: Float)], limit: Int) -> [(row: Int32, score: Float)] {
        if candidates.count < limit { return candidates }
        var kept: [(row: Int32, score: Float)] = []
        kept.reserveCapacity(limit)
        for candidate in candidates {
            if kept.count >= limit { break }
            let good = kept.allSatisfy { space.similarity(rows: candidate.row, $0.row) <= candidate.score }
            if good { kept.append(candidate) }
        }
        return kept
    }
}
