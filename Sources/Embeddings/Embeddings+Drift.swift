import Dispatch
import Kernels

extension Embeddings {
    /// How a word's movement between two spaces is measured.
    public enum DriftMethod: String, Sendable, CaseIterable, Encodable {
        /// Cosine distance between the word's vector in A and its vector in B rotated onto A
        /// (orthogonal Procrustes, `aligned(to:)`), both unit-normalised and mean-centred
        /// (Hamilton, Leskovec & Jurafsky 2016, ACL, the "global" measure).
        case cosine
        /// Hamilton, Leskovec & Jurafsky 2016 (EMNLP, "Cultural shift or linguistic drift?"),
        /// the local neighbourhood measure: with N the union of the word's k nearest neighbours
        /// in A and in B, the cosine distance between the vectors (cos_A(w, x))_{x ∈ N} and
        /// (cos_B(w, x))_{x ∈ N}. Second-order: it compares similarities inside each space, so
        /// it needs no alignment.
        case neighbours
    }

    /// One word's movement.
    public struct WordDrift: Sendable, Encodable, Equatable {
        public let word: String
        /// Cosine distance, in [0, 2].
        public let distance: Double
        /// Its row in A and in B (lower = more frequent).
        public let row: Int
        public let otherRow: Int
    }

    /// Both measures over the chosen shared words.
    public struct DriftReport: Sendable, Encodable {
        public let method: DriftMethod
        /// Words scored (shared, above the frequency floor).
        public let words: Int
        /// Neighbours per space for the local measure.
        public let k: Int?
        /// The alignment, for the cosine measure.
        public let alignment: Alignment?
        /// Every scored word, most changed first.
        public let drifts: [WordDrift]

        /// The same report with only the `n` most changed words (and without the rotation).
        public func top(_ n: Int) -> DriftReport {
            DriftReport(method: method, words: words, k: k, alignment: nil, drifts: Array(drifts.prefix(n)))
        }
    }

    /// Ranks `words` (shared by `old` and `new`; nil = every shared word) by how much they moved
    /// from `old` to `new`. For `.cosine` the rotation is fitted on the same words; for
    /// `.neighbours` the neighbours are searched among the same words in each space.
    /// - Throws: `invalidArgument` when the dimensions differ (cosine) or no word is shared.
    /// - Complexity: cosine O(n d² + d³); neighbours O(n² d) over n words (parallel over words).
    public static func drift(from old: Embeddings, to new: Embeddings, method: DriftMethod, words: [String]? = nil,
                             k: Int = 25) throws -> DriftReport {
        var pairs = old.sharedWords(with: new)
        if let words {
            let wanted = Set(words)
            pairs = pairs.filter { wanted.contains($0.word) }
        }
        guard !pairs.isEmpty else {
            throw EmbeddingsError.invalidArgument("the two spaces share no word" + (words == nil ? "" : " of the chosen ones"))
        }
        var drifts: [WordDrift]
        var alignment: Alignment?
        switch method {
        case .cosine:
            let oldSub = old.subset(rows: pairs.map(\.row)), newSub = new.subset(rows: pairs.map(\.otherRow))
            let (rotated, fit) = try newSub.aligned(to: oldSub)
            alignment = fit
            let mean = oldSub.centredUnitRows(centreOn: Array(0..<oldSub.count)).mean
            let d = old.dimension, oldUnit = oldSub.unitVectors
            drifts = pairs.enumerated().map { i, pair in
                var dot = 0.0, na = 0.0, nb = 0.0
                for j in 0..<d {
                    let x = Double(oldUnit[i * d + j]) - mean[j]
                    let y = Double(rotated.vectors[i * d + j]) - mean[j]
                    dot += x * y; na += x * x; nb += y * y
                }
                let cosine = na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
                return WordDrift(word: pair.word, distance: 1 - cosine, row: pair.row, otherRow: pair.otherRow)
            }
        case .neighbours:
            let distances = neighbourDistances(old.subset(rows: pairs.map(\.row)), new.subset(rows: pairs.map(\.otherRow)), k: k)
            drifts = pairs.enumerated().map { WordDrift(word: $1.word, distance: distances[$0], row: $1.row, otherRow: $1.otherRow) }
        }
        drifts.sort { $0.distance > $1.distance || ($0.distance == $1.distance && $0.row < $1.row) }
        return DriftReport(method: method, words: pairs.count, k: method == .neighbours ? k : nil, alignment: alignment, drifts: drifts)
    }

    /// The rows `rows` of this space, in that order, as a new value.
    public func subset(rows: [Int]) -> Embeddings {
        var values = [Float](); values.reserveCapacity(rows.count * dimension)
        for row in rows { values.append(contentsOf: vectors[row * dimension ..< (row + 1) * dimension]) }
        return Embeddings(words: rows.map { words[$0] }, dimension: dimension, vectors: values)
    }

    /// The local neighbourhood distance of every row of two spaces over the same words (row i of
    /// `a` and row i of `b` are the same word; dimensions may differ). Symmetric in a and b; 0 for
    /// identical spaces.
    /// - Complexity: O(n² (d_a + d_b)) for n words, split over the processors.
    static func neighbourDistances(_ a: Embeddings, _ b: Embeddings, k: Int) -> [Double] {
        precondition(a.count == b.count)
        let n = a.count
        let kk = Swift.min(k, n - 1)
        var result = [Double](repeating: 0, count: n)
        guard kk > 0 else { return result }
        let chunk = 64
        let parts = (n + chunk - 1) / chunk
        result.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let out = shared.value
                var simA = [Float](repeating: 0, count: n), simB = [Float](repeating: 0, count: n)
                for w in (part * chunk) ..< Swift.min(n, (part + 1) * chunk) {
                    a.similarities(of: w, into: &simA)
                    b.similarities(of: w, into: &simB)
                    var union = Set<Int>()
                    for sims in [simA, simB] {
                        var top = TopK(capacity: kk + 1)
                        for (row, score) in sims.enumerated() where row != w && score >= top.threshold { top.insert(row: row, score: score) }
                        for entry in top.sorted().prefix(kk) { union.insert(entry.row) }
                    }
                    var dot = 0.0, na = 0.0, nb = 0.0
                    for x in union {
                        let sa = Double(simA[x]), sb = Double(simB[x])
                        dot += sa * sb; na += sa * sa; nb += sb * sb
                    }
                    out[w] = na > 0 && nb > 0 ? 1 - dot / (na * nb).squareRoot() : 0
                }
            }
        }
        return result
    }

    /// cos(row, every row) into `out` (length count).
    func similarities(of row: Int, into out: inout [Float]) {
        let d = dimension
        unitVectors.withUnsafeBufferPointer { unit in
            let base = unit.baseAddress!
            for other in 0..<count { out[other] = VectorKernels.dot(base + row * d, base + other * d, d) }
        }
    }
}
