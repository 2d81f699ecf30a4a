#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Corpus

/// The memory-mapped vectors format (`.w2vm`, docs/mapped-format.md): a 128-byte header, the
/// word table (bytes, offsets, an open-addressing hash table), the raw rows as float32 padded
/// to 64-byte boundaries, then their norms and inverse norms, all little-endian. Opening maps
/// the file read-only and shared and parses nothing: the header and its CRC-32 are checked,
/// the file's size against the header (so a cut at any byte is refused) and the sections'
/// bounds, and the `Embeddings` value reads rows, words and norms in place. Pages are read as
/// queries touch them and are shared by every process that maps the file. `verify` checks
/// the CRC-32 of everything after the header (it reads the whole file).
///
/// Layout rationale: rows start on cache-line boundaries so SIMD scans never split a line
/// and the row stride lets the scan's 8-float chunks run past a row's end into zero padding;
/// inverse norms are stored so a cosine scan is `dot(row, query) x inverse`, as gensim's
/// `most_similar` over `vectors / norms`, with no unit copy in the file or in memory.
/// - Complexity: writing O(count x dimension) in one pass over the rows; opening O(1).
enum MappedVectorsFormat: VectorFileFormat {
    static let summary = "mapped: .w2vm, opened with mmap and no parsing (pages shared between processes)"
    static let magic: [UInt8] = Array("w2v-vecm".utf8)
    static let version: UInt32 = 1
    static let headerSize = 128
    /// Bytes of zeros after the rows, so a chunked scan of the last row stays in the file.
    static let rowsTail = 64

    /// The header's fields, at the offsets docs/mapped-format.md lists.
    struct Header: Equatable {
        var rows = 0, dimension = 0, stride = 0
        var wordBytesOffset = 0, wordBytesCount = 0, wordOffsetsOffset = 0
        var hashOffset = 0, hashSlots = 0, vectorsOffset = 0, normsOffset = 0, fileSize = 0
        var contentCRC: UInt32 = 0
        var fingerprint: UInt64 = 0

        /// Lays the sections out for `rows x dimension` with `wordBytes` bytes of words.
        init(rows: Int, dimension: Int, wordBytes: Int) {
            self.rows = rows
            self.dimension = dimension
            stride = (dimension + 15) / 16 * 16
            wordBytesOffset = headerSize
            wordBytesCount = wordBytes
            wordOffsetsOffset = align(wordBytesOffset + wordBytes, 8)
            hashOffset = wordOffsetsOffset + 8 * (rows + 1)
            hashSlots = MappedWordTable.slots(for: rows)
            vectorsOffset = align(hashOffset + 4 * hashSlots, 64)
            normsOffset = vectorsOffset + 4 * rows * stride + rowsTail
            fileSize = normsOffset + 8 * rows
        }

        init() {}

        func encoded() -> [UInt8] {
            var bytes = magic
            func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
            put(version); put(UInt32(headerSize))
            for field in [rows, dimension, stride, wordBytesOffset, wordBytesCount, wordOffsetsOffset,
                          hashOffset, hashSlots, vectorsOffset, normsOffset, fileSize] { put(UInt64(field)) }
            put(contentCRC); put(UInt32(0)); put(fingerprint); put(UInt32(0))
            put(CRC32.checksum(bytes))
            return bytes
        }

