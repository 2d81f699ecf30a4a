/// The first pass: counts every token in a `TokenTable` and records its provisional id
/// (the table entry) in an `IDBuffer`, so that the text is read once when no pruning is
/// needed.
///
/// Lines end with `EncodedCorpus.sentenceBreak`; within a line, a `softBreak` follows
/// every `maxSentenceLength` tokens. The soft breaks are dropped when the ids are remapped,
/// but they guarantee that rewriting in place never overtakes reading: the remap cuts at
/// most as many sentences as there are soft breaks, since it keeps at most as many tokens.
///
/// Bounded memory, as word2vec.c's `ReduceVocab`: when the table holds more than
/// `maxEntries`, entries counted `minReduce` times or fewer are removed and `minReduce`
/// grows by one. Provisional ids then stop meaning anything, so recording stops and the
/// loader re-reads the text (`EncodingSink`).
struct CountingSink: TokenSink, ~Copyable {
    /// Marks a cut inside a long line in the provisional stream.
    static let softBreak: UInt32 = .max - 1

    var table = TokenTable()
    var ids: IDBuffer
    /// False once pruning happened.
    private(set) var recording = true
    private(set) var prunedEntries = 0
    private var minReduce = 1
    private let maxSentenceLength: Int
    private let maxEntries: Int
    private var lineTokens = 0

    init(expectedTokens: Int, maxSentenceLength: Int, maxEntries: Int) {
        ids = IDBuffer(capacity: expectedTokens)
        self.maxSentenceLength = maxSentenceLength
        self.maxEntries = maxEntries
    }

    var pruned: Bool { !recording }

    @inline(__always)
    mutating func token(_ bytes: UnsafePointer<UInt8>, count: Int) {
        let entry = table.increment(bytes, count: count)
        if recording {
            if lineTokens == maxSentenceLength {
                ids.append(Self.softBreak)
                lineTokens = 0
            }
            ids.append(UInt32(truncatingIfNeeded: entry))
            lineTokens += 1
        }
        if table.count > maxEntries { reduce() }
    }

    @inline(__always)
    mutating func lineEnd() {
        if lineTokens > 0 {
            ids.append(EncodedCorpus.sentenceBreak)
            lineTokens = 0
        }
    }

    /// word2vec.c `ReduceVocab`.
    private mutating func reduce() {
        prunedEntries += table.prune(keepingCountsAbove: minReduce)
        minReduce += 1
        if recording {
            recording = false
            lineTokens = 0
            ids.removeAll()
        }
    }
}
