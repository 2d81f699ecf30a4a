import Kernels
import Corpus
import Embeddings

/// A trained (or initialised) sentence classifier: the tokenizer options, the vocabulary of
/// its embedding table, the labels and the network. This is what a model file holds.
///
/// Out-of-vocabulary policy: every word missing from the vectors file maps to row 0, one
/// shared vector that is learned (also under `--freeze`) and starts at zero. A sentence with
/// no tokens at all is read as one unknown word.
public struct SentenceClassifier: Sendable {
    public var network: RecurrentNetwork<Float>
    /// `words[i]` owns embedding row `i + 1`; row 0 is the unknown word.
    public let words: [String]
    public let labels: [String]
    public let tokenizerOptions: TokenizerOptions
    private let index: [WordKey: Int32]

    public init(network: RecurrentNetwork<Float>, words: [String], labels: [String], tokenizerOptions: TokenizerOptions) {
        precondition(words.count + 1 == network.vocabularySize, "SentenceClassifier: \(words.count) words for \(network.vocabularySize) rows")
        precondition(labels.count == network.configuration.classes, "SentenceClassifier: label count differs from the network's classes")
        self.network = network
        self.words = words
        self.labels = labels
        self.tokenizerOptions = tokenizerOptions
        var index = [WordKey: Int32](minimumCapacity: words.count)
        for (i, word) in words.enumerated() where index[WordKey(word)] == nil { index[WordKey(word)] = Int32(i + 1) }
        self.index = index
    }

    /// How the embedding table starts.
    public enum Initialisation: Sendable {
        /// The rows of the vectors file.
        case pretrained
        /// Gaussian rows with the same standard deviation as the vectors file's values (the
        /// same size), for comparison with `pretrained` (Kim 2014's CNN-rand baseline).
        case random
    }

    /// Refuses vectors whose dimension is not `expected` (when given), e.g. `--dim 100` with
    /// a 300-d file, or vectors meant to replace those of a model of another width.
    public static func requireDimension(of vectors: Embeddings, path: String, expected: Int?) throws {
        if let expected, vectors.dimension != expected {
            throw RecurrentError.dimensionMismatch(path: path, expected: expected, found: vectors.dimension)
        }
    }

    /// A new classifier over the vocabulary of `vectors`.
    public init(vectors: Embeddings, labels: [String], cell: CellKind, bidirectional: Bool, layers: Int, hidden: Int,
                pooling: Pooling, initialisation: Initialisation, tokenizerOptions: TokenizerOptions, seed: UInt64) {
        let configuration = NetworkConfiguration(cell: cell, bidirectional: bidirectional, layers: layers, hidden: hidden,
                                                 pooling: pooling, embeddingDimension: vectors.dimension, classes: labels.count)
        let table = Self.initialTable(vectors, initialisation, seed: seed)
        let network = RecurrentNetwork<Float>(configuration: configuration, embeddings: table, seed: seed)
        self.init(network: network, words: Array(vectors.words), labels: labels, tokenizerOptions: tokenizerOptions)
    }

    /// The embedding table over `vectors`' words: a zero row 0 (the unknown word), then the
    /// vectors or, for `.random`, Gaussian rows with the vectors' standard deviation.
    static func initialTable(_ vectors: Embeddings, _ initialisation: Initialisation, seed: UInt64) -> [Float] {
        var table = [Float](repeating: 0, count: vectors.dimension)
        switch initialisation {
        case .pretrained:
            table += vectors.vectors
        case .random:
            var sum = 0.0, squares = 0.0
            for v in vectors.vectors {
                sum += Double(v)
                squares += Double(v) * Double(v)
            }
            let n = Double(max(vectors.vectors.count, 1))
            let deviation = max(squares / n - (sum / n) * (sum / n), 0).squareRoot()
            var rng = SeededGenerator(seed: seed, stream: 0xE3B, index: 0)
            table += (0..<vectors.vectors.count).map { _ in Float(rng.gaussian() * deviation) }
        }
        return table
    }

    /// Embedding rows of the tokens of `sentence` (0 for unknown words).
    public func encode(_ sentence: String) -> [Int32] {
        let tokens = Tokenizer(options: tokenizerOptions).tokens(in: sentence)
        let ids = tokens.map { index[WordKey($0)] ?? 0 }
        return ids.isEmpty ? [0] : ids
    }

    /// Encodes labelled sentences; every label must be one of `labels`.
    public func encode(_ data: [LabelledSentence]) throws -> [LabelledSequence] {
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        return try data.map { s in
            guard let label = labelIndex[s.label] else {
                throw RecurrentError.unknownLabel(path: s.path, line: s.line, label: s.label, known: labels)
            }
            return LabelledSequence(tokens: encode(s.text), label: label)
        }
    }

    /// Share of tokens found in the vocabulary.
    public func coverage(_ data: [LabelledSentence]) -> (tokens: Int, known: Int) {
        let tokenizer = Tokenizer(options: tokenizerOptions)
        var tokens = 0, known = 0
        for s in data {
            for token in tokenizer.tokens(in: s.text) {
                tokens += 1
                if index[WordKey(token)] != nil { known += 1 }
            }
        }
        return (tokens, known)
    }

    /// The most probable label of one sentence.
    public struct Prediction: Sendable {
        public let label: String
        public let probability: Float
        /// One per label, in `labels` order.
        public let probabilities: [Float]
    }

    public func predict(_ sentence: String) -> Prediction {
        prediction(network.probabilities(batch: [encode(sentence)])[0])
    }

    /// Predictions for many sentences, spread over `workers` threads.
    public func predict(_ sentences: [String], workers: Int = 2) -> [Prediction] {
        Trainer.predict(network, sentences.map(encode), workers: workers).map(prediction)
    }

    private func prediction(_ p: [Float]) -> Prediction {
        let best = p.indices.max { p[$0] < p[$1] }!
        return Prediction(label: labels[best], probability: p[best], probabilities: p)
    }

    /// Accuracy, per-label precision/recall/F1 and the confusion matrix on `data`.
    public func evaluate(_ data: [LabelledSentence], workers: Int = 2) throws -> Evaluation {
        let encoded = try encode(data)
        let probabilities = Trainer.predict(network, encoded.map(\.tokens), workers: workers)
        var evaluation = Evaluation(labels: labels)
        for (example, p) in zip(encoded, probabilities) {
            evaluation.add(actual: example.label, predicted: p.indices.max { p[$0] < p[$1] }!)
        }
        return evaluation
    }
}
