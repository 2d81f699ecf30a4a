/// What `CorpusLoader` keeps from a text file. Names follow word2vec.c's flags.
public struct CorpusOptions: Sendable {
    /// Tokenization rules (lowercasing, punctuation stripping).
    public var tokenizer: TokenizerOptions = .init()
    /// Words occurring fewer than `minCount` times are dropped (word2vec.c `-min-count`).
    public var minCount: Int = 5
    /// Keep only the `maxVocabulary` most frequent words (after min-count); nil keeps all.
    public var maxVocabulary: Int? = nil
    /// Longer lines are cut into sentences of at most this many kept tokens
    /// (word2vec.c `MAX_SENTENCE_LENGTH`).
    public var maxSentenceLength: Int = 1000
    /// Bound on the distinct entries held while counting; nil means
    /// `CorpusOptions.automaticMaxVocabularyEntries`. Exceeding it prunes rare entries as
    /// word2vec.c's `ReduceVocab` does, and counts become approximate.
    public var maxVocabularyEntries: Int? = nil

    /// word2vec.c prunes when the vocabulary passes 0.7 of its 30M-slot hash table.
    public static let automaticMaxVocabularyEntries = 21_000_000

    public init(tokenizer: TokenizerOptions = .init(), minCount: Int = 5, maxVocabulary: Int? = nil,
                maxSentenceLength: Int = 1000, maxVocabularyEntries: Int? = nil) {
        self.tokenizer = tokenizer
        self.minCount = minCount
        self.maxVocabulary = maxVocabulary
        self.maxSentenceLength = maxSentenceLength
        self.maxVocabularyEntries = maxVocabularyEntries
    }

    /// Refuses values no corpus could satisfy, before any byte is read.
    func validate() throws {
        if minCount < 0 {
            throw CorpusError.invalidOption(name: "min-count", value: minCount, reason: "must be 0 or more")
        }
        if maxSentenceLength < 1 {
            throw CorpusError.invalidOption(name: "max-sentence-length", value: maxSentenceLength, reason: "must be at least 1")
        }
        if let maxVocabulary, maxVocabulary < 1 {
            throw CorpusError.invalidOption(name: "max-vocab", value: maxVocabulary, reason: "must be at least 1 (omit it to keep every word)")
        }
        if let maxVocabularyEntries, maxVocabularyEntries < 1 {
            throw CorpusError.invalidOption(name: "max-vocabulary-entries", value: maxVocabularyEntries, reason: "must be at least 1")
        }
    }

    /// The pruning bound in effect; provisional ids must stay below the two reserved markers.
    var effectiveMaxVocabularyEntries: Int {
        min(maxVocabularyEntries ?? Self.automaticMaxVocabularyEntries, Int(UInt32.max) - 3)
    }
}
