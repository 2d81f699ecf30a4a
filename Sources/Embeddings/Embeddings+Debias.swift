extension Embeddings {
    /// What hard debiasing did (see `debiased(definitional:genderSpecific:equalize:)`).
    public struct DebiasReport: Sendable, Encodable {
        /// The direction removed, from the definitional pairs.
        public let direction: BiasDirection
        /// Words whose component along the direction was removed (all but the gender-specific).
        public let neutralized: Int
        /// Gender-specific words found in the vocabulary (kept as they were, renormalised).
        public let keptSpecific: Int
        /// Pairs equalized, case variants included (e.g. ["he", "she"], ["He", "She"]).
        public let equalized: [[String]]
    }

    /// Hard debiasing of Bolukbasi, Chang, Zou, Saligrama & Kalai 2016 ("Man is to Computer
    /// Programmer as Woman is to Homemaker?", §6), step by step as their reference code,
    /// debiaswe `debias.py`:
    ///
    /// 1. every row is unit-normalised (debiaswe's `WordEmbedding` normalises on load);
    /// 2. g = the first principal component of the definitional pairs (`biasDirection`, debiaswe's
    ///    `doPCA(definitional, E).components_[0]`);
    /// 3. *neutralize*: every word not in `genderSpecific` (exact match, as debiaswe's
    ///    `specific_set`) loses its projection on g, `v - (v·g) g`, and all rows are renormalised;
    /// 4. *equalize*: for each pair (a, b) of `equalize` and its lower-case, Title-case and
    ///    UPPER-case variants, when both words are known: μ = (v_a + v_b)/2, ν = μ - (μ·g) g,
    ///    z = √(1 - |ν|²) signed like (v_a - v_b)·g, then v_a = ν + z g, v_b = ν - z g; all rows
    ///    renormalised again.
    ///
    /// The result has unit rows: every neutralized word is orthogonal to g, and each equalized
    /// pair is symmetric about the plane orthogonal to g (same ν, opposite projections).
    /// Arithmetic is in `Double`, rounded to `Float` at the end.
    /// - Complexity: O(count x dimension) plus the PCA of `biasDirection`.
    public func debiased(definitional: [(String, String)], genderSpecific: Set<String>,
                         equalize: [(String, String)]) throws -> (embeddings: Embeddings, report: DebiasReport) {
        let direction = try biasDirection(pairs: definitional)
        let d = dimension
        let g = direction.vector.map(Double.init)
        var rows = unitVectors.map(Double.init)
        func dotG(_ base: Int) -> Double {
            var s = 0.0
            for k in 0..<d { s += rows[base + k] * g[k] }
            return s
        }
        func normalise(_ base: Int) {
            var s = 0.0
            for k in 0..<d { s += rows[base + k] * rows[base + k] }
            guard s > 0 else { return }
            let inv = 1 / s.squareRoot()
            for k in 0..<d { rows[base + k] *= inv }
        }
        var neutralized = 0, specific = 0
        for row in 0..<count {
            let base = row * d
            if genderSpecific.contains(words[row]) {
                specific += 1
            } else {
                let p = dotG(base)
                for k in 0..<d { rows[base + k] -= p * g[k] }
                neutralized += 1
            }
            normalise(base)
        }
        var equalized: [[String]] = []
        var seen = Set<[String]>()
        for (first, second) in equalize {
            let variants = [(first.lowercased(), second.lowercased()), (Self.titleCased(first), Self.titleCased(second)),
                            (first.uppercased(), second.uppercased())]
            for (x, y) in variants where seen.insert([x, y]).inserted {
                guard let a = row(of: x), let b = row(of: y), a != b else { continue }
                let ba = a * d, bb = b * d
                var mu = (0..<d).map { (rows[ba + $0] + rows[bb + $0]) / 2 }
                let muG = zip(mu, g).reduce(0) { $0 + $1.0 * $1.1 }
                for k in 0..<d { mu[k] -= muG * g[k] }
                let nuNorm2 = mu.reduce(0) { $0 + $1 * $1 }
                var z = Swift.max(0, 1 - nuNorm2).squareRoot()
                if dotG(ba) - dotG(bb) < 0 { z = -z }
                for k in 0..<d {
                    rows[ba + k] = mu[k] + z * g[k]
                    rows[bb + k] = mu[k] - z * g[k]
                }
                normalise(ba)
                normalise(bb)
                equalized.append([x, y])
            }
        }
        let result = Embeddings(words: Array(words), dimension: d, vectors: rows.map { Float($0) })
        return (result, DebiasReport(direction: direction, neutralized: neutralized, keptSpecific: specific, equalized: equalized))
    }

    /// Python's `str.title()` for one word: first letter upper-case, the rest lower-case.
    static func titleCased(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst().lowercased()
    }
}
