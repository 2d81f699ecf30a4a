#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a bigram `a b` is scored for joining into `a_b`.
public enum PhraseScoring: String, Sendable, CaseIterable {
    /// word2vec.c word2phrase: `(count(ab) - delta) / (count(a) x count(b)) x total words`,
    /// for words seen at least min-count times.
    case word2vec
    /// gensim's normalised pointwise mutual information, in -1...1:
    /// `ln(p(ab) / (p(a) p(b))) / -ln(p(ab))`, for bigrams seen at least min-count times.
    case npmi
}

/// Options of one phrase pass (word2phrase's flags, gensim's `scoring`).
public struct PhraseOptions: Sendable, Equatable {
    /// Words (word2vec) or bigrams (npmi) seen fewer times are never joined (`-min-count`).
    public var minCount = 5
    /// Bigrams scoring above it are joined (`-threshold`; word2phrase's default 100; for
    /// npmi a value in -1...1, such as 0.5).
    public var threshold: Double = 100
    /// Discount subtracted from the bigram count (word2vec scoring); nil means `minCount`,
    /// as word2phrase does.
    public var delta: Double? = nil
    public var scoring = PhraseScoring.word2vec
    /// Bound on the unigram + bigram entries held while counting; nil means
    /// `CorpusOptions.automaticMaxVocabularyEntries`. Exceeding it prunes rare entries as
    /// word2phrase's `ReduceVocab` does, and the counts become approximate (lower bounds).
    public var maxEntries: Int? = nil
    public var tokenizer = TokenizerOptions()

    public init() {}

    public var effectiveDelta: Double { delta ?? Double(minCount) }

    func validate() throws {
        if minCount < 1 { throw CorpusError.invalidOption(name: "min-count", value: minCount, reason: "must be at least 1") }
        if let maxEntries, maxEntries < 2 { throw CorpusError.invalidOption(name: "max-entries", value: maxEntries, reason: "must be at least 2") }
    }
}

/// A joined bigram with its score and count, for reports.
public struct ScoredPhrase: Sendable, Equatable {
    public var phrase: String
    public var score: Double
    public var count: Int
}

/// What one phrase pass saw and did.
public struct PhraseStatistics: Sendable, Equatable {
    /// Tokens read (word2phrase's `train_words`).
    public var tokens = 0
    public var unigrams = 0
    public var bigrams = 0
    /// Bigram occurrences joined in the output.
    public var joined = 0
    /// Distinct bigrams joined at least once.
    public var distinctJoined = 0
    /// True when counting pruned rare entries to stay within `maxEntries`.
    public var countsApproximate = false
    /// Invalid UTF-8 sequences replaced by U+FFFD, and tokens cut at `Tokenizer.maxTokenBytes`
    /// (as `CorpusStatistics` counts them), in the text read.
    public var invalidUTF8Replacements = 0
    public var truncatedTokens = 0
    /// The highest-scoring joined bigrams, best first.
    public var top: [ScoredPhrase] = []
}

/// word2vec.c's word2phrase (Mikolov et al. 2013, "Distributed representations of words
/// and phrases", section 4): one pass counts words and adjacent word pairs, a second pass
/// rewrites the text, joining `a b` into `a_b` when the pair scores above the threshold.
/// After a join the next pair is not scored (word2phrase sets the count to 0), so one pass
/// makes phrases of two words; running the output through another pass makes longer ones.
///
/// Unlike word2phrase, pairs never span lines (word2phrase's `start` flag is reset before
/// it is read, so its pairs run across line ends). Empty lines are dropped from the output.
///
/// - Complexity: two reads of the input, O(bytes); memory O(distinct unigrams + bigrams),
///   bounded by `maxEntries` (about 96 bytes per entry).
public enum Phrases {
    /// The score of bigram `a b` (see `PhraseScoring`); `-infinity` when it may not be joined.
    public static func score(countA pa: Int, countB pb: Int, countAB pab: Int, totalWords: Int, options: PhraseOptions) -> Double {
        switch options.scoring {
        case .word2vec:
            guard pa >= options.minCount, pb >= options.minCount, pab > 0 else { return -.infinity }
            return (Double(pab) - options.effectiveDelta) / Double(pa) / Double(pb) * Double(totalWords)
        case .npmi:
            guard pab >= options.minCount, pa > 0, pb > 0, totalWords > 0 else { return -.infinity }
            let n = Double(totalWords)
            let pAB = Double(pab) / n
            return log(pAB / (Double(pa) / n * Double(pb) / n)) / -log(pAB)
        }
    }

    /// One pass over `input` (read twice: counting, then rewriting): the phrased text goes
    /// to `write` in pieces, as lines of space-separated tokens. `topCount` phrases are
    /// reported. Standard input cannot be read twice and is refused.
    public static func rewrite(input: CorpusInput, options: PhraseOptions, topCount: Int = 20,
                               progress: (@Sendable (_ pass: Int, _ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil,
                               write: (UnsafeRawBufferPointer) throws -> Void) throws -> PhraseStatistics {
        try options.validate()
        let files = try input.files()
        if let stream = files.first(where: \.isStream) {
            throw CorpusError.cannotReread(path: SourceFile.displayName(stream.path), reason: "phrases read the text twice (counting, then joining); save it to a file first")
        }
        func step(_ pass: Int) -> (@Sendable (Int, Int) -> Void)? {
            guard let progress else { return nil }
            return { @Sendable read, total in progress(pass, read, total) }
        }
        var counting = PhraseCountingSink(maxEntries: options.maxEntries ?? CorpusOptions.automaticMaxVocabularyEntries)
        let pass = try CorpusLoader.scan(ConcatenatedByteSource(files: files), options: options.tokenizer,
                                         chunkSize: CorpusLoader.defaultChunkSize, progress: step(1), into: &counting)
        guard counting.words > 0 else { throw CorpusError.empty(path: CorpusLoader.describe(files)) }
        var statistics = PhraseStatistics(tokens: counting.words, unigrams: counting.unigrams.count,
                                          bigrams: counting.bigrams.count, countsApproximate: counting.pruned,
                                          invalidUTF8Replacements: pass.replacements, truncatedTokens: pass.truncatedTokens)
        var writing = PhraseWritingSink(counts: counting, options: options)
        _ = try CorpusLoader.scan(ConcatenatedByteSource(files: files), options: options.tokenizer, chunkSize: CorpusLoader.defaultChunkSize,
                                  progress: step(2), into: &writing) { (sink: inout PhraseWritingSink) throws -> Void in
            try sink.flush(write)
        }
        try writing.flush(write)
        statistics.joined = writing.joined
        statistics.distinctJoined = writing.joinedScores.count
        statistics.top = writing.joinedScores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(topCount).map { entry, score in
                ScoredPhrase(phrase: writing.counts.bigrams.word(entry).replacingSpaces(), score: score,
                             count: writing.counts.bigrams.occurrences(entry))
            }
        return statistics
    }
}

extension String {
    /// The bigram key `a b` as the joined token `a_b`.
    fileprivate func replacingSpaces() -> String { String(map { $0 == " " ? "_" : $0 }) }
}