        /// The header at `base` (at least `headerSize` readable bytes), checked; `size` is the
        /// file's size.
        static func decode(_ base: UnsafeRawPointer, size: Int, path: String) throws -> Header {
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            func bad(_ reason: String) -> EmbeddingsError { .badMappedFile(path: path, reason: reason) }
            let found = u32(8)
            guard found == version else {
                throw bad("mapped vectors format version \(found), but this w2v reads version \(version)"
                          + (found > version ? "; update w2v, or re-export the vectors with this one" : "; re-export the vectors with this w2v"))
            }
            let stored = u32(124)
            let computed = CRC32.checksum(UnsafeRawBufferPointer(start: base, count: 124))
            guard stored == computed else { throw bad("the header is damaged (CRC-32 \(hex(computed)), stored \(hex(stored))); re-export the vectors") }
            var h = Header()
            let fields = (0..<11).map { Int(truncatingIfNeeded: u64(16 + 8 * $0)) }
            (h.rows, h.dimension, h.stride, h.wordBytesOffset, h.wordBytesCount, h.wordOffsetsOffset) =
                (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
            (h.hashOffset, h.hashSlots, h.vectorsOffset, h.normsOffset, h.fileSize) = (fields[6], fields[7], fields[8], fields[9], fields[10])
            h.contentCRC = u32(104)
            h.fingerprint = u64(112)
            guard h.fileSize == size else {
                throw bad(size < h.fileSize
                          ? "truncated: \(size) bytes, the header says \(h.fileSize); the copy or export was cut short, re-export it"
                          : "\(size - h.fileSize) bytes more than the header's \(h.fileSize); the file was appended to or damaged, re-export it")
            }
            // A valid CRC with an impossible layout: written by something else than this format.
            guard h.rows >= 1, h.rows < Int(UInt32.max), h.dimension >= 1, h.dimension <= 1 << 20,
                  h == Header(rows: h.rows, dimension: h.dimension, wordBytes: h.wordBytesCount).with(h.contentCRC, h.fingerprint),
                  h.wordBytesCount <= size else {
                throw bad("the header describes an impossible layout; the file is damaged, re-export the vectors")
            }
            return h
        }

        func with(_ crc: UInt32, _ fingerprint: UInt64) -> Header {
            var h = self
            (h.contentCRC, h.fingerprint) = (crc, fingerprint)
            return h
        }
    }

    // MARK: Writing

    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        guard !words.isEmpty else { throw EmbeddingsError.invalidArgument("\(path): no vectors to write") }
        guard words.count < Int(UInt32.max) else { throw EmbeddingsError.invalidArgument("\(path): more than \(UInt32.max - 1) rows") }
        let wordBytes = words.reduce(0) { $0 + $1.utf8.count }
        var header = Header(rows: words.count, dimension: dimension, wordBytes: wordBytes)
        var content = CRC32(), fingerprint = VectorsFingerprint()
        try atomically(path) { writer in
            var offset = 0
            func emit(_ bytes: UnsafeRawBufferPointer) throws {
                if offset >= headerSize { content.update(bytes) }
                try writer.write(raw: bytes)
                offset += bytes.count
            }
            func pad(to target: Int) throws {
                try [UInt8](repeating: 0, count: target - offset).withUnsafeBytes { try emit($0) }
            }
            try [UInt8](repeating: 0, count: headerSize).withUnsafeBytes { try emit($0) }
            var offsets = [UInt64](repeating: 0, count: words.count + 1)
            for (row, word) in words.enumerated() {
                var word = word
                try word.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
                fingerprint.add(word: word)
                offsets[row + 1] = offsets[row] + UInt64(word.utf8.count)
            }
            try pad(to: header.wordOffsetsOffset)
            try offsets.map(\.littleEndian).withUnsafeBytes { try emit($0) }
            try MappedWordTable.hashTable(words, slots: header.hashSlots).withUnsafeBytes { try emit($0) }
            try pad(to: header.vectorsOffset)
            var norms = [Float](repeating: 0, count: 2 * words.count)
            var values = [Float](repeating: 0, count: header.stride)
            try values.withUnsafeMutableBufferPointer { row in
                for r in 0..<words.count {
                    fill(r, UnsafeMutableBufferPointer(rebasing: row[0..<dimension]))
                    let norm = Embeddings.norm(UnsafePointer(row.baseAddress!), dimension)
                    (norms[r], norms[words.count + r]) = (norm, Embeddings.inverse(norm: norm))
                    fingerprint.add(row: UnsafeBufferPointer(rebasing: row[0..<dimension]))
                    try emit(UnsafeRawBufferPointer(littleEndianFloats(row)))
                }
            }
            try pad(to: header.normsOffset)
            try norms.withUnsafeMutableBufferPointer { try emit(UnsafeRawBufferPointer(littleEndianFloats($0))) }
            precondition(offset == header.fileSize, "mapped layout: wrote \(offset) bytes, planned \(header.fileSize)")
            header.contentCRC = content.value
            header.fingerprint = fingerprint.value
            try writer.overwrite(at: 0, with: header.encoded())
        }
    }

    /// `values` with each float stored little-endian (a no-op on little-endian machines).
    private static func littleEndianFloats(_ values: UnsafeMutableBufferPointer<Float>) -> UnsafeMutableBufferPointer<Float> {
        #if _endian(big)
        for i in values.indices { values[i] = Float(bitPattern: values[i].bitPattern.littleEndian) }
        #endif
        return values
    }

    // MARK: Reading

    /// True when `path` starts with the format's magic bytes.
    static func hasMagic(_ file: FileBytes) -> Bool {
        file.count >= magic.count && UnsafeBufferPointer(start: file.bytes, count: magic.count).elementsEqual(magic)
    }

