/// Writes vectors in word2vec.c's formats, atomically (see `AtomicFileWriter`).
///
/// - Text: a `count dimension` header line, then one line per word: the word and its
///   values separated by single spaces, each value with 6 decimals (word2vec.c's `%lf`),
///   no trailing space (gensim and fastText read both).
/// - Binary (word2vec.c `-binary 1`): the same header line, then per word the word's
///   UTF-8 bytes, one space, `dimension` little-endian IEEE-754 floats, and a newline.
public enum Word2VecWriter {
    /// Writes `embeddings` to `path`.
    /// - Complexity: O(count x dimension); about 10 ns per value in text mode.
    public static func write(_ embeddings: Embeddings, to path: String, binary: Bool) throws {
        try embeddings.vectors.withUnsafeBufferPointer { values in
            let dim = embeddings.dimension
            try write(words: embeddings.words, dimension: dim, to: path, binary: binary) { row, destination in
                _ = destination.update(fromContentsOf: values[row * dim ..< (row + 1) * dim])
            }
        }
    }

    /// Writes `words.count` rows that `fill(row, buffer)` supplies one at a time into a
    /// `dimension`-float buffer, so that a trainer or a checkpoint can export without first
    /// building a second full copy of its matrix (an `Embeddings` value also keeps unit rows).
    /// - Complexity: O(count x dimension) time, O(dimension) extra memory.
    public static func write(words: [String], dimension: Int, to path: String, binary: Bool,
                             fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        let writer = try AtomicFileWriter(path: path)
        do {
            try writer.write("\(words.count) \(dimension)\n")
            var line: [UInt8] = []
            line.reserveCapacity(dimension * 12 + 64)
            var values = [Float](repeating: 0, count: dimension)
            try values.withUnsafeMutableBufferPointer { rowValues in
                for (row, word) in words.enumerated() {
                    fill(row, rowValues)
                    line.removeAll(keepingCapacity: true)
                    line.append(contentsOf: word.utf8)
                    if binary {
                        line.append(0x20)
                        try writer.write(line)
                        try writer.write(raw: UnsafeRawBufferPointer(rowValues))
                        try writer.write(CollectionOfOne(0x0A))
                    } else {
                        for value in rowValues {
                            line.append(0x20)
                            appendFixed6(value, to: &line)
                        }
                        line.append(0x0A)
                        try writer.write(line)
                    }
                }
            }
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Appends `value` formatted as `%.6f` (round half away from zero). Values too large
    /// for the fast path, and non-finite values, use Swift's own description.
    static func appendFixed6(_ value: Float, to out: inout [UInt8]) {
        let v = Double(value)
        guard v.isFinite, abs(v) < 9.0e12 else {
            out.append(contentsOf: "\(value)".utf8)
            return
        }
        let scaled = (abs(v) * 1_000_000).rounded(.toNearestOrAwayFromZero)
        let micro = Int64(scaled)
        if v < 0 && micro != 0 { out.append(UInt8(ascii: "-")) }
        var integer = micro / 1_000_000
        var fraction = micro % 1_000_000
        var digits = 1
        var power: Int64 = 10
        while integer >= power { digits += 1; power *= 10 }
        let start = out.count
        for _ in 0..<(digits + 7) { out.append(48) }
        var i = start + digits - 1
        repeat { out[i] = UInt8(truncatingIfNeeded: integer % 10) + 48; integer /= 10; i -= 1 } while integer > 0
        out[start + digits] = UInt8(ascii: ".")
        i = start + digits + 6
        for _ in 0..<6 { out[i] = UInt8(truncatingIfNeeded: fraction % 10) + 48; fraction /= 10; i -= 1 }
    }
}
