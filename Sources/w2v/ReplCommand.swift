import Embeddings
import Foundation

/// `w2v repl`: load once, answer one query per line from standard input.
enum ReplCommand: Command {
    static let name = "repl"
    static let summary = "answer queries typed or piped one per line (vectors loaded once)"
    static let help = """
    usage: w2v repl VECTORS [-k 5] [options]

    Reads queries from standard input, one per line, and writes exactly one answer line per
    input line (an empty line for an empty one), so it works in a pipe for batch use. The
    vectors are loaded and normalised once.
      king - man + woman   vector arithmetic over unit vectors; the words are excluded
      nn paris             nearest neighbours (a lone word does the same)
      analogy a b c        3CosAdd: a is to b as c is to ?
      sim cat dog          cosine similarity
      bias nurse           projection on the gender direction of corpora/bias/definitional_pairs.json
    gensim's queries (as 'w2v query'; two lists are separated by ' / '):
    \(QueryVerb.help)
      help, quit
    Answers: 'word score' items separated by commas, then the excluded query words that would
    have ranked as [excluded: word #rank]. Errors are answered as 'error: ...'. With --json,
    one JSON object per line. --timing reports the mean time per query at the end.

      -k N               answers per query (default 5)
    \(IndexOptions.help)
    \(QueryOptions.help)
    """

    struct Answer: Encodable {
        let input: String
        var answers: [Embeddings.Neighbour]? = nil
        var excluded: [Embeddings.ExcludedWord]? = nil
        var similarity: Float? = nil
        var projection: Float? = nil
        var help: String? = nil
        var query: QueryVerb.Answer? = nil
        var error: String? = nil
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let k = try arguments.int("-k", aliases: ["--k"], default: 5, range: 1...100_000)
        let indexOptions = try IndexOptions.parse(&arguments)
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 1...1, names: "VECTORS")
        let embeddings = try options.load(positionals[0])
        let search: any NeighbourSearch = try indexOptions.search(for: embeddings, timing: options.timing) ?? NeighbourIndex(embeddings)
        let session = Session(index: search, k: k)
        let interactive = isatty(0) != 0
        var queries = 0
        var queryTime = Duration.zero
        while true {
            if interactive {
                FileHandle.standardError.write(Data("> ".utf8))
            }
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "quit" || trimmed == "exit" { break }
            let start = ContinuousClock.now
            let answer = session.answer(trimmed)
            if !trimmed.isEmpty { queryTime += start.duration(to: .now); queries += 1 }
            if options.json {
                try printJSON(answer, compact: true)
            } else {
                print(Session.render(answer))
            }
            fflush(nil)  // every answer leaves at once, for pipes driven line by line
        }
        if options.timing && queries > 0 {
            printError("timing: \(queries) queries in \(milliseconds(queryTime)) ms (\(milliseconds(queryTime / queries)) ms each)")
            IndexOptions.reportCost(search)
        }
        return ExitStatus.success
    }

    /// The loaded vectors and the lazily computed gender direction.
    final class Session {
        let index: any NeighbourSearch
        var embeddings: Embeddings { index.embeddings }
        let k: Int
        private var direction: Result<Embeddings.BiasDirection, Error>?

        init(index: any NeighbourSearch, k: Int) {
            self.index = index
            self.k = k
        }

        func answer(_ line: String) -> Answer {
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            do {
                guard let first = tokens.first else { return Answer(input: line) }
                switch first {
                case "help":
                    return Answer(input: line, help: "queries: 'a - b + c', 'nn word', 'analogy a b c', 'sim a b', 'bias word', \(QueryVerb.allCases.map { "'\($0.rawValue) ...'" }.joined(separator: ", ")), 'quit'")
                case "nn" where tokens.count == 2:
                    return ranked(line, try index.neighbours(of: tokens[1], k: k))
                case "analogy" where tokens.count == 4:
                    return ranked(line, try index.analogy(tokens[1], tokens[2], tokens[3], k: k))
                case "sim" where tokens.count == 3:
                    return Answer(input: line, similarity: try embeddings.similarity(tokens[1], tokens[2]))
                case "bias" where tokens.count == 2:
                    let row = try embeddings.resolve(tokens[1])
                    return Answer(input: line, projection: embeddings.projection(row: row, on: try genderDirection().vector))
                case "nn", "analogy", "sim", "bias":
                    throw EmbeddingsError.invalidArgument("'\(first)' takes \(["nn": 1, "analogy": 3, "sim": 2, "bias": 1][first]!) word(s)")
                default:
                    if let verb = QueryVerb(rawValue: first) {
                        return Answer(input: line, query: try verb.answer(Array(tokens.dropFirst()), embeddings, k: k))
                    }
                    return ranked(line, try index.arithmetic(tokens, k: k))
                }
            } catch {
                return Answer(input: line, error: "\(error)")
            }
        }

        func genderDirection() throws -> Embeddings.BiasDirection {
            if direction == nil {
                direction = Result {
                    let pairs = try DataFiles.pairList(DataFiles.locate("bias/definitional_pairs.json", option: nil))
                    return try embeddings.biasDirection(pairs: pairs)
                }
            }
            return try direction!.get()
        }

        func ranked(_ line: String, _ result: Embeddings.RankedAnswer) -> Answer {
            Answer(input: line, answers: result.answers, excluded: result.excluded)
        }

        /// One line of text for an answer.
        static func render(_ answer: Answer) -> String {
            if let error = answer.error { return "error: " + error }
            if let help = answer.help { return help }
            if let query = answer.query { return QueryVerb.render(query) }
            if let similarity = answer.similarity { return fixed(similarity) }
            if let projection = answer.projection { return fixed(projection) }
            guard let answers = answer.answers else { return "" }
            var text = answers.map { "\($0.word) \(fixed($0.score))" }.joined(separator: ", ")
            if let excluded = answer.excluded, !excluded.isEmpty {
                text += " [excluded: " + excluded.map { "\($0.word) #\($0.rank)" }.joined(separator: ", ") + "]"
            }
            return text
        }
    }
}
