import Kernels
import Embeddings

/// A trained (or initialised) sequence tagger: the vocabulary of its word table, its tags,
/// the word forms it saw in training (to score unseen words apart) and the network. This is
/// what a tagger model file holds.
///
/// Word lookup: the exact form, else its lowercase form (a lowercased vectors file still
/// covers "The"), else row 0, one shared unknown-word vector that starts at zero and is
/// learned (also under `--freeze`). Case and spelling reach the network through
/// `TokenFeatures`, not the word vector.
public struct SequenceTagger: Sendable {
    public var network: TaggerNetwork<Float>
    /// `words[i]` owns embedding row `i + 1`.
    public let words: [String]
    public let tags: [String]
    /// The token forms of the training data (exact case).
    public let trainingWords: Set<String>
    private let index: [String: Int32]

    public init(network: TaggerNetwork<Float>, words: [String], tags: [String], trainingWords: Set<String>) {
        precondition(words.count + 1 == network.vocabularySize, "SequenceTagger: \(words.count) words for \(network.vocabularySize) rows")
        precondition(tags.count == network.configuration.tags, "SequenceTagger: tag count differs from the network's")
        self.network = network
        self.words = words
        self.tags = tags
        self.trainingWords = trainingWords
        var index = [String: Int32](minimumCapacity: words.count)
        for (i, word) in words.enumerated() where index[word] == nil { index[word] = Int32(i + 1) }
        self.index = index
    }

    /// A new tagger over the vocabulary of `vectors`, the tags of `data`.
    public init(vectors: Embeddings, tags: [String], trainingWords: Set<String>, cell: CellKind, bidirectional: Bool,
                layers: Int, hidden: Int, suffixDimension: Int, initialisation: SentenceClassifier.Initialisation, seed: UInt64) {
        let configuration = TaggerConfiguration(cell: cell, bidirectional: bidirectional, layers: layers, hidden: hidden,
                                                wordDimension: vectors.dimension, suffixDimension: suffixDimension, tags: tags.count)
        let table = SentenceClassifier.initialTable(vectors, initialisation, seed: seed)
        self.init(network: TaggerNetwork(configuration: configuration, embeddings: table, seed: seed),
                  words: Array(vectors.words), tags: tags, trainingWords: trainingWords)
    }

    /// This tagger with rows appended for the `words` it has no row for (neither the form nor
    /// its lowercase) that `vectors` has, as the table's rows were made: a word's vector as the
    /// file gives it (from a fastText `.bin`, composed from its n-grams). For words first met
    /// at prediction time, in the space the table was trained from; the network is unchanged.
    /// `path` names `vectors` in errors.
    /// - Throws: `RecurrentError.dimensionMismatch` when `vectors` are of another width.
    /// - Complexity: O(words x dimension).
    public func adding(_ words: [String], from vectors: Embeddings, path: String) throws -> (tagger: SequenceTagger, added: Int) {
        let d = network.configuration.wordDimension
        guard vectors.dimension == d else { throw RecurrentError.dimensionMismatch(path: path, expected: d, found: vectors.dimension) }
        var network = network, table = self.words, seen = Set<String>()
        for word in words where row(word) == 0 && seen.insert(word).inserted {
            guard let v = vectors.vector(word) else { continue }
            network.embeddings += v
            table.append(word)
        }
        let added = table.count - self.words.count
        return (SequenceTagger(network: network, words: table, tags: tags, trainingWords: trainingWords), added)
    }

    /// The distinct tags of `data`, sorted; at least two are required.
    public static func tags(of data: [TaggedSentence]) throws -> [String] {
        var seen = Set<String>()
        for s in data { seen.formUnion(s.tags) }
        guard seen.count >= 2 else { throw RecurrentError.tooFewTags(path: data.first?.path ?? "-", tags: seen.sorted()) }
        return seen.sorted()
    }

    /// The embedding row of `token` (0 when neither it nor its lowercase form is known).
    public func row(_ token: String) -> Int32 { index[token] ?? index[token.lowercased()] ?? 0 }

    public func encode(_ tokens: [String]) -> EncodedSentence {
        let buckets = network.configuration.suffixBuckets
        return EncodedSentence(words: tokens.map(row), suffixes: tokens.flatMap { TokenFeatures.suffixRows($0, buckets: buckets) },
                               flags: tokens.map(TokenFeatures.flags))
    }

    /// Encodes tagged sentences; a tag the model lacks is refused, listing every such tag.
    public func encode(_ data: [TaggedSentence]) throws -> [TaggedExample] {
        let tagIndex = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1, $0) })
        var unknown: [String] = [], first: (path: String, line: Int)?
        var examples: [TaggedExample] = []
        examples.reserveCapacity(data.count)
        for s in data {
            var indices: [Int] = []
            indices.reserveCapacity(s.tags.count)
            for (t, tag) in s.tags.enumerated() {
                if let i = tagIndex[tag] {
                    indices.append(i)
                } else {
                    if first == nil { first = (s.path, s.lines[t]) }
                    if !unknown.contains(tag) { unknown.append(tag) }
                    indices.append(0)
                }
            }
            examples.append(TaggedExample(sentence: encode(s.tokens), tags: indices))
        }
        if let first { throw RecurrentError.unknownTags(path: first.path, line: first.line, tags: unknown, known: tags) }
        return examples
    }

    /// Share of tokens whose word (or lowercase form) has a vector.
    public func coverage(_ data: [TaggedSentence]) -> (tokens: Int, known: Int) {
        var tokens = 0, known = 0
        for s in data {
            for token in s.tokens {
                tokens += 1
                if row(token) != 0 { known += 1 }
            }
        }
        return (tokens, known)
    }

    /// The tags of every token of every sentence, spread over `workers` threads.
    public func predict(_ sentences: [[String]], workers: Int = 2) -> [[String]] {
        TaggerTrainer.predict(network, sentences.map(encode), workers: workers).map { $0.map { tags[$0] } }
    }

    /// Token, unseen-word, seen-word and sentence accuracy, per-tag scores and confusions on `data`.
    public func evaluate(_ data: [TaggedSentence], workers: Int = 2) throws -> TaggerEvaluation {
        evaluate(data, encoded: try encode(data), workers: workers)
    }

    /// As `evaluate(_:workers:)`, with `examples` = `encode(data)` done by the caller.
    public func evaluate(_ data: [TaggedSentence], encoded examples: [TaggedExample], workers: Int = 2) -> TaggerEvaluation {
        let predictions = TaggerTrainer.predict(network, examples.map(\.sentence), workers: workers)
        var evaluation = TaggerEvaluation(tags: tags)
        for ((s, example), predicted) in zip(zip(data, examples), predictions) {
            evaluation.add(actual: example.tags, predicted: predicted, unseen: s.tokens.map { !trainingWords.contains($0) })
        }
        return evaluation
    }
}
