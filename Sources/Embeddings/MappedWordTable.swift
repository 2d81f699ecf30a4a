/// The words of a mapped `.w2vm` file, read in place: the words' UTF-8 bytes back to back,
/// `rows + 1` little-endian UInt64 offsets into them, and an open-addressing hash table of
/// `slots` (a power of two, at least twice the rows) UInt32 entries, each 0 (empty) or
/// row + 1, probed linearly from `FNV-1a-64(word) mod slots` (Knuth, TAOCP vol. 3, 6.4,
/// linear probing; at load factor <= 1/2 a lookup probes about 1.5 slots). The first row of a
/// word wins, as gensim and the text readers.
///
/// `@unchecked Sendable`: its pointers are into a read-only mapping that `region` keeps alive.
struct MappedWordTable: @unchecked Sendable {
    let region: MappedRegion
    /// Rows visible (a `limit` may hide the later ones).
    let count: Int
    private let bytes: UnsafePointer<UInt8>
    private let byteCount: Int
    private let offsets: UnsafeRawPointer
    private let table: UnsafeRawPointer
    private let mask: Int

    init(region: MappedRegion, header: MappedVectorsFormat.Header, rows: Int) {
        let base = region.base!
        self.region = region
        count = rows
        bytes = (base + header.wordBytesOffset).assumingMemoryBound(to: UInt8.self)
        byteCount = header.wordBytesCount
        offsets = base + header.wordOffsetsOffset
        table = base + header.hashOffset
        mask = header.hashSlots - 1
    }

    /// Slots for `rows` words: the smallest power of two >= 2 x rows (and >= 16).
    static func slots(for rows: Int) -> Int {
        var slots = 16
        while slots < 2 * rows { slots *= 2 }
        return slots
    }

    /// FNV-1a, 64 bits (Fowler, Noll, Vo), over the word's bytes.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h)
    }

    /// The table for `words` (first row wins), as written to the file.
    static func hashTable(_ words: [String], slots: Int) -> [UInt32] {
        var table = [UInt32](repeating: 0, count: slots)
        var stored = words.map { Array($0.utf8) }
        for row in stored.indices {
            let key = stored[row]
            var slot = key.withUnsafeBufferPointer { hash($0) } & (slots - 1)
            while table[slot] != 0 {
                if stored[Int(table[slot]) - 1] == key { break }
                slot = (slot + 1) & (slots - 1)
            }
            if table[slot] == 0 { table[slot] = UInt32(row + 1) }
        }
        stored.removeAll()
        return table.map(\.littleEndian)
    }

    /// The bytes of row `row`'s word (empty if the table is damaged; `w2v verify` says so).
    private func span(_ row: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(truncatingIfNeeded: UInt64(littleEndian: offsets.loadUnaligned(fromByteOffset: 8 * row, as: UInt64.self)))
        let end = Int(truncatingIfNeeded: UInt64(littleEndian: offsets.loadUnaligned(fromByteOffset: 8 * row + 8, as: UInt64.self)))
        guard start >= 0, start <= end, end <= byteCount else { return UnsafeBufferPointer(start: bytes, count: 0) }
        return UnsafeBufferPointer(start: bytes + start, count: end - start)
    }

    func word(_ row: Int) -> String {
        precondition(row >= 0 && row < count, "word row \(row) out of 0..<\(count)")
        return String(decoding: span(row), as: UTF8.self)
    }

    /// The row of exactly these bytes, or nil. - Complexity: O(length) expected.
    func row(of word: String) -> Int? {
        var word = word
        return word.withUTF8 { key -> Int? in
            var slot = Self.hash(key) & mask
            for _ in 0...mask {
                let entry = Int(UInt32(littleEndian: table.loadUnaligned(fromByteOffset: 4 * slot, as: UInt32.self)))
                if entry == 0 { return nil }
                let row = entry - 1
                if row < count, span(row).elementsEqual(key) { return row }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}
