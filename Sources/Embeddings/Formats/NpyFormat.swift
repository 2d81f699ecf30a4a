import Foundation

/// NumPy's `.npy` format, version 1.0 (numpy `lib/format.py`; NEP 1): the magic `\x93NUMPY`,
/// the version bytes 1 0, a little-endian UInt16 header length, and an ASCII Python dict
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (count, dimension), }` padded with spaces
/// and a newline so that the data starts at a multiple of 64 bytes; then the float32 values,
/// row-major. NumPy and PyTorch users load it with `np.load(PATH)` (and `torch.from_numpy`);
/// the words, which a float matrix cannot hold, go one per line (UTF-8) to the companion
/// `.words.txt` file (`PATH` with `.npy` replaced), in row order.
///
/// The reader takes what this writer writes and what `np.save` writes for a 2-D float32 or
/// float64 C-order matrix (versions 1.0 to 3.0), and refuses anything else with the reason.
enum NpyFormat: VectorFileFormat {
    static let summary = "NumPy .npy float32 matrix (np.load) + a .words.txt file, one word per line"
    /// The words file holds one word per line.
    static var forbiddenWordBytes: Set<UInt8> { [0x0A, 0x0D] }
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    static func companions(of path: String) -> [String] { [wordsPath(path)] }

    /// `v.npy` -> `v.words.txt`.
    static func wordsPath(_ path: String) -> String { companion(path, replacing: ".npy", with: ".words.txt") }

    /// The version 1.0 header for a `count x dimension` float32 matrix, byte for byte what
    /// `np.save` writes (numpy `_write_array_header`): the dict, spaces that leave room for
    /// the row count to grow to 21 digits, then spaces and a newline up to a multiple of 64.
    static func header(count: Int, dimension: Int) -> [UInt8] {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(count), \(dimension)), }"
        dict += String(repeating: " ", count: max(0, 21 - String(count).count))
        let unpadded = magic.count + 4 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(dict.utf8.count)
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
    }

    /// - Complexity: O(count x dimension).
    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try writeWordList(words, to: wordsPath(path))
        try atomically(path) { writer in
            try writer.write(header(count: words.count, dimension: dimension))
            var values = [Float](repeating: 0, count: dimension)
            try values.withUnsafeMutableBufferPointer { row in
                for r in 0..<words.count {
                    fill(r, row)
                    for i in row.indices { row[i] = Float(bitPattern: row[i].bitPattern.littleEndian) }
                    try writer.write(raw: UnsafeRawBufferPointer(row))
                }
            }
        }
    }

    /// True when the bytes start with NumPy's magic string.
    static func hasMagic(_ file: FileBytes) -> Bool {
        file.count >= magic.count && magic.indices.allSatisfy { file.bytes[$0] == magic[$0] }
    }

    static func read(path: String, limit: Int?) throws -> VectorFile {
        let file = try FileBytes(path: path)
        defer { file.release() }
        return try read(file, path: path, limit: limit)
    }

    /// Reads the matrix from bytes already read from `path`; the words from its companion file.
    static func read(_ file: FileBytes, path: String, limit: Int?) throws -> VectorFile {
        let bytes = UnsafeBufferPointer(start: file.bytes, count: file.count)
        func refuse(_ reason: String) -> EmbeddingsError { .notVectors(path: path, reason: "not a NumPy matrix this reader takes: \(reason)") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw refuse("no \\x93NUMPY magic") }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else { throw refuse("version \(major).\(bytes[7])") }
        var headerLength = 0
        for i in (0..<lengthBytes).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + i]) }
        let dataStart = 8 + lengthBytes + headerLength
        guard dataStart <= bytes.count else { throw EmbeddingsError.truncated(path: path, at: .row(0, byteOffset: 0), reason: "the header is cut short") }
        let dict = String(decoding: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
        let itemSize: Int
        if dict.contains("'descr': '<f4'") { itemSize = 4 } else if dict.contains("'descr': '<f8'") { itemSize = 8 } else {
            throw refuse("the element type is not little-endian float32 or float64 ('<f4' or '<f8'): \(dict)")
        }
        guard dict.contains("'fortran_order': False") else { throw refuse("Fortran (column-major) order") }
        guard let open = dict.range(of: "'shape': ("), let close = dict[open.upperBound...].firstIndex(of: ")") else { throw refuse("no shape") }
        let shape = dict[open.upperBound..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard shape.count == 2, let count = Int(shape[0]), let dimension = Int(shape[1]), count >= 0, dimension >= 1 else {
            throw refuse("the shape is not (count, dimension): (\(dict[open.upperBound..<close]))")
        }
        // Plausibility before any allocation: the data must be in the file.
        let (cells, overflow1) = count.multipliedReportingOverflow(by: dimension)
        let (dataBytes, overflow2) = cells.multipliedReportingOverflow(by: itemSize)
        guard !overflow1, !overflow2, dataBytes <= bytes.count - dataStart else {
            throw EmbeddingsError.badHeader(path: path, header: "shape (\(count), \(dimension))",
                                            reason: "the file holds \(bytes.count - dataStart) bytes of data, fewer than the shape needs")
        }
        let allWords = try readWordList(wordsPath(path))
        guard allWords.count == count else {
            throw EmbeddingsError.rowCountMismatch(path: wordsPath(path), declared: count, found: allWords.count, at: .line(allWords.count + 1))
        }
        let rows = min(count, limit ?? count)
        var words: [String] = []
        var vectors: [Float] = []
        words.reserveCapacity(rows)
        vectors.reserveCapacity(rows * dimension)
        var seen: [WordKey: Int] = [:] // code points, as numpy's str: NFC and NFD differ
        var warnings: [Word2VecReader.Warning] = []
        let raw = UnsafeRawPointer(file.bytes + dataStart)
        for row in 0..<rows {
            let word = allWords[row]
            if let first = seen[WordKey(word)] {
                warnings.append(.duplicateWord(word: word, at: .line(row + 1), firstRow: first))
                continue
            }
            for k in 0..<dimension {
                let offset = (row * dimension + k) * itemSize
                let value = itemSize == 4
                    ? Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    : Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))))
                guard value.isFinite else {
                    throw EmbeddingsError.nonFinite(path: path, at: .row(row, byteOffset: dataStart + offset), word: word, text: "\(value)")
                }
                vectors.append(value)
            }
            seen[WordKey(word)] = words.count
            words.append(word)
        }
        return VectorFile(embeddings: Embeddings(words: words, dimension: dimension, vectors: vectors), warnings: warnings, format: .npy)
    }
}
