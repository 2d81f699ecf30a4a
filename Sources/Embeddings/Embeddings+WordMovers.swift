extension Embeddings {
    /// Word Mover's Distance between two documents (Kusner, Sun, Kolkin & Weinberger 2015,
    /// "From Word Embeddings To Document Distances"), as gensim's `wmdistance(d1, d2)`:
    /// unknown words are dropped, each document becomes its normalised bag of words
    /// (count / length), and the distance is the least cost of moving one bag onto the other
    /// with the Euclidean distance of unit vectors as the cost per unit.
    ///
    /// The bags are scaled to integers (word counts x the other document's length, total
    /// length1 x length2) and solved exactly by `TransportProblem`, then divided back.
    /// Differences from gensim: a document with no known word is an error (gensim returns inf),
    /// and rows whose distances are all zero give 0 (gensim returns inf, POT's emd stalls there).
    /// - Complexity: O(u x v x dimension) distances for u and v distinct words, plus the solver.
    public func wordMoversDistance(_ first: [String], _ second: [String]) throws -> (distance: Double, ignored: [String]) {
        let a = knownRows(first), b = knownRows(second)
        guard !a.rows.isEmpty, !b.rows.isEmpty else {
            throw EmbeddingsError.invalidArgument("Word Mover's Distance needs a known word in each document (\(a.rows.count) and \(b.rows.count) known)")
        }
        func bag(_ rows: [Int]) -> (rows: [Int], counts: [Int]) {
            var order: [Int] = [], counts: [Int: Int] = [:]
            for row in rows {
                if counts[row] == nil { order.append(row) }
                counts[row, default: 0] += 1
            }
            return (order, order.map { counts[$0]! })
        }
        let (rowsA, countsA) = bag(a.rows), (rowsB, countsB) = bag(b.rows)
        let cost = rowsA.map { x in rowsB.map { y in unitDistance(x, y) } }
        let problem = try TransportProblem(supply: countsA.map { $0 * b.rows.count }, demand: countsB.map { $0 * a.rows.count }, cost: cost)
        return (problem.solve().cost / Double(a.rows.count * b.rows.count), a.ignored + b.ignored)
    }

    /// Euclidean distance of two unit rows, in Double (as scipy's `cdist`).
    func unitDistance(_ x: Int, _ y: Int) -> Double {
        var sum = 0.0
        for j in 0..<dimension {
            let d = Double(unitVectors[x * dimension + j]) - Double(unitVectors[y * dimension + j])
            sum += d * d
        }
        return sum.squareRoot()
    }
}
