import Embeddings
import Pictures

/// `w2v plot`: SVG pictures of vectors (PCA maps, bias projections, drift of a word).
enum PlotCommand: Command {
    static let name = "plot"
    static let summary = "draw SVG pictures: a PCA map, a bias projection, a word's drift"
    static let help = """
    usage: w2v plot map VECTORS (--words W1,W2,... | --file FILE | --top N) [--clusters FILE] --output PICTURE.svg
           w2v plot bias VECTORS [--words FILE] [--pairs FILE] [--top N] --output PICTURE.svg
           w2v plot drift A B --word W [-k K] [--frequent N] --output PICTURE.svg

    Self-contained SVG files (any browser shows them); labels are spread by a repulsion pass so
    they do not overlap, and the axes say what they mean.
      map    the chosen words on the first two principal components of their unit vectors
             (--method pca, the only one); coloured by cluster with --clusters ('word cluster'
             lines of 'w2v cluster --output')
      bias   words placed by their projection on the gender direction (x; the first principal
             component of the definitional pairs, as 'w2v bias') against the first principal
             component of the words with that direction removed (y), as Bolukbasi et al. 2016's
             figures; default words: the --top 40 professions of corpora/bias/professions.json
             with the largest |projection|
      drift  W and its k nearest neighbours in A and in B (B rotated onto A as 'w2v align'), on
             the first two principal components of all of them, with an arrow from W in A to W in
             B (Hamilton et al. 2016's figure)

      --output FILE      the SVG file (required), written atomically
      --words LIST|FILE  map: comma-separated words; bias: a word-list file
      --file FILE        map: a word-list file (JSON or one per line)
      --top N            map: the N most frequent words; bias: the N most extreme words
                         (at most 1000: labels are placed in O(N²) per round)
      --clusters FILE    map: colour by cluster
      --method pca       map: the projection (only pca)
      --pairs FILE       bias: definitional pairs (default corpora/bias/definitional_pairs.json)
      --word W           drift: the word
      -k K               drift: neighbours in each space (default 8)
      --frequent N       drift: fit the rotation on the N most frequent shared words
      --title TEXT       another title
    \(QueryOptions.help)

    Exit status: 0 success, 1 bad input (no known word), 2 invalid command line (or output = input).
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        guard let output = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output PICTURE.svg is required")
        }
        let wordsText = try arguments.option("--words")
        let filePath = try arguments.option("--file")
        let topText = try arguments.option("--top")
        let clustersPath = try arguments.option("--clusters")
        let method = try arguments.option("--method") ?? "pca"
        let pairsPath = try arguments.option("--pairs")
        let word = try arguments.option("--word")
        let k = try arguments.int("-k", default: 8, range: 1...200)
        let frequent = try arguments.option("--frequent").map { text -> Int in
            guard let n = Int(text), n >= 1 else { throw UsageError(message: "--frequent expects a whole number >= 1, got '\(text)'") }
            return n
        }
        let title = try arguments.option("--title")
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 2...3, names: "the picture (map, bias or drift) and VECTORS")
        let top = try topText.map { text -> Int in
            guard let n = Int(text), (1...LabelLayout.maximumLabels).contains(n) else {
                throw UsageError(message: "--top expects a whole number in 1...\(LabelLayout.maximumLabels) (the most labels a picture places), got '\(text)'")
            }
            return n
        }
        guard method == "pca" else { throw UsageError(message: "--method must be pca, got '\(method)'") }
        let kind = positionals[0]
        let inputs = Array(positionals.dropFirst())
        guard ["map", "bias", "drift"].contains(kind) else { throw UsageError(message: "unknown picture '\(kind)'; use map, bias or drift") }
        guard inputs.count == (kind == "drift" ? 2 : 1) else {
            throw UsageError(message: kind == "drift" ? "plot drift needs two vectors files A and B" : "plot \(kind) needs one vectors file")
        }
        try checkWritable(output)

        var plot: ScatterPlot
        var missing: [String] = []
        switch kind {
        case "map":
            let sources = [wordsText, filePath, topText].compactMap { $0 }.count
            guard sources == 1 else { throw UsageError(message: "plot map needs exactly one of --words, --file, --top") }
            let listed = try wordsText.map { $0.split(separator: ",").map(String.init) } ?? filePath.map(DataFiles.wordList)
            let groups = try clustersPath.map(readClusters) ?? [:]
            let e = try options.load(inputs[0])
            let words = listed ?? Array(e.words.prefix(top!))
            (plot, missing) = try EmbeddingPictures.map(e, words: words, groups: groups, title: title)
        case "bias":
            let pairs = try DataFiles.pairList(pairsPath ?? DataFiles.locate("bias/definitional_pairs.json", option: "--pairs"))
            let listed = try DataFiles.wordList(wordsText ?? DataFiles.locate("bias/professions.json", option: "--words"))
            let e = try options.load(inputs[0])
            let direction = try e.biasDirection(pairs: pairs)
            var words = listed
            let limit = top ?? (wordsText == nil ? 40 : Int.max)
            let known = e.projections(of: listed, on: direction).projections
            if known.count > limit {
                let extreme = known.sorted { abs($0.projection) > abs($1.projection) }.prefix(limit)
                words = extreme.map(\.word)
            }
            (plot, missing) = try EmbeddingPictures.bias(e, words: words, direction: direction, title: title)
            missing = listed.filter { e.lookup($0) == nil }
        default:
            guard let word else { throw UsageError(message: "plot drift needs --word W") }
            let a = try options.load(inputs[0]), b = try options.load(inputs[1])
            let (aligned, _) = try b.aligned(to: a, frequentWords: frequent)
            plot = try EmbeddingPictures.drift(old: a, new: aligned, word: word, k: k,
                                               oldName: shortName(inputs[0]), newName: shortName(inputs[1]))
            if let title { plot.title = title }
        }
        let writer = try AtomicFileWriter(path: output)
        do { try writer.write(plot.render()); try writer.commit() } catch { writer.discard(); throw error }
        print("wrote \(output): \(plot.points.count) points" + (missing.isEmpty ? "" : "; not in the vocabulary (\(missing.count)): "
            + missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")))
        return ExitStatus.success
    }

    /// The file name without directory and extension, for legends.
    static func shortName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// 'word cluster' lines (w2v cluster --output, word2vec.c -classes).
    static func readClusters(_ path: String) throws -> [String: Int] {
        var groups: [String: Int] = [:]
        for (number, line) in try DataFiles.readText(path).split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ")
            if fields.isEmpty { continue }
            guard fields.count == 2, let cluster = Int(fields[1]) else {
                throw EmbeddingsError.malformedListFile(path: path, line: number + 1, reason: "expected 'word cluster'")
            }
            groups[String(fields[0])] = cluster
        }
        return groups
    }
}
