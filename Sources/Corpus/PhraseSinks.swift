#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// word2phrase's counting pass: every token in `unigrams`, every pair of adjacent tokens on
/// a line in `bigrams` (key `a b`: a space cannot occur inside a token). When the two tables
/// hold more than `maxEntries`, entries counted `minReduce` times or fewer are removed from
/// both and `minReduce` grows (word2phrase's `ReduceVocab`).
struct PhraseCountingSink: TokenSink, ~Copyable {
    var unigrams = TokenTable()
    var bigrams = TokenTable()
    private(set) var words = 0
    private(set) var pruned = false
    private var minReduce = 1
    private let maxEntries: Int
    /// The previous token at the start, room for ` current` after it.
    private let scratch: UnsafeMutablePointer<UInt8>
    private var previousLength = 0

    init(maxEntries: Int) {
        self.maxEntries = maxEntries
        scratch = .allocate(capacity: 2 * Tokenizer.maxTokenBytes + 1)
    }

    deinit { scratch.deallocate() }

    mutating func token(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        _ = unigrams.increment(bytes, count: n)
        words += 1
        if previousLength > 0 {
            scratch[previousLength] = 32
            (scratch + previousLength + 1).update(from: bytes, count: n)
            _ = bigrams.increment(scratch, count: previousLength + 1 + n)
        }
        scratch.update(from: bytes, count: n)
        previousLength = n
        if unigrams.count + bigrams.count > maxEntries {
            _ = unigrams.prune(keepingCountsAbove: minReduce)
            _ = bigrams.prune(keepingCountsAbove: minReduce)
            minReduce += 1
            pruned = true
        }
    }

    mutating func lineEnd() { previousLength = 0 }
}

/// word2phrase's rewriting pass: writes each line's tokens separated by a space, or by `_`
/// when the pair with the previous token scores above the threshold (then the next pair is
/// not scored). Output accumulates in `pending` until `flush`.
struct PhraseWritingSink: TokenSink, ~Copyable {
    let counts: PhraseCountingSink
    private let options: PhraseOptions
    private var pending: [UInt8] = []
    /// Count of the previous token when it may start a phrase, else 0.
    private var previousCount = 0
    private var lineHasTokens = false
    private(set) var joined = 0
    /// Bigram entry -> score, for the joined ones.
    private(set) var joinedScores: [Int: Double] = [:]
    private let scratch: UnsafeMutablePointer<UInt8>
    private var previousLength = 0

    init(counts: consuming PhraseCountingSink, options: PhraseOptions) {
        self.counts = counts
        self.options = options
        scratch = .allocate(capacity: 2 * Tokenizer.maxTokenBytes + 1)
        pending.reserveCapacity(CorpusLoader.defaultChunkSize + (1 << 16))
    }

    deinit { scratch.deallocate() }

    mutating func token(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        let entry = counts.unigrams.find(bytes, count: n)
        let count = entry >= 0 ? counts.unigrams.occurrences(entry) : 0
        var join = false
        if previousCount > 0 && count > 0 {
            scratch[previousLength] = 32
            (scratch + previousLength + 1).update(from: bytes, count: n)
            let pair = counts.bigrams.find(scratch, count: previousLength + 1 + n)
            if pair >= 0 {
                let score = Phrases.score(countA: previousCount, countB: count, countAB: counts.bigrams.occurrences(pair),
                                          totalWords: counts.words, options: options)
                if score > options.threshold {
                    join = true
                    joined += 1
                    joinedScores[pair] = score
                }
            }
        }
        if lineHasTokens { pending.append(join ? 95 : 32) }
        pending.append(contentsOf: UnsafeBufferPointer(start: bytes, count: n))
        lineHasTokens = true
        previousCount = join ? 0 : count
        scratch.update(from: bytes, count: n)
        previousLength = n
    }

    mutating func lineEnd() {
        if lineHasTokens { pending.append(10) }
        lineHasTokens = false
        previousCount = 0
        previousLength = 0
    }

    /// Hands the output so far to `write` and empties it.
    mutating func flush(_ write: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        try pending.withUnsafeBytes(write)
        pending.removeAll(keepingCapacity: true)
    }
}
