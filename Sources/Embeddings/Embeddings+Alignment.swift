extension Embeddings {
    /// How a space was rotated onto another (see `aligned(to:frequentWords:)`).
    public struct Alignment: Sendable, Encodable {
        /// Words both spaces share.
        public let sharedWords: Int
        /// Shared words the rotation was fitted on (all of them, or the most frequent N).
        public let fittedWords: Int
        /// Root-mean-square distance ||B̂ R - Â|| per fitted word, after the rotation...
        public let residual: Double
        /// ...and without it (R = identity), for scale: about √2 for two unrelated spaces.
        public let residualUnrotated: Double
        /// The rotation R, `dimension x dimension` row-major (x' = x R for a row vector x).
        public let rotation: [Double]
        /// Sum of the singular values of Bᵀ A divided by the fitted words: the mean cosine of a
        /// fitted word's two normalised, centred vectors after the rotation, times their norms.
        public let singularValueSum: Double
    }

    /// Shared words of two spaces, most frequent first: ordered by the larger of their two row
    /// numbers (both files list words by descending frequency), ties by the row in `self`.
    /// - Complexity: O(count) hash lookups, then a sort of the shared words.
    public func sharedWords(with other: Embeddings) -> [(word: String, row: Int, otherRow: Int)] {
        var shared: [(word: String, row: Int, otherRow: Int)] = []
        for (row, word) in words.enumerated() where self.row(of: word) == row {
            if let otherRow = other.row(of: word) { shared.append((word, row, otherRow)) }
        }
        shared.sort { (Swift.max($0.row, $0.otherRow), $0.row) < (Swift.max($1.row, $1.otherRow), $1.row) }
        return shared
    }

    /// Unit-normalised rows in `Double`, minus the mean of the unit rows listed in `centreRows`
    /// (no centring when it is empty).
    func centredUnitRows(centreOn centreRows: [Int]) -> (rows: [Double], mean: [Double]) {
        let d = dimension, unitVectors = self.unitVectors
        var mean = [Double](repeating: 0, count: d)
        for row in centreRows { for k in 0..<d { mean[k] += Double(unitVectors[row * d + k]) } }
        if !centreRows.isEmpty { for k in 0..<d { mean[k] /= Double(centreRows.count) } }
        var rows = [Double](repeating: 0, count: count * d)
        for row in 0..<count { for k in 0..<d { rows[row * d + k] = Double(unitVectors[row * d + k]) - mean[k] } }
        return (rows, mean)
    }

    /// This space (B) rotated into the space of `target` (A) by orthogonal Procrustes
    /// (Schönemann 1966, "A generalized solution of the orthogonal Procrustes problem"; as in
    /// HistWords' `smart_procrustes_align_gensim`, Hamilton, Leskovec & Jurafsky 2016,
    /// "Diachronic word embeddings reveal statistical laws of semantic change").
    ///
    /// Both spaces are first unit-normalised row by row, then mean-centred on the fitted words
    /// (each space minus its own mean; Hamilton et al. normalise and centre so that the common
    /// direction all word2vec vectors share does not dominate). With Â and B̂ the fitted words'
    /// rows, R = U Vᵀ from the SVD Bᵀ A = U Σ Vᵀ minimises ||B̂ R - Â||_F over orthogonal R.
    /// Every row of B (shared or not) is returned as (unit(b) - mean_B) R + mean_A, i.e. in A's
    /// unit-normalised coordinates.
    ///
    /// - Parameter frequentWords: fit on only the N most frequent shared words (`sharedWords`).
    /// - Throws: `invalidArgument` for different dimensions or fewer fitted words than dimensions
    ///   (the rotation would be underdetermined).
    /// - Complexity: O(n x d²) for Bᵀ A over n fitted words, O(d³) per Jacobi sweep, O(count x d²)
    ///   to rotate every row.
    public func aligned(to target: Embeddings, frequentWords: Int? = nil) throws -> (embeddings: Embeddings, alignment: Alignment) {
        let d = dimension
        guard target.dimension == d else {
            throw EmbeddingsError.invalidArgument("the two spaces have different dimensions (\(target.dimension) and \(d)); "
                + "alignment needs vectors of the same size")
        }
        let shared = target.sharedWords(with: self)
        let fitted = frequentWords.map { Array(shared.prefix($0)) } ?? shared
        guard fitted.count >= d else {
            throw EmbeddingsError.invalidArgument("only \(fitted.count) shared words to fit on, fewer than the \(d) dimensions: "
                + "the rotation is underdetermined (train both spaces on text with a common vocabulary"
                + (frequentWords != nil && shared.count >= d ? ", or fit on more of the frequent words" : "") + ")")
        }
        let a = target.centredUnitRows(centreOn: fitted.map(\.row))
        let b = centredUnitRows(centreOn: fitted.map(\.otherRow))
        // M = B̂ᵀ Â (d x d).
        var m = [Double](repeating: 0, count: d * d)
        for pair in fitted {
            let ab = pair.row * d, bb = pair.otherRow * d
            for i in 0..<d {
                let bi = b.rows[bb + i]
                if bi == 0 { continue }
                for j in 0..<d { m[i * d + j] += bi * a.rows[ab + j] }
            }
        }
        let svd = SingularValueDecomposition(m, rows: d, columns: d)
        var r = [Double](repeating: 0, count: d * d)  // R = U Vᵀ
        for i in 0..<d {
            for j in 0..<d {
                var s = 0.0
                for k in 0..<d { s += svd.u[i * d + k] * svd.v[j * d + k] }
                r[i * d + j] = s
            }
        }
        var rotated = [Float](repeating: 0, count: count * d)
        var row = [Double](repeating: 0, count: d)
        for w in 0..<count {
            for j in 0..<d { row[j] = a.mean[j] }
            for i in 0..<d {
                let x = b.rows[w * d + i]
                if x == 0 { continue }
                for j in 0..<d { row[j] += x * r[i * d + j] }
            }
            for j in 0..<d { rotated[w * d + j] = Float(row[j]) }
        }
        var after = 0.0, before = 0.0
        for pair in fitted {
            for j in 0..<d {
                let target = a.rows[pair.row * d + j]
                let moved = Double(rotated[pair.otherRow * d + j]) - a.mean[j]
                after += (moved - target) * (moved - target)
                before += (b.rows[pair.otherRow * d + j] - target) * (b.rows[pair.otherRow * d + j] - target)
            }
        }
        let n = Double(fitted.count)
        let alignment = Alignment(sharedWords: shared.count, fittedWords: fitted.count, residual: (after / n).squareRoot(),
                                  residualUnrotated: (before / n).squareRoot(), rotation: r,
                                  singularValueSum: svd.singularValues.reduce(0, +) / n)
        return (Embeddings(words: Array(words), dimension: d, vectors: rotated), alignment)
    }
}
