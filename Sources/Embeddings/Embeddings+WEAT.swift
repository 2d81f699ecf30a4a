extension Embeddings {
    /// The outcome of a Word Embedding Association Test (Caliskan, Bryson & Narayanan 2017,
    /// "Semantics derived automatically from language corpora contain human-like biases").
    public struct WEATResult: Sendable, Encodable {
        /// Effect size: (mean over X of s(x,A,B) - mean over Y of s(y,A,B)) / std over X ∪ Y of s(w,A,B),
        /// the standard deviation being the sample one (ddof = 1, the paper's) unless
        /// `standardDeviation` says "population" (ddof = 0, as WEFE computes it).
        public let effectSize: Double
        /// "sample" (ddof = 1) or "population" (ddof = 0).
        public let standardDeviation: String
        /// One-sided permutation p-value Pr[S(Xi,Yi,A,B) >= S(X,Y,A,B)] over equal-size
        /// re-partitions (Xi, Yi) of X ∪ Y. The observed partition is one of them and counts, so
        /// p >= 1 / #partitions and is never 0; when sampling, (count + 1) / (samples + 1)
        /// (Phipson & Smyth 2010, "Permutation p-values should never be zero").
        public let pValue: Double
        /// The test statistic S(X,Y,A,B) = sum over X of s(x,A,B) - sum over Y of s(y,A,B).
        public let statistic: Double
        /// "exact" (every partition) or "sampled" (`partitions` random ones from `seed`).
        public let method: String
        public let partitions: Int
        /// The number of distinct partitions, C(|X|+|Y|, |X|).
        public let possiblePartitions: Double
        public let seed: UInt64?
        /// The words used, after dropping unknown ones: X, Y, A, B.
        public let sets: [[String]]
        /// The unknown words dropped from X, Y, A, B.
        public let missing: [[String]]
    }

    /// WEAT effect size and permutation p-value for targets X, Y and attributes A, B.
    /// Unknown words are dropped (and listed in `missing`); each set needs at least one word
    /// and X ∪ Y at least two. The test is exact when C(|X|+|Y|, |X|) <= `exactLimit`, otherwise
    /// `permutations` random partitions drawn with `SeededGenerator(seed:)`.
    /// `standardDeviation`: `.sample` (ddof = 1, Caliskan et al.) or `.population` (ddof = 0, WEFE).
    /// - Complexity: O((|X|+|Y|)(|A|+|B|) x dimension) for the associations, then O(partitions x |X|).
    public func weat(x: [String], y: [String], a: [String], b: [String],
                     exactLimit: Int = 100_000, permutations: Int = 100_000, seed: UInt64 = 1,
                     standardDeviation: StandardDeviation = .sample) throws -> WEATResult {
        let names = ["X", "Y", "A", "B"]
        var rows: [[Int]] = []
        var used: [[String]] = []
        var missing: [[String]] = []
        for (i, set) in [x, y, a, b].enumerated() {
            var found: [Int] = []
            var lost: [String] = []
            for word in set {
                if let row = lookup(word) { if !found.contains(row) { found.append(row) } } else { lost.append(word) }
            }
            guard !found.isEmpty else {
                throw EmbeddingsError.invalidArgument("WEAT: no word of set \(names[i]) is in the vocabulary (\(set.prefix(8).joined(separator: ", "))...)")
            }
            rows.append(found)
            used.append(found.map { words[$0] })
            missing.append(lost)
        }
        func association(_ w: Int) -> Double {
            let toA = rows[2].map { Double(cosine(rows: w, $0)) }
            let toB = rows[3].map { Double(cosine(rows: w, $0)) }
            return Statistics.mean(toA) - Statistics.mean(toB)
        }
        guard Set(rows[0]) != Set(rows[1]) else {
            throw EmbeddingsError.invalidArgument("WEAT: targets X and Y are the same words (\(used[0].prefix(8).joined(separator: ", "))), so there is nothing to compare; give two different target sets")
        }
        let sx = rows[0].map(association), sy = rows[1].map(association)
        let all = sx + sy
        guard all.count >= 2 else { throw EmbeddingsError.invalidArgument("WEAT needs at least two target words in the vocabulary") }
        let spread = standardDeviation == .sample ? Statistics.sampleStandardDeviation(all) : Statistics.populationStandardDeviation(all)
        guard spread > 0 else {
            throw EmbeddingsError.invalidArgument("WEAT: every target word has the same association s(w, A, B) (are A and B the same words?), so the effect size is undefined (0/0)")
        }
        let effect = (Statistics.mean(sx) - Statistics.mean(sy)) / spread
        let statistic = sx.reduce(0, +) - sy.reduce(0, +)
        let test = Self.permutationTest(associations: all, xCount: sx.count, exactLimit: exactLimit,
                                        permutations: permutations, seed: seed)
        return WEATResult(effectSize: effect, standardDeviation: standardDeviation.rawValue, pValue: test.pValue, statistic: statistic, method: test.exact ? "exact" : "sampled",
                          partitions: test.partitions, possiblePartitions: test.possible, seed: test.exact ? nil : seed,
                          sets: used, missing: missing)
    }

    /// Which standard deviation divides WEAT's effect size.
    public enum StandardDeviation: String, Sendable, CaseIterable {
        /// ddof = 1, as Caliskan et al. 2017.
        case sample
        /// ddof = 0, as WEFE (`np.std`).
        case population
    }

    /// One-sided permutation test on associations `s` whose first `xCount` belong to X:
    /// the share of partitions whose X-part sum reaches the observed one (S_i = 2 sum(X_i) - total,
    /// so comparing X-part sums is comparing statistics), the observed partition included.
    /// Exact: count / C(n, r) with count >= 1. Sampled: (count + 1) / (samples + 1), the observed
    /// partition counted once more (Phipson & Smyth 2010), so a sampled p is never 0 either.
    static func permutationTest(associations s: [Double], xCount r: Int, exactLimit: Int, permutations: Int,
                                seed: UInt64) -> (pValue: Double, exact: Bool, partitions: Int, possible: Double) {
        let n = s.count
        let observed = s[0..<r].reduce(0, +)
        let tolerance = 1e-12 * Swift.max(1, s.reduce(0) { $0 + abs($1) })
        let possible = binomial(n, r)
        var exceed = 0
        if possible <= Double(exactLimit) {
            var combination = Array(0..<r)
            var total = 0
            while true {
                var sum = 0.0
                for i in combination { sum += s[i] }
                if sum >= observed - tolerance { exceed += 1 }
                total += 1
                // Next r-combination of 0..<n in lexicographic order.
                var i = r - 1
                while i >= 0 && combination[i] == n - r + i { i -= 1 }
                if i < 0 { break }
                combination[i] += 1
                for j in (i + 1)..<r where j < r { combination[j] = combination[j - 1] + 1 }
            }
            return (Double(exceed) / Double(total), true, total, possible)
        }
        var generator = SeededGenerator(seed: seed)
        var order = Array(0..<n)
        for _ in 0..<permutations {
            var sum = 0.0
            for i in 0..<r {  // partial Fisher-Yates: the first r positions are a uniform r-subset
                let j = Int.random(in: i..<n, using: &generator)
                order.swapAt(i, j)
                sum += s[order[i]]
            }
            if sum >= observed - tolerance { exceed += 1 }
        }
        return (Double(exceed + 1) / Double(permutations + 1), false, permutations, possible)
    }

    /// C(n, k) as a Double (exact below 2^53).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        let k = Swift.min(k, n - k)
        guard k >= 0 else { return 0 }
        var result = 1.0
        for i in 0..<k { result = result * Double(n - i) / Double(i + 1) }
        return result.rounded()
    }
}
