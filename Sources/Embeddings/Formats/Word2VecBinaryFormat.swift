/// word2vec.c's binary format (`-binary 1`): the `count dimension` header line, then per word
/// the word's UTF-8 bytes, one space, `dimension` little-endian IEEE-754 float32 values, and a
/// newline. Reading is `Word2VecReader`'s.
enum Word2VecBinaryFormat: VectorFileFormat {
    static let summary = "word2vec binary: header line, then 'word ' and raw float32 values"
    /// The reader ends a word at a space and skips line breaks between rows.
    static var forbiddenWordBytes: Set<UInt8> { [0x20, 0x0A, 0x0D] }

    /// - Complexity: O(count x dimension).
    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try atomically(path) { writer in
            try writer.write("\(words.count) \(dimension)\n")
            var values = [Float](repeating: 0, count: dimension)
            try values.withUnsafeMutableBufferPointer { rowValues in
                for (row, word) in words.enumerated() {
                    fill(row, rowValues)
                    try writer.write(word.utf8)
                    try writer.write(CollectionOfOne(0x20))
                    try writer.write(raw: UnsafeRawBufferPointer(rowValues))
                    try writer.write(CollectionOfOne(0x0A))
                }
            }
        }
    }

    static func read(path: String, limit: Int?) throws -> VectorFile {
        VectorFile(try Word2VecReader.readWithWarnings(path: path, limit: limit, format: .binary))
    }
}
