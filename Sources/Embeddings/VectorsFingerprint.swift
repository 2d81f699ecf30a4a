import Corpus

/// A 64-bit identity of a set of vectors, independent of the file format: the CRC-32 of the
/// rows (each row's `dimension` little-endian float32 values, in order) in the high 32 bits,
/// the CRC-32 of the words (each word's UTF-8 bytes and a newline) in the low 32 bits. The
/// same vectors give the same fingerprint from word2vec binary, text or a `.w2vm` file, whose
/// header stores it (so an index built over them can check it at no cost); any changed value,
/// word, order or row count changes it (up to CRC-32 collisions).
struct VectorsFingerprint {
    private var words = CRC32(), rows = CRC32()

    mutating func add(word: String) {
        var word = word
        word.withUTF8 { words.update(UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0x0A)) { words.update($0) }
    }

    mutating func add(row: UnsafeBufferPointer<Float>) {
        #if _endian(big)
        let little = row.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        little.withUnsafeBytes { rows.update($0) }
        #else
        rows.update(UnsafeRawBufferPointer(row))
        #endif
    }

    var value: UInt64 { UInt64(rows.value) << 32 | UInt64(words.value) }
}

extension Embeddings {
    /// The vectors' `VectorsFingerprint`: read from a mapped file's header, else computed.
    /// - Complexity: O(1) for a whole mapped file, else one pass over words and rows.
    public var fingerprint: UInt64 {
        if let storedFingerprint { return storedFingerprint }
        var fingerprint = VectorsFingerprint()
        for row in 0..<count {
            fingerprint.add(word: words[row])
            fingerprint.add(row: vectors.row(row))
        }
        return fingerprint.value
    }
}
