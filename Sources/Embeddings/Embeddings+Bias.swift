#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

extension Embeddings {
    /// A bias direction (Bolukbasi et al. 2016, "Man is to Computer Programmer as Woman is to
    /// Homemaker?", §5): the first principal component of the definitional pairs' differences.
    public struct BiasDirection: Sendable, Encodable {
        /// Unit vector; positive projections lean toward the first word of each pair.
        public let vector: [Float]
        /// Pairs found in the vocabulary (as looked up, e.g. "Mary" read as "mary").
        public let pairs: [[String]]
        /// Pairs left out because a word is not in the vocabulary.
        public let skippedPairs: [[String]]
        /// Share of the pairs' variance along the direction (1 for a single pair). Bolukbasi
        /// et al. report that the first component dominates for gender pairs.
        public let explainedVariance: Double
    }

    /// The direction of Bolukbasi et al. 2016 from definitional pairs such as (woman, man),
    /// (she, he): each pair's two unit vectors minus their mean give two rows, and the first
    /// principal component of those rows (centred, as sklearn's PCA in debiaswe's `doPCA`) is the
    /// direction, oriented so that the first words of the pairs project positively on average.
    /// With one pair this is `unit(a) - unit(b)`, normalised.
    /// - Complexity: O(p^2 x dimension + p^3) for p pairs (PCA through the 2p x 2p Gram matrix).
    public func biasDirection(pairs: [(String, String)]) throws -> BiasDirection {
        var used: [(Int, Int)] = []
        var usedNames: [[String]] = []
        var skipped: [[String]] = []
        for (first, second) in pairs {
            if let a = lookup(first), let b = lookup(second), a != b {
                used.append((a, b))
                usedNames.append([words[a], words[b]])
            } else {
                skipped.append([first, second])
            }
        }
        guard !used.isEmpty else {
            throw EmbeddingsError.invalidArgument("no definitional pair has both words in the vocabulary (skipped: "
                + skipped.map { $0.joined(separator: ":") }.joined(separator: ", ") + ")")
        }
        let d = dimension
        // Rows: u_a - m and u_b - m with m the pair's mean, then centred per column.
        var rows: [[Double]] = []
        for (a, b) in used {
            let ua = unitRow(a), ub = unitRow(b)
            let diff = (0..<d).map { (Double(ua[ua.startIndex + $0]) - Double(ub[ub.startIndex + $0])) / 2 }
            rows.append(diff)
            rows.append(diff.map { -$0 })
        }
        let m = rows.count
        let mean = (0..<d).map { k in rows.reduce(0) { $0 + $1[k] } / Double(m) }
        rows = rows.map { row in (0..<d).map { row[$0] - mean[$0] } }
        var gram = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in i..<m {
                var s = 0.0
                for k in 0..<d { s += rows[i][k] * rows[j][k] }
                gram[i * m + j] = s
                gram[j * m + i] = s
            }
        }
        let (values, vectors) = SymmetricEigen.decompose(gram, n: m)
        // Principal axis = X^T v, normalised.
        var axis = [Double](repeating: 0, count: d)
        for i in 0..<m { for k in 0..<d { axis[k] += rows[i][k] * vectors[0][i] } }
        let norm = axis.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { throw EmbeddingsError.invalidArgument("the definitional pairs have identical vectors; no direction") }
        axis = axis.map { $0 / norm }
        var orientation = 0.0
        for i in stride(from: 0, to: m, by: 2) { for k in 0..<d { orientation += rows[i][k] * axis[k] } }
        if orientation < 0 { axis = axis.map { -$0 } }
        let total = values.reduce(0) { $0 + Swift.max($1, 0) }
        return BiasDirection(vector: axis.map { Float($0) }, pairs: usedNames, skippedPairs: skipped,
                             explainedVariance: total > 0 ? Swift.max(values[0], 0) / total : 1)
    }

    /// A word's projection on a direction: cos(word, direction).
    public struct Projection: Sendable, Equatable, Encodable {
        public let word: String
        public let projection: Float
    }

    /// Projections of `words` on `direction`, largest first; unknown words are returned apart.
    public func projections(of words: [String], on direction: BiasDirection) -> (projections: [Projection], missing: [String]) {
        var result: [Projection] = []
        var missing: [String] = []
        var seen = Set<Int>()
        for word in words {
            guard let row = lookup(word) else { missing.append(word); continue }
            guard seen.insert(row).inserted else { continue }
            result.append(Projection(word: self.words[row], projection: projection(row: row, on: direction.vector)))
        }
        result.sort { $0.projection > $1.projection || ($0.projection == $1.projection && $0.word < $1.word) }
        return (result, missing)
    }

    /// cos(row, direction) for a unit `direction`.
    public func projection(row: Int, on direction: [Float]) -> Float {
        precondition(direction.count == dimension)
        return VectorKernels.dot(unitRow(row), direction, dimension)
    }

    /// DirectBias of Bolukbasi et al. 2016 §6: the mean of |cos(w, g)|^c over gender-neutral
    /// words w (c, the strictness, is 1 in the paper's table).
    public struct DirectBias: Sendable, Equatable, Encodable {
        public let value: Double
        public let strictness: Double
        /// Words that entered the mean.
        public let wordCount: Int
    }

    /// DirectBias over already computed projections.
    public static func directBias(_ projections: [Projection], strictness c: Double = 1) -> DirectBias {
        let sum = projections.reduce(0.0) { $0 + pow(abs(Double($1.projection)), c) }
        return DirectBias(value: projections.isEmpty ? 0 : sum / Double(projections.count),
                          strictness: c, wordCount: projections.count)
    }
}
