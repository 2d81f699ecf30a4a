/// A word as a dictionary key, equal to another only when their UTF-8 bytes (so their code
/// points) are identical. Swift's `String` equality and hashing use canonical equivalence,
/// which merges "é" (U+00E9, NFC) with "e" + U+0301 (NFD); word2vec.c (`strcmp`), gensim
/// (Python `str`) and fastText (`std::string`) keep them apart, and so does every lookup here:
/// a vectors file with both forms has two rows, each found by its own spelling.
/// - Complexity: hashing and comparison are O(bytes), with no normalisation.
public struct WordKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let word: String

    public init(_ word: String) { self.word = word }
    public init(stringLiteral word: String) { self.word = word }

    public var description: String { word }

    public static func == (lhs: WordKey, rhs: WordKey) -> Bool {
        var a = lhs.word, b = rhs.word
        guard a.utf8.count == b.utf8.count else { return false }
        return a.withUTF8 { x in b.withUTF8 { y in x.elementsEqual(y) } }
    }

    public func hash(into hasher: inout Hasher) {
        var word = self.word
        word.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
