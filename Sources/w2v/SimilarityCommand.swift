import Embeddings

/// `w2v similarity`: cosine similarity of two words.
enum SimilarityCommand: Command {
    static let name = "similarity"
    static let summary = "cosine similarity of two words"
    static let help = """
    usage: w2v similarity VECTORS WORD1 WORD2 [options]

    Prints the cosine similarity of the two words' vectors. A word not in the vocabulary is
    tried in lowercase; otherwise the error lists the closest known spellings (edit distance
    at most 1, 2 or 3 depending on the word's length, most frequent first).
    \(QueryOptions.help)
    """

    struct Output: Encodable {
        let words: [String]
        let similarity: Float
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 3...3, names: "VECTORS, WORD1 and WORD2")
        let embeddings = try options.load(positionals[0], composing: Array(positionals[1...2]))
        let a = try embeddings.resolveQuery(positionals[1]), b = try embeddings.resolveQuery(positionals[2])
        let similarity = embeddings.cosine(rows: a, b)
        if options.json {
            try printJSON(Output(words: [embeddings.words[a], embeddings.words[b]], similarity: similarity))
        } else {
            print("cos(\(embeddings.words[a]), \(embeddings.words[b])) = \(fixed(similarity))")
        }
        return ExitStatus.success
    }
}
