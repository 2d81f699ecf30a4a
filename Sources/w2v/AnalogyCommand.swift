import Embeddings

/// `w2v analogy`: "A is to B as C is to ?".
enum AnalogyCommand: Command {
    static let name = "analogy"
    static let summary = "solve 'A is to B as C is to ?' (3CosAdd or 3CosMul)"
    static let help = """
    usage: w2v analogy VECTORS A B C [-k 5] [--method add|mul] [options]

    Answers "A is to B as C is to ?" with the words closest to B - A + C. The question words
    are excluded from the answers; the output lists those that would have ranked (gensim drops
    them silently).

      --method add       3CosAdd (default; word2vec.c, gensim most_similar): cos(x, B - A + C)
      --method mul       3CosMul (Levy & Goldberg 2014): cos'(x,B) cos'(x,C) / (cos'(x,A) + epsilon),
                         with cos' = (1 + cos) / 2
      --epsilon E        3CosMul's epsilon (default 0.001 as in the paper; gensim uses 1e-6)
      -k N               answers (default 5)
      --restrict-vocab N search only the first N rows
    \(IndexOptions.help)
    \(QueryOptions.help)
    """

    struct Output: Encodable {
        let question: [String]
        let method: String
        let answers: [Embeddings.Neighbour]
        let excluded: [Embeddings.ExcludedWord]
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let k = try arguments.int("-k", aliases: ["--k"], default: 5, range: 1...100_000)
        let methodName = try arguments.option("--method") ?? "add"
        let epsilon = try arguments.double("--epsilon", default: 0.001, range: 1e-12...1)
        let restrict = try arguments.int("--restrict-vocab", default: Int.max, range: 1...Int.max)
        let indexOptions = try IndexOptions.parse(&arguments)
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 4...4, names: "VECTORS, A, B and C")
        let method: Embeddings.AnalogyMethod
        switch methodName {
        case "add": method = .add
        case "mul": method = .mul(epsilon: Float(epsilon))
        default: throw UsageError(message: "--method must be add or mul, got '\(methodName)'")
        }
        if indexOptions.path != nil && methodName != "add" {
            throw UsageError(message: "--index searches 3CosAdd only (--method add); 3CosMul needs the exact scan")
        }
        let embeddings = try options.load(positionals[0], composing: Array(positionals[1...3]))
        let (a, b, c) = (positionals[1], positionals[2], positionals[3])
        let search = try indexOptions.search(for: embeddings, timing: options.timing)
        let start = ContinuousClock.now
        let result = try search.map { try $0.analogy(a, b, c, k: k, restrictVocab: restrict) }
            ?? embeddings.analogy(a, b, c, k: k, method: method, restrictVocab: restrict)
        if options.timing {
            printError("timing: query in \(milliseconds(start.duration(to: .now))) ms")
            if let search { IndexOptions.reportCost(search) }
        }
        let label = methodName == "add" ? "3CosAdd" : "3CosMul"
        if options.json {
            try printJSON(Output(question: [a, b, c], method: label, answers: result.answers, excluded: result.excluded))
            return ExitStatus.success
        }
        print("\(a) is to \(b) as \(c) is to ?   (\(label): \(methodName == "add" ? "\(b) - \(a) + \(c)" : "cos'(x,\(b)) cos'(x,\(c)) / (cos'(x,\(a)) + \(epsilon))"))")
        for line in rankedLines(result.answers) { print(line) }
        print(result.excluded.isEmpty ? "question words excluded from the answers (none would have ranked): \(a), \(b), \(c)"
                                      : "question words excluded from the answers: " + excludedText(result.excluded))
        return ExitStatus.success
    }
}
