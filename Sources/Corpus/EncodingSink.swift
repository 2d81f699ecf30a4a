/// The second pass, needed only when counting pruned: encodes each token with the final
/// vocabulary (tokens outside it are dropped, as word2vec.c drops them while reading),
/// cuts sentences, and recounts the kept words exactly.
struct EncodingSink: TokenSink, ~Copyable {
    /// Value in `finalIDs` for entries outside the vocabulary.
    static let dropped: UInt32 = .max

    var table: TokenTable
    var ids: IDBuffer
    /// Occurrences of each final id in this pass.
    private(set) var counts: [Int]
    /// Table entry -> final id, or `dropped`.
    private let finalIDs: [UInt32]
    private var cutter: SentenceCutter
    /// Tokens not in the table (with a vocabulary file: words the file lacks).
    private(set) var unknownTokens = 0

    init(table: consuming TokenTable, finalIDs: [UInt32], vocabularySize: Int, expectedTokens: Int, maxSentenceLength: Int,
         idsDirectory: String? = nil) throws {
        ids = try IDBuffer(capacity: expectedTokens, directory: idsDirectory)
        self.table = table
        self.finalIDs = finalIDs
        counts = Array(repeating: 0, count: vocabularySize)
        cutter = SentenceCutter(maxLength: maxSentenceLength)
    }

    mutating func token(_ bytes: UnsafePointer<UInt8>, count: Int) {
        let entry = table.find(bytes, count: count)
        guard entry >= 0 else { unknownTokens += 1; return }
        let id = finalIDs[entry]
        guard id != Self.dropped else { return }
        counts[Int(id)] += 1
        if cutter.beforeWord() { ids.append(EncodedCorpus.sentenceBreak) }
        ids.append(id)
    }

    mutating func lineEnd() {
        if cutter.endLine() { ids.append(EncodedCorpus.sentenceBreak) }
    }
}
