import Embeddings

/// `w2v neighbors`: cosine nearest neighbours of each word.
enum NeighborsCommand: Command {
    static let name = "neighbors"
    static let summary = "nearest neighbours of words by cosine similarity"
    static let help = """
    usage: w2v neighbors VECTORS WORD... [-k 10] [--restrict-vocab N] [options]

    For each WORD, the k words with the highest cosine similarity to it (over unit vectors),
    the word itself excluded (the exclusion is shown). A word not in the vocabulary is tried
    in lowercase, then reported with the closest known spellings.

      -k N               neighbours per word (default 10)
      --restrict-vocab N search only the first N rows (the most frequent words)
    \(IndexOptions.help)
    \(QueryOptions.help)
    """

    struct Output: Encodable {
        let query: String
        let word: String
        let neighbours: [Embeddings.Neighbour]
        let excluded: [Embeddings.ExcludedWord]
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let k = try arguments.int("-k", aliases: ["--k"], default: 10, range: 1...100_000)
        let restrict = try arguments.int("--restrict-vocab", default: Int.max, range: 1...Int.max)
        let indexOptions = try IndexOptions.parse(&arguments)
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 2...Int.max, names: "VECTORS and WORD")
        let embeddings = try options.load(positionals[0], composing: Array(positionals.dropFirst()))
        var outputs: [Output] = []
        // Many words: a half-size copy of the matrix pays for itself (same answers, faster scans).
        let search: any NeighbourSearch = try indexOptions.search(for: embeddings, timing: options.timing)
            ?? (positionals.count > 16 ? NeighbourIndex(embeddings) as any NeighbourSearch : ExactSearch(embeddings))
        let start = ContinuousClock.now
        for query in positionals.dropFirst() {
            let result = try search.neighbours(of: query, k: k, restrictVocab: restrict)
            let row = try embeddings.resolve(query)
            outputs.append(Output(query: query, word: embeddings.words[row], neighbours: result.answers, excluded: result.excluded))
        }
        if options.timing {
            let elapsed = start.duration(to: .now)
            printError("timing: \(outputs.count) queries in \(milliseconds(elapsed)) ms (\(milliseconds(elapsed / outputs.count)) ms each)")
            IndexOptions.reportCost(search)
        }
        if options.json {
            try printJSON(outputs)
            return ExitStatus.success
        }
        for (i, output) in outputs.enumerated() {
            if i > 0 { print("") }
            let readAs = output.word == output.query ? "" : " (read as '\(output.word)')"
            print("nearest to '\(output.query)'\(readAs); excluded from the list: '\(output.word)' itself")
            for line in rankedLines(output.neighbours) { print(line) }
        }
        return ExitStatus.success
    }
}
