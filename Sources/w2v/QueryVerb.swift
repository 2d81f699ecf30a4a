import Embeddings
import Foundation

/// gensim's KeyedVectors queries beyond neighbours and analogies, shared by `w2v query` and
/// the REPL (one engine, two front ends). Names and answers are gensim's.
enum QueryVerb: String, CaseIterable {
    case doesntMatch = "doesnt_match"
    case nSimilarity = "n_similarity"
    case rankByCentrality = "rank_by_centrality"
    case closerThan = "closer_than"
    case mostSimilarToGiven = "most_similar_to_given"
    case similarByVector = "similar_by_vector"
    case wmdistance

    /// Arguments and meaning, for the help texts.
    var usage: String {
        switch self {
        case .doesntMatch: return "doesnt_match W1 W2 ...            the word furthest from the centre of the others"
        case .nSimilarity: return "n_similarity A1 A2 ... / B1 B2 ...  cosine of the mean raw vectors of two bags of words"
        case .rankByCentrality: return "rank_by_centrality W1 W2 ...      the words by cosine with their normalised mean"
        case .closerThan: return "closer_than A B                   every word more similar to A than B is"
        case .mostSimilarToGiven: return "most_similar_to_given A W1 W2 ... the Wi most similar to A"
        case .similarByVector: return "similar_by_vector X1 X2 ... Xd    the k words nearest a raw vector (nothing excluded)"
        case .wmdistance: return "wmdistance W1 W2 ... / V1 V2 ...  Word Mover's Distance of two sentences"
        }
    }

    static var help: String { allCases.map { "  " + $0.usage }.joined(separator: "\n") }

    struct Answer: Encodable {
        let verb: String
        var word: String? = nil
        var score: Float? = nil
        var similarity: Float? = nil
        var distance: Double? = nil
        var ranked: [Embeddings.ScoredWord]? = nil
        var words: [String]? = nil
        var answers: [Embeddings.Neighbour]? = nil
        /// Words not in the vocabulary, left out as gensim does.
        var ignored: [String]? = nil
    }

    /// Answers the verb on `arguments` (the words after it).
    func answer(_ arguments: [String], _ embeddings: Embeddings, k: Int) throws -> Answer {
        var answer = Answer(verb: rawValue)
        switch self {
        case .doesntMatch:
            let (word, ignored) = try embeddings.doesntMatch(arguments)
            answer.word = word
            answer.ignored = ignored
        case .rankByCentrality:
            let (ranked, ignored) = try embeddings.rankByCentrality(arguments)
            answer.ranked = ranked
            answer.ignored = ignored
        case .nSimilarity:
            let (a, b) = try Self.twoLists(arguments, verb: rawValue)
            let (similarity, ignored) = try embeddings.nSimilarity(a, b)
            answer.similarity = similarity
            answer.ignored = ignored
        case .wmdistance:
            let (a, b) = try Self.twoLists(arguments, verb: rawValue)
            let (distance, ignored) = try embeddings.wordMoversDistance(a, b)
            answer.distance = distance
            answer.ignored = ignored
        case .closerThan:
            guard arguments.count == 2 else { throw EmbeddingsError.invalidArgument("closer_than takes two words, got \(arguments.count)") }
            answer.words = try embeddings.closerThan(arguments[0], arguments[1])
        case .mostSimilarToGiven:
            guard arguments.count >= 2 else { throw EmbeddingsError.invalidArgument("most_similar_to_given takes a word and at least one candidate") }
            let best = try embeddings.mostSimilarToGiven(arguments[0], Array(arguments.dropFirst()))
            answer.word = best.word
            answer.score = best.score
        case .similarByVector:
            let values = try arguments.map { text -> Float in
                guard let value = Float(text) else { throw EmbeddingsError.invalidArgument("similar_by_vector: '\(text)' is not a number") }
                return value
            }
            answer.answers = try embeddings.similarByVector(values, k: k).answers
        }
        return answer
    }

    /// Two word lists separated by a lone "/".
    static func twoLists(_ arguments: [String], verb: String) throws -> ([String], [String]) {
        guard let slash = arguments.firstIndex(of: "/"), arguments.filter({ $0 == "/" }).count == 1 else {
            throw EmbeddingsError.invalidArgument("\(verb) takes two word lists separated by ' / ', e.g. '\(verb) a b / c d'")
        }
        return (Array(arguments[..<slash]), Array(arguments[(slash + 1)...]))
    }

    /// One line of text for an answer.
    static func render(_ answer: Answer) -> String {
        var parts: [String] = []
        if let word = answer.word { parts.append(answer.score.map { "\(word) \(fixed($0))" } ?? word) }
        if let similarity = answer.similarity { parts.append(fixed(similarity)) }
        if let distance = answer.distance { parts.append(fixed(distance, 6)) }
        if let ranked = answer.ranked { parts.append(ranked.map { "\($0.word) \(fixed($0.score))" }.joined(separator: ", ")) }
        if let words = answer.words { parts.append("\(words.count) words" + (words.isEmpty ? "" : ": " + words.joined(separator: " "))) }
        if let answers = answer.answers { parts.append(answers.map { "\($0.word) \(fixed($0.score))" }.joined(separator: ", ")) }
        if let ignored = answer.ignored, !ignored.isEmpty { parts.append("[not in the vocabulary, ignored: \(ignored.joined(separator: " "))]") }
        return parts.joined(separator: " ")
    }
}
