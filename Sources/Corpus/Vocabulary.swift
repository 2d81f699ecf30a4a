/// Word <-> id, with counts, in descending frequency order (id 0 is the most frequent word),
/// as word2vec.c's `SortVocab` leaves it. Ties are broken by first appearance in the corpus,
/// so the order is deterministic.
///
/// Unlike word2vec.c, the sentence marker `</s>` is not a vocabulary word: sentence ends
/// live in the encoded corpus as `EncodedCorpus.sentenceBreak`.
public struct Vocabulary: Sendable, Equatable {
    /// Words, most frequent first.
    public let words: [String]
    /// `counts[id]` is how often `words[id]` occurs in the corpus (approximate if counting pruned).
    public let counts: [Int]
    /// Word -> id.
    public let index: [String: Int]

    /// Builds a vocabulary from words already in the order wanted, with their counts.
    public init(words: [String], counts: [Int]) {
        precondition(words.count == counts.count, "Vocabulary: \(words.count) words but \(counts.count) counts")
        self.words = words
        self.counts = counts
        var index = [String: Int](minimumCapacity: words.count)
        for (id, word) in words.enumerated() { index[word] = id }
        self.index = index
    }

    /// Number of words.
    public var count: Int { words.count }

    /// Sum of all counts: the number of corpus tokens that belong to the vocabulary
    /// (word2vec.c's `train_words`).
    public var totalCount: Int { counts.reduce(0, +) }

    /// The id of `word`, or nil when it is not in the vocabulary.
    public func id(_ word: String) -> Int? { index[word] }
}
