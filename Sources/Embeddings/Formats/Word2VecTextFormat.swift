/// word2vec.c's text format (`-binary 0`), also gensim's `save_word2vec_format` and fastText's
/// `.vec`: a `count dimension` header line, then one line per word: the word and its values
/// separated by single spaces, each value with 6 decimals (word2vec.c's `%lf`), no trailing
/// space (gensim and fastText read both). Reading is `Word2VecReader`'s.
enum Word2VecTextFormat: VectorFileFormat {
    static let summary = "word2vec text: header line, then 'word v1 v2 ...' (also fastText .vec)"

    /// - Complexity: O(count x dimension); about 10 ns per value.
    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try atomically(path) { writer in
            try writer.write("\(words.count) \(dimension)\n")
            try writeRows(words: words, dimension: dimension, to: writer, fill: fill)
        }
    }

    /// The `word v1 ... vd` lines, shared with the GloVe format (which has no header).
    static func writeRows(words: [String], dimension: Int, to writer: AtomicFileWriter,
                          fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        var line: [UInt8] = []
        line.reserveCapacity(dimension * 12 + 64)
        var values = [Float](repeating: 0, count: dimension)
        try values.withUnsafeMutableBufferPointer { rowValues in
            for (row, word) in words.enumerated() {
                fill(row, rowValues)
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: word.utf8)
                for value in rowValues {
                    line.append(0x20)
                    appendFixed6(value, to: &line)
                }
                line.append(0x0A)
                try writer.write(line)
            }
        }
    }

    static func read(path: String, limit: Int?) throws -> VectorFile {
        VectorFile(try Word2VecReader.readWithWarnings(path: path, limit: limit, format: .text))
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
