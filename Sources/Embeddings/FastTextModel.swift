/// A fastText unsupervised model as its `.bin` file holds it (fastText 0.9 `FastText::saveModel`):
/// the training arguments, the vocabulary with counts, the input matrix (one row per word, then
/// `buckets` rows for hashed character n-grams) and the output matrix. Unlike a vectors file
/// it gives a vector to any word, composed from n-grams (fastText `getWordVector`).
public struct FastTextModel: Sendable {
    /// The `Args` fields the file stores (fastText `Args::save`), with fastText's enum values.
    public struct Arguments: Sendable, Equatable {
        public var dimension: Int32 = 100
        public var window: Int32 = 5
        public var epochs: Int32 = 5
        public var minCount: Int32 = 5
        public var negative: Int32 = 5
        public var wordNgrams: Int32 = 1
        /// `loss_name`: 1 hs, 2 ns, 3 softmax, 4 ova.
        public var loss: Int32 = 2
        /// `model_name`: 1 cbow, 2 sg, 3 sup.
        public var model: Int32 = 2
        public var buckets: Int32 = 2_000_000
        public var minn: Int32 = 3
        public var maxn: Int32 = 6
        public var lrUpdateRate: Int32 = 100
        public var sample: Double = 1e-4
        public init() {}

        /// The n-gram lengths, or nil for a model without subwords (`maxn == 0`).
        public var ngramLengths: ClosedRange<Int>? {
            maxn > 0 && minn >= 1 && minn <= maxn && buckets > 0 ? Int(minn)...Int(maxn) : nil
        }
    }

    public let arguments: Arguments
    public let words: [String]
    public let counts: [Int64]
    /// Tokens of the training corpus (fastText `ntokens_`).
    public let tokenCount: Int64
    /// `(words + buckets) x dimension`, row-major.
    public let input: [Float]
    /// `outputRows x dimension`, row-major (one row per word for negative sampling).
    public let output: [Float]
    private let index: [WordKey: Int]

    public var dimension: Int { Int(arguments.dimension) }
    public var outputRows: Int { output.count / max(dimension, 1) }

    public init(arguments: Arguments, words: [String], counts: [Int64], tokenCount: Int64, input: [Float], output: [Float]) {
        precondition(input.count == (words.count + Int(arguments.buckets)) * Int(arguments.dimension))
        self.arguments = arguments
        self.words = words
        self.counts = counts
        self.tokenCount = tokenCount
        self.input = input
        self.output = output
        var index: [WordKey: Int] = [:]
        for (i, word) in words.enumerated() where index[WordKey(word)] == nil { index[WordKey(word)] = i }
        self.index = index
    }

    /// The id of exactly `word` (same bytes), or nil.
    public func id(of word: String) -> Int? { index[WordKey(word)] }

    /// The input rows `word`'s vector is the mean of (fastText `Dictionary::getSubwords`): a
    /// vocabulary word's own row then its n-grams' rows; an unseen word's n-gram rows only.
    public func rows(of word: String) -> [Int32] {
        let ngrams = arguments.ngramLengths.map {
            CharacterNGrams.bucketRows(word, lengths: $0, buckets: Int(arguments.buckets), offset: words.count)
        } ?? []
        return id(of: word).map { [Int32($0)] + ngrams } ?? ngrams
    }

    /// `word`'s vector, the mean of its rows (fastText `FastText::getWordVector`), or nil for an
    /// unseen word without any n-gram of the model's lengths (fastText prints zeros for it).
    /// - Complexity: O(n-grams x dimension).
    public func vector(_ word: String) -> [Float]? {
        let ids = rows(of: word)
        guard !ids.isEmpty else { return nil }
        let d = dimension
        var sum = [Float](repeating: 0, count: d)
        for id in ids { for k in 0..<d { sum[k] += input[Int(id) * d + k] } }
        let scale = 1 / Float(ids.count)
        return sum.map { $0 * scale }
    }

    /// The vocabulary's vectors (each composed as `vector`), in file order, the first `limit` words.
    /// - Complexity: O(words x n-grams x dimension).
    public func embeddings(limit: Int? = nil) -> Embeddings {
        let kept = Array(words.prefix(limit ?? words.count))
        var values: [Float] = []
        values.reserveCapacity(kept.count * dimension)
        for word in kept { values += vector(word) ?? [Float](repeating: 0, count: dimension) }
        return Embeddings(words: kept, dimension: dimension, vectors: values)
    }

    /// `embeddings` with the words of `extra` it lacks appended, composed from their n-grams
    /// (those without any n-gram are left out): what a query on unseen words needs.
    public func embeddings(limit: Int? = nil, including extra: [String]) -> Embeddings {
        embeddings(extending: embeddings(limit: limit), including: extra)
    }

    /// `base` (this model's `embeddings(limit:)`, as a reader already made it) with the words
    /// of `extra` it lacks appended, composed; so a loader does not compose the vocabulary twice.
    public func embeddings(extending base: Embeddings, including extra: [String]) -> Embeddings {
        var words = Array(base.words), values = Array(base.vectors)
        var added = Set<WordKey>()
        for word in extra where base.row(of: word) == nil && !added.contains(WordKey(word)) {
            guard let v = vector(word) else { continue }
            added.insert(WordKey(word))
            words.append(word)
            values += v
        }
        return Embeddings(words: words, dimension: dimension, vectors: values)
    }
}