    static func read(path: String, limit: Int?) throws -> VectorFile {
        VectorFile(embeddings: try map(path: path, limit: limit), warnings: [], format: .mapped)
    }

    /// Maps `path` and checks its header, size and layout (reading one page, not the file).
    static func map(path: String, limit: Int? = nil) throws -> Embeddings {
        if let limit, limit < 1 { throw EmbeddingsError.invalidArgument("limit must be at least 1, got \(limit)") }
        let region = try MappedRegion(path: path)
        let (header, base) = try checkedHeader(region, path: path)
        let rows = Swift.min(header.rows, limit ?? header.rows)
        let table = MappedWordTable(region: region, header: header, rows: rows)
        let norms = (base + header.normsOffset).assumingMemoryBound(to: Float.self)
        return Embeddings(words: WordList(mapped: table), dimension: header.dimension,
                          vectors: FloatRows(base: (base + header.vectorsOffset).assumingMemoryBound(to: Float.self), rows: rows,
                                             dimension: header.dimension, stride: header.stride, owner: region),
                          norms: FloatRows(base: norms, rows: rows, dimension: 1, stride: 1, owner: region),
                          inverseNorms: FloatRows(base: norms + header.rows, rows: rows, dimension: 1, stride: 1, owner: region),
                          fingerprint: rows == header.rows ? header.fingerprint : nil)
    }

    private static func checkedHeader(_ region: MappedRegion, path: String) throws -> (Header, UnsafeRawPointer) {
        let size = region.size
        guard size >= magic.count, let base = region.base,
              UnsafeRawBufferPointer(start: base, count: magic.count).elementsEqual(magic) else {
            throw EmbeddingsError.badMappedFile(path: path, reason: "not a mapped vectors file (no 'w2v-vecm' magic)")
        }
        guard size >= headerSize else {
            throw EmbeddingsError.badMappedFile(path: path, reason: "truncated: \(size) bytes, shorter than the \(headerSize)-byte header; re-export it")
        }
        let header = try Header.decode(base, size: size, path: path)
        let lastOffset = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: header.wordOffsetsOffset + 8 * header.rows, as: UInt64.self))
        guard lastOffset == UInt64(header.wordBytesCount) else {
            throw EmbeddingsError.badMappedFile(path: path, reason: "the word table is damaged; run 'w2v verify' and re-export the vectors")
        }
        return (header, base)
    }

    /// The full check: the header as `open`, then the CRC-32 of every byte after it.
    /// Returns the header's fingerprint. - Complexity: reads the whole file once.
    static func verify(path: String) throws -> (rows: Int, dimension: Int, fingerprint: UInt64) {
        let region = try MappedRegion(path: path)
        let (header, base) = try checkedHeader(region, path: path)
        var crc = CRC32()
        var offset = headerSize
        while offset < header.fileSize {
            let n = Swift.min(8 << 20, header.fileSize - offset)
            crc.update(UnsafeRawBufferPointer(start: base + offset, count: n))
            region.release(before: offset + n)
            offset += n
        }
        guard crc.value == header.contentCRC else {
            throw EmbeddingsError.badMappedFile(path: path, reason: "damaged: the content's CRC-32 is \(hex(crc.value)), the header says \(hex(header.contentCRC)); re-export the vectors")
        }
        return (header.rows, header.dimension, header.fingerprint)
    }
}

private func align(_ offset: Int, _ alignment: Int) -> Int { (offset + alignment - 1) / alignment * alignment }

func hex<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: Swift.max(0, T.bitWidth / 4 - digits.count)) + digits
}

extension VectorFormat {
    /// What `verifyMapped` found in an intact file.
    public struct MappedFileCheck: Sendable {
        public let rows: Int
        public let dimension: Int
        /// `Embeddings.fingerprint` of the vectors, as the header stores it.
        public let fingerprint: UInt64
        public var fingerprintHex: String { hex(fingerprint) }
    }

    /// Checks every byte of a `.w2vm` file against its header's CRC-32 (one read of the file,
    /// holding a window of it in memory); throws `EmbeddingsError.badMappedFile` if damaged.
    public static func verifyMapped(path: String) throws -> MappedFileCheck {
        let (rows, dimension, fingerprint) = try MappedVectorsFormat.verify(path: path)
        return MappedFileCheck(rows: rows, dimension: dimension, fingerprint: fingerprint)
    }
}
