import Kernels

extension Embeddings {
    /// How an analogy "a is to b as c is to ?" is scored.
    public enum AnalogyMethod: Sendable, Equatable {
        /// 3CosAdd (Mikolov et al. 2013, word2vec.c's `word-analogy`, gensim's `most_similar`):
        /// cos(x, b - a + c) over unit vectors.
        case add
        /// 3CosMul (Levy & Goldberg 2014, eq. 4): cos'(x,b) cos'(x,c) / (cos'(x,a) + epsilon)
        /// with cos' = (1 + cos) / 2 shifted to [0, 1]. The paper uses epsilon = 0.001;
        /// gensim's `most_similar_cosmul` uses 1e-6.
        case mul(epsilon: Float)

        /// Levy & Goldberg's epsilon.
        public static let mul = AnalogyMethod.mul(epsilon: 0.001)
    }

    /// "`a` is to `b` as `c` is to ?": the `k` best words, the three question words excluded
    /// (and listed in `excluded` when they would have ranked, gensim drops them silently).
    /// - Complexity: O(count x dimension), one pass over the unit matrix.
    public func analogy(_ a: String, _ b: String, _ c: String, k: Int = 5, method: AnalogyMethod = .add,
                        restrictVocab: Int? = nil) throws -> RankedAnswer {
        let rows = try [a, b, c].map { try resolve($0) }
        return analogy(rows: (rows[0], rows[1], rows[2]), k: k, method: method, restrictVocab: restrictVocab)
    }

    /// The analogy over row numbers.
    public func analogy(rows: (a: Int, b: Int, c: Int), k: Int, method: AnalogyMethod,
                        restrictVocab: Int? = nil) -> RankedAnswer {
        let limit = Swift.min(count, restrictVocab ?? count)
        let excluded = [rows.a, rows.b, rows.c]
        switch method {
        case .add:
            return nearest(to: offsetQuery(rows), k: k, excludingRows: excluded, restrictVocab: limit)
        case let .mul(epsilon):
            let heap = VectorKernels.withAlignedQueries([rows.a, rows.b, rows.c].map { Array(unitRow($0)) }) { queries, chunks in
                topScores(limit: limit, capacity: k + 3, scorer: CosMulScorer(queries: queries, chunks: chunks, epsilon: epsilon))
            }
            return rankedAnswer(heap.sorted(), k: k, excludingRows: excluded)
        }
    }

    /// Vector arithmetic such as `["king", "-", "man", "+", "woman"]`: the `k` words closest to
    /// the sum of the signed unit vectors, the expression's words excluded (and reported). A
    /// leading "-" negates the first word; words must be separated by "+" or "-".
    public func arithmetic(_ tokens: [String], k: Int = 5) throws -> RankedAnswer {
        let (query, rows) = try expressionQuery(tokens)
        return nearest(to: query, k: k, excludingRows: rows)
    }

    /// The sum of signed unit vectors of an expression and the rows of its words.
    func expressionQuery(_ tokens: [String]) throws -> (query: [Float], rows: [Int]) {
        var sum = [Float](repeating: 0, count: dimension)
        var rows: [Int] = []
        var sign: Float = 1
        var expectWord = true
        for token in tokens {
            if token == "+" || token == "-" {
                guard !expectWord || rows.isEmpty else { throw EmbeddingsError.invalidArgument("two operators in a row at '\(token)'") }
                sign = token == "+" ? 1 : -1
                expectWord = true
                continue
            }
            guard expectWord else {
                throw EmbeddingsError.invalidArgument("expected + or - before '\(token)' (type 'help' for the queries)")
            }
            let row = try resolve(token)
            let unit = unitRow(row)
            for (j, value) in unit.enumerated() { sum[j] += sign * value }
            rows.append(row)
            expectWord = false
        }
        guard !rows.isEmpty, !expectWord else { throw EmbeddingsError.invalidArgument("the expression is empty or ends with an operator") }
        return (sum, rows)
    }

    /// 3CosMul of a row against the padded unit rows of a, b, c stored back to back.
    /// `@unchecked Sendable`: `queries` is only read and outlives the scan.
    struct CosMulScorer: RowScorer, @unchecked Sendable {
        let queries: UnsafePointer<Float>
        let chunks: Int
        let epsilon: Float
        @inline(__always) func score(_ row: UnsafePointer<Float>) -> Float {
            let cos = VectorKernels.paddedDot3(row, queries, chunks: chunks)
            return Embeddings.cosMul(cosA: cos[0], cosB: cos[1], cosC: cos[2], epsilon: epsilon)
        }
    }

    /// `unit(b) - unit(a) + unit(c)` (normalised by the caller).
    func offsetQuery(_ rows: (a: Int, b: Int, c: Int)) -> [Float] {
        let ua = unitRow(rows.a), ub = unitRow(rows.b), uc = unitRow(rows.c)
        return (0..<dimension).map { ub[ub.startIndex + $0] - ua[ua.startIndex + $0] + uc[uc.startIndex + $0] }
    }

    /// The 3CosMul objective of Levy & Goldberg 2014, eq. (4), cosines shifted to [0, 1].
    @inline(__always)
    static func cosMul(cosA: Float, cosB: Float, cosC: Float, epsilon: Float) -> Float {
        ((1 + cosB) / 2) * ((1 + cosC) / 2) / ((1 + cosA) / 2 + epsilon)
    }

    /// Reference for tests: 3CosMul with scalar dot products over every row, fully sorted.
    func scalarCosMul(rows: (a: Int, b: Int, c: Int), k: Int, epsilon: Float) -> RankedAnswer {
        var all: [(row: Int, score: Float)] = []
        unitVectors.withUnsafeBufferPointer { unit in
            let base = unit.baseAddress!
            func cos(_ x: Int, _ y: Int) -> Float { VectorKernels.scalarDot(base + x * dimension, base + y * dimension, dimension) }
            for row in 0..<count {
                all.append((row, Self.cosMul(cosA: cos(row, rows.a), cosB: cos(row, rows.b), cosC: cos(row, rows.c), epsilon: epsilon)))
            }
        }
        all.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        return rankedAnswer(Array(all.prefix(k + 3)), k: k, excludingRows: [rows.a, rows.b, rows.c])
    }
}
