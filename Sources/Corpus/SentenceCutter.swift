/// Decides where sentence breaks go in an id stream: one after each line that kept a word,
/// and one before the word that would make a sentence longer than `maxLength`
/// (word2vec.c's `MAX_SENTENCE_LENGTH` chunking). Never two breaks in a row, never an
/// empty sentence.
struct SentenceCutter {
    let maxLength: Int
    private var length = 0

    init(maxLength: Int) { self.maxLength = maxLength }

    /// Call before writing a kept word; true when a break must be written first.
    @inline(__always)
    mutating func beforeWord() -> Bool {
        if length == maxLength {
            length = 1
            return true
        }
        length += 1
        return false
    }

    /// Call at the end of a line; true when a break must be written.
    @inline(__always)
    mutating func endLine() -> Bool {
        defer { length = 0 }
        return length > 0
    }
}
