import Embeddings

/// `w2v query`: gensim's other KeyedVectors queries, one per run.
enum QueryCommand: Command {
    static let name = "query"
    static let summary = "gensim's queries: doesnt_match, n_similarity, closer_than, wmdistance, ..."
    static let help = """
    usage: w2v query VECTORS VERB ARGUMENTS... [-k 10] [options]

    Answers one of gensim's KeyedVectors queries with gensim's definitions (unit or raw
    vectors, exclusions and tie order as gensim; docs/index-and-queries.md lists them). Words
    not in the vocabulary are ignored where gensim ignores them, and listed. The same verbs
    work in 'w2v repl'.
    \(QueryVerb.help)

      -k N               answers of similar_by_vector (default 10)
    \(QueryOptions.help)

    Exit status: 0 success, 1 bad input (e.g. fewer than two known words for doesnt_match),
    2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let k = try arguments.int("-k", aliases: ["--k"], default: 10, range: 1...100_000)
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 2...Int.max, names: "VECTORS and VERB")
        guard let verb = QueryVerb(rawValue: positionals[1]) else {
            throw UsageError(message: "unknown query '\(positionals[1])'; one of \(QueryVerb.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let embeddings = try options.load(positionals[0])
        let start = ContinuousClock.now
        let answer = try verb.answer(Array(positionals.dropFirst(2)), embeddings, k: k)
        if options.timing { printError("timing: query in \(milliseconds(start.duration(to: .now))) ms") }
        if options.json { try printJSON(answer) } else { print(QueryVerb.render(answer)) }
        return ExitStatus.success
    }
}
