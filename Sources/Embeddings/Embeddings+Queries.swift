import Kernels

extension Embeddings {
    /// One word and its score in a ranked list.
    public struct ScoredWord: Sendable, Equatable, Encodable {
        public let word: String
        public let score: Float
    }

    /// Rows of the words that are in the vocabulary (exact, then lowercase, as `lookup`), in
    /// order and with repeats, and the words that are not (which gensim drops with a warning).
    func knownRows(_ words: [String]) -> (rows: [Int], ignored: [String]) {
        var rows: [Int] = [], ignored: [String] = []
        for word in words {
            if let row = lookup(word) { rows.append(row) } else { ignored.append(word) }
        }
        return (rows, ignored)
    }

    /// The mean of unit (`unit`) or raw rows, in Double.
    func meanRow(_ rows: [Int], unit: Bool) -> [Double] {
        var mean = [Double](repeating: 0, count: dimension)
        let source = unit ? unitVectors : vectors
        for row in rows {
            for j in 0..<dimension { mean[j] += Double(source[row * dimension + j]) }
        }
        return mean.map { $0 / Double(Swift.max(1, rows.count)) }
    }

    /// `v / |v|` (a zero vector stays zero).
    static func unit(_ v: [Double]) -> [Double] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// The cosine of unit row `row` with a unit Double vector.
    func dot(row: Int, _ v: [Double]) -> Float {
        var sum = 0.0
        for j in 0..<dimension { sum += Double(unitVectors[row * dimension + j]) * v[j] }
        return Float(sum)
    }

    /// gensim's `rank_by_centrality(words)`: the known words (repeats kept) by cosine with
    /// the normalised mean of their unit vectors, most central first; ties: the word later
    /// in code-point order first (gensim sorts (score, word) pairs in reverse).
    /// - Complexity: O(words x dimension).
    public func rankByCentrality(_ words: [String]) throws -> (ranked: [ScoredWord], ignored: [String]) {
        let (rows, ignored) = knownRows(words)
        guard !rows.isEmpty else { throw EmbeddingsError.invalidArgument("none of the words is in the vocabulary: \(words.joined(separator: " "))") }
        let centre = Self.unit(meanRow(rows, unit: true))
        let ranked = rows.map { ScoredWord(word: self.words[$0], score: dot(row: $0, centre)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $1.word.unicodeScalars.lexicographicallyPrecedes($0.word.unicodeScalars) { $0.value < $1.value } }
        return (ranked, ignored)
    }

    /// gensim's `doesnt_match(words)`: the known word least similar to the centre of them all
    /// (the last of `rankByCentrality`). Needs two known words (gensim answers a lone word
    /// with itself).
    public func doesntMatch(_ words: [String]) throws -> (word: String, ignored: [String]) {
        let (rows, _) = knownRows(words)
        guard rows.count >= 2 else {
            throw EmbeddingsError.invalidArgument("doesnt_match needs at least two words in the vocabulary, got \(rows.count) of \(words.count)")
        }
        let (ranked, ignored) = try rankByCentrality(words)
        return (ranked.last!.word, ignored)
    }

    /// gensim's `n_similarity(ws1, ws2)`: the cosine of the means of the raw vectors of the
    /// two bags of words (unknown words ignored; each bag needs one known word).
    public func nSimilarity(_ first: [String], _ second: [String]) throws -> (similarity: Float, ignored: [String]) {
        let a = knownRows(first), b = knownRows(second)
        guard !a.rows.isEmpty, !b.rows.isEmpty else {
            throw EmbeddingsError.invalidArgument("n_similarity needs a known word on each side (\(a.rows.count) and \(b.rows.count) known)")
        }
        let ma = Self.unit(meanRow(a.rows, unit: false)), mb = Self.unit(meanRow(b.rows, unit: false))
        return (Float(zip(ma, mb).reduce(0) { $0 + $1.0 * $1.1 }), a.ignored + b.ignored)
    }

    /// gensim's `closer_than(key1, key2)`: every word more similar to `first` than `second`
    /// is, `first` itself left out, in row order.
    /// - Complexity: O(count x dimension), one scan.
    public func closerThan(_ first: String, _ second: String) throws -> [String] {
        let a = try resolve(first), b = try resolve(second)
        let threshold = cosine(rows: a, b)
        var closer: [String] = []
        for row in 0..<count where row != a && cosine(rows: a, row) > threshold { closer.append(words[row]) }
        return closer
    }

    /// gensim's `most_similar_to_given(key1, keys_list)`: the candidate most similar to
    /// `word`, the first one on ties.
    public func mostSimilarToGiven(_ word: String, _ candidates: [String]) throws -> ScoredWord {
        let row = try resolve(word)
        guard !candidates.isEmpty else { throw EmbeddingsError.invalidArgument("most_similar_to_given needs candidate words") }
        var best: ScoredWord?
        for candidate in candidates {
            let score = cosine(rows: row, try resolve(candidate))
            if best == nil || score > best!.score { best = ScoredWord(word: candidate, score: score) }
        }
        return best!
    }

    /// gensim's `similar_by_vector(vector, topn)`: the `k` rows most similar to a raw vector
    /// (normalised here), nothing excluded.
    public func similarByVector(_ vector: [Float], k: Int = 10, restrictVocab: Int? = nil) throws -> RankedAnswer {
        guard vector.count == dimension else {
            throw EmbeddingsError.invalidArgument("the query vector has \(vector.count) values, the vectors have \(dimension)")
        }
        guard vector.allSatisfy(\.isFinite) else { throw EmbeddingsError.invalidArgument("the query vector has a NaN or infinite value") }
        return nearest(to: vector, k: k, restrictVocab: restrictVocab)
    }
}
