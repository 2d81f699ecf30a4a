/// The words of an `Embeddings` value, row `i`'s word at index `i`, and the word -> row
/// lookup, wherever they live: Swift strings and a dictionary built by a reader, or the word
/// table and open-addressing hash table of a mapped `.w2vm` file, read in place (a word
/// becomes a `String` only when asked for, so opening 3M words costs nothing).
///
/// `@unchecked Sendable`: both storages are immutable (arrays, or a read-only mapping).
public struct WordList: RandomAccessCollection, @unchecked Sendable {
    enum Storage {
        case strings([String], [WordKey: Int])
        case mapped(MappedWordTable)
    }
    let storage: Storage

    public var startIndex: Int { 0 }
    public let endIndex: Int

    /// `words` with their index (first row wins for duplicates).
    init(words: [String], index: [WordKey: Int]) {
        storage = .strings(words, index)
        endIndex = words.count
    }

    init(mapped table: MappedWordTable) {
        storage = .mapped(table)
        endIndex = table.count
    }

    public subscript(row: Int) -> String {
        switch storage {
        case let .strings(words, _): return words[row]
        case let .mapped(table): return table.word(row)
        }
    }

    /// The row of exactly `word` (same bytes), or nil.
    /// - Complexity: O(length of `word`) expected.
    func row(of word: String) -> Int? {
        switch storage {
        case let .strings(_, index): return index[WordKey(word)]
        case let .mapped(table): return table.row(of: word)
        }
    }

    /// The index of `words` with the first row winning for duplicates.
    static func index(of words: [String]) -> [WordKey: Int] {
        var index = [WordKey: Int](minimumCapacity: words.count)
        for (row, word) in words.enumerated() where index[WordKey(word)] == nil { index[WordKey(word)] = row }
        return index
    }
}

/// Compared as sequences of words by their bytes (`WordKey`), and written as `[String]`.
extension WordList: Equatable, ExpressibleByArrayLiteral {
    public static func == (lhs: WordList, rhs: WordList) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs) { WordKey($0) == WordKey($1) }
    }

    public init(arrayLiteral words: String...) { self.init(words: words, index: WordList.index(of: words)) }
}

extension Embeddings {
    /// Word -> row for every distinct word (first row wins): the readers' dictionary, or one
    /// built from a mapped word table on each call (O(count); for tests and small files).
    var index: [WordKey: Int] {
        switch words.storage {
        case let .strings(_, index): return index
        case .mapped: return WordList.index(of: Array(words))
        }
    }
}
