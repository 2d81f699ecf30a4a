import Embeddings

/// The three pictures of `w2v plot`, built from `Embeddings` values (no training state).
public enum EmbeddingPictures {
    /// Errors a picture can meet; `description` says what to do.
    public enum PictureError: Error, CustomStringConvertible, Equatable {
        case noKnownWords(String)
        case tooFewPoints(String)
        /// More labelled points than `LabelLayout.maximumLabels`.
        case tooManyPoints(Int)
        public var description: String {
            switch self {
            case let .noKnownWords(what): return "no word of \(what) is in the vocabulary"
            case let .tooFewPoints(what): return what
            case let .tooManyPoints(n):
                return "\(n) known words to label, but a picture labels at most \(LabelLayout.maximumLabels): placing labels costs O(n²) per round, and more would not be legible"
            }
        }
    }

    /// The distinct rows of the known `words` (looked up exactly, then in lowercase) and the
    /// unknown words; throws when no word is known, or more than `LabelLayout.maximumLabels` are.
    /// - Complexity: O(words).
    static func knownRows(_ e: Embeddings, _ words: [String]) throws -> (rows: [Int], missing: [String]) {
        var rows: [Int] = [], seen = Set<Int>()
        var missing: [String] = []
        for word in words {
            if let row = e.lookup(word) { if seen.insert(row).inserted { rows.append(row) } } else { missing.append(word) }
        }
        guard !rows.isEmpty else { throw PictureError.noKnownWords("the word list (\(words.prefix(5).joined(separator: ", "))...)") }
        guard rows.count <= LabelLayout.maximumLabels else { throw PictureError.tooManyPoints(rows.count) }
        return (rows, missing)
    }

    /// Unit vector of a row, in `Double`.
    static func unitRow(_ e: Embeddings, _ row: Int) -> [Double] {
        (0..<e.dimension).map { Double(e.unitVectors[row * e.dimension + $0]) }
    }

    /// A 2-D PCA map of `words` (unit vectors; sklearn-style centred PCA), coloured by `groups`
    /// (word -> group index, e.g. `w2v cluster --output` classes) when given.
    /// Returns the plot and the words left out as unknown.
    public static func map(_ e: Embeddings, words: [String], groups: [String: Int] = [:], title: String? = nil) throws
        -> (plot: ScatterPlot, missing: [String]) {
        let (rows, missing) = try knownRows(e, words)
        guard rows.count >= 3 else { throw PictureError.tooFewPoints("a map needs at least three known words, found \(rows.count)") }
        let points = rows.map { unitRow(e, $0) }
        let pca = PrincipalComponents(points: points, count: 2)
        var plot = ScatterPlot(title: title ?? "PCA map of \(rows.count) words",
                               xAxis: "first principal component (\(percent(pca.explainedShare[0])) of the variance)",
                               yAxis: "second principal component (\(percent(pca.explainedShare.count > 1 ? pca.explainedShare[1] : 0)))")
        let usedGroups = Set(rows.compactMap { groups[e.words[$0]] }).sorted()
        let groupIndex = Dictionary(uniqueKeysWithValues: usedGroups.enumerated().map { ($1, $0) })
        for (i, row) in rows.enumerated() {
            let xy = pca.project(points[i])
            plot.points.append(.init(x: xy[0], y: xy.count > 1 ? xy[1] : 0, label: e.words[row],
                                     group: groups[e.words[row]].flatMap { groupIndex[$0] }))
        }
        if !usedGroups.isEmpty && usedGroups.count <= 12 { plot.legend = usedGroups.map { "cluster \($0)" } }
        return (plot, missing)
    }

