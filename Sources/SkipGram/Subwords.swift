import Embeddings

/// fastText's character n-grams (Bojanowski et al. 2017; fastText `Dictionary::computeSubwords`,
/// `Dictionary::hash`, `Dictionary::getSubwords`): a word is wrapped as `<word>`, every
/// substring of `lengths` (counted in UTF-8 code points) is hashed with 32-bit FNV-1a into
/// one of `buckets` rows placed after the vocabulary's rows in W, and a word's input vector is
/// the mean of its own row and its n-grams' rows.
///
/// Memory: W holds `(vocabulary + buckets) x dimension` floats (rows padded to a multiple
/// of 16), C `vocabulary x dimension`; the row lists take 4 bytes per (word, n-gram).
public struct Subwords: WordRows {
    /// Shortest and longest n-gram, in code points (fastText `-minn`, `-maxn`).
    public let lengths: ClosedRange<Int>
    /// Rows the n-grams are hashed into (fastText `-bucket`).
    public let buckets: Int
    /// Words with their own row (the bucket rows start here).
    public let vocabularySize: Int
    private let table: RowTable

    static var isWholeWord: Bool { false }
    public var rowCount: Int { vocabularySize + buckets }
    var maxRows: Int { table.maxRows }

    /// The row lists of every word of `words` (its id, then its n-grams' rows).
    /// - Complexity: O(total word length x maxLength).
    public init(words: [String], lengths: ClosedRange<Int>, buckets: Int) {
        precondition(lengths.lowerBound >= 1 && buckets >= 1)
        self.lengths = lengths
        self.buckets = buckets
        vocabularySize = words.count
        let lists = words.enumerated().map { id, word in
            [Int32(id)] + CharacterNGrams.bucketRows(word, lengths: lengths, buckets: buckets, offset: words.count)
        }
        table = RowTable(lists)
    }

    func rows(of word: Int32) -> UnsafeBufferPointer<Int32> { table.row(word) }

    /// The rows of vocabulary word `id`: its own, then its n-grams'.
    public func rows(ofWord id: Int) -> [Int32] { Array(table.row(Int32(id))) }

    /// fastText `Dictionary::getSubwords(const std::string&)` for a word without a row of
    /// its own: its n-grams' rows only (none for a word with no n-gram of `lengths`).
    public func rows(ofUnseen word: String) -> [Int32] {
        CharacterNGrams.bucketRows(word, lengths: lengths, buckets: buckets, offset: vocabularySize)
    }
}

/// Row lists of every word stored contiguously, so that the hot loop gets a buffer view
/// without touching a Swift array.
/// Unchecked: the table is written once in `init` and only read afterwards, by every worker.
final class RowTable: @unchecked Sendable {
    private let starts: UnsafeMutablePointer<Int>
    private let ids: UnsafeMutablePointer<Int32>
    let maxRows: Int

    init(_ lists: [[Int32]]) {
        starts = .allocate(capacity: lists.count + 1)
        let total = lists.reduce(0) { $0 + $1.count }
        ids = .allocate(capacity: max(1, total))
        var at = 0
        for (w, list) in lists.enumerated() {
            starts[w] = at
            for id in list { ids[at] = id; at += 1 }
        }
        starts[lists.count] = at
        maxRows = lists.map(\.count).max() ?? 1
    }

    deinit { starts.deallocate(); ids.deallocate() }

    @inline(__always)
    func row(_ word: Int32) -> UnsafeBufferPointer<Int32> {
        let w = Int(word)
        return UnsafeBufferPointer(start: ids + starts[w], count: starts[w &+ 1] &- starts[w])
    }
}