    /// Bolukbasi et al. 2016's picture: each word at x = its projection on the bias direction
    /// (cos(w, g)) and y = its coordinate on the first principal component of the listed words
    /// with their g component removed (so the two axes are orthogonal).
    public static func bias(_ e: Embeddings, words: [String], direction: Embeddings.BiasDirection, title: String? = nil) throws
        -> (plot: ScatterPlot, missing: [String]) {
        let (rows, missing) = try knownRows(e, words)
        guard rows.count >= 2 else { throw PictureError.tooFewPoints("a bias picture needs at least two known words, found 1") }
        let g = direction.vector.map(Double.init)
        let projections = rows.map { Double(e.projection(row: $0, on: direction.vector)) }
        let rest = zip(rows, projections).map { row, p in zip(unitRow(e, row), g).map { $0 - p * $1 } }
        let pca = PrincipalComponents(points: rest, count: 1)
        let first = direction.pairs.first ?? ["", ""]
        var plot = ScatterPlot(title: title ?? "Projection on the \(first[0])-\(first[1]) direction (Bolukbasi et al. 2016)",
                               xAxis: "← toward \(direction.pairs.map { $0[1] }.prefix(3).joined(separator: ", "))    cos(word, g)    "
                                   + "toward \(direction.pairs.map { $0[0] }.prefix(3).joined(separator: ", ")) →",
                               yAxis: "first principal component of the words without g (\(percent(pca.explainedShare[0])))")
        for (i, row) in rows.enumerated() {
            plot.points.append(.init(x: projections[i], y: pca.project(rest[i])[0], label: e.words[row], group: projections[i] >= 0 ? 0 : 1))
        }
        return (plot, missing)
    }

    /// HistWords' picture (Hamilton et al. 2016, Fig. 1): `word`'s `k` nearest neighbours in
    /// `old` and in `new` (B already rotated onto A, e.g. by `aligned(to:)`), all in one 2-D PCA
    /// of their vectors, with an arrow from the word's old position to its new one.
    public static func drift(old: Embeddings, new alignedNew: Embeddings, word: String, k: Int = 8,
                             oldName: String = "A", newName: String = "B") throws -> ScatterPlot {
        guard let oldRow = old.lookup(word), let newRow = alignedNew.lookup(word) else {
            throw PictureError.noKnownWords("'\(word)' (it must be in both files)")
        }
        let shared = Set(old.sharedWords(with: alignedNew).map(\.word))
        let oldNeighbours = old.nearest(to: unitRow(old, oldRow).map(Float.init), k: k, excludingRows: [oldRow],
                                        restrictVocab: nil).answers.filter { shared.contains($0.word) }
        let newNeighbours = alignedNew.nearest(to: unitRow(alignedNew, newRow).map(Float.init), k: k, excludingRows: [newRow],
                                               restrictVocab: nil).answers.filter { shared.contains($0.word) }
        var points: [[Double]] = [unitRow(old, oldRow), unitRow(alignedNew, newRow)]
        var labels = ["\(old.words[oldRow]) (\(oldName))", "\(alignedNew.words[newRow]) (\(newName))"]
        var groups: [Int?] = [0, 1]
        for n in oldNeighbours { points.append(unitRow(old, n.row)); labels.append(n.word); groups.append(0) }
        for n in newNeighbours { points.append(unitRow(alignedNew, n.row)); labels.append(n.word); groups.append(1) }
        let pca = PrincipalComponents(points: points, count: 2)
        var plot = ScatterPlot(title: "'\(old.words[oldRow])': nearest neighbours in \(oldName) and in \(newName) (aligned)",
                               xAxis: "first principal component of the plotted vectors (\(percent(pca.explainedShare[0])))",
                               yAxis: "second principal component (\(percent(pca.explainedShare[1])))")
        for (i, point) in points.enumerated() {
            let xy = pca.project(point)
            plot.points.append(.init(x: xy[0], y: xy[1], label: labels[i], group: groups[i], emphasised: i < 2))
        }
        plot.arrows = [(0, 1)]
        plot.legend = ["neighbours in \(oldName)", "neighbours in \(newName)"]
        plot.zeroLines = false
        return plot
    }

    static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return "\(value)%"
    }
}
