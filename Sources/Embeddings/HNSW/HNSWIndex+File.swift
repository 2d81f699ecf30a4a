extension HNSWIndex {
    /// Index file layout, little-endian (version 1):
    ///
    ///     0   8   magic "w2v-hnsw"
    ///     8   4   u32 version
    ///     12  4   u32 dimension      } fingerprint of the vectors
    ///     16  8   u64 row count      } the index was built from
    ///     24  8   u64 vectors checksum (see VectorFingerprint)
    ///     32  4   u32 M
    ///     36  4   u32 efConstruction
    ///     40  8   u64 level seed
    ///     48  4   u32 entry row
    ///     52  4   u32 top level
    ///     56  8   u64 upper lists (number of lists above level 0)
    ///     64      count x u8 levels, zero-padded to a multiple of 4
    ///             count x (1 + 2M) i32 level-0 lists (count, then rows)
    ///             upper lists x (1 + M) i32 (node by node, level 1 first)
    ///     end-8   u64 FNV-1a 64 of every byte before it (8-byte words, see VectorFingerprint)
    ///
    /// The vectors are not stored: the index is opened with the vectors it was built from.
    public static let fileMagic = Array("w2v-hnsw".utf8)
    public static let fileVersion: UInt32 = 1
    static let headerSize = 64

    /// Writes the index atomically to `path`.
    public func write(to path: String) throws {
        var bytes: [UInt8] = Self.fileMagic
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        put(Self.fileVersion)
        put(UInt32(fingerprint.dimension))
        put(UInt64(fingerprint.count))
        put(fingerprint.checksum)
        put(UInt32(parameters.m))
        put(UInt32(parameters.efConstruction))
        put(parameters.seed)
        put(UInt32(entry))
        put(UInt32(maxLevel))
        put(UInt64(graph.upperLists))
        bytes.append(contentsOf: graph.levels)
        while bytes.count % 4 != 0 { bytes.append(0) }
        let level0 = graph.count * (graph.maxLinks0 + 1), upper = graph.upperLists * (graph.maxLinks + 1)
        bytes.reserveCapacity(bytes.count + 4 * (level0 + upper) + 8)
        for i in 0..<level0 { put(graph.level0[i]) }
        for i in 0..<upper { put(graph.upper[i]) }
        var hash = FNV1a64()
        bytes.withUnsafeBytes { hash.add(bytes: $0) }
        put(hash.value)
        let writer = try AtomicFileWriter(path: path)
        try bytes.withUnsafeBytes { try writer.write(raw: $0) }
        try writer.commit()
    }

    /// Reads an index written by `write(to:)` for `embeddings`, checking the version, the
    /// length, the checksum, every link, and that the index was built from these vectors.
    /// - Complexity: O(file size + count x dimension) (the fingerprint pass).
    public static func read(path: String, for embeddings: Embeddings) throws -> HNSWIndex {
        let file = try FileBytes(path: path)
        defer { file.release() }
        let bytes = UnsafeRawBufferPointer(start: file.bytes, count: file.count)
        func bad(_ reason: String) -> EmbeddingsError { .badIndexFile(path: path, reason: reason) }
        guard bytes.count >= headerSize + 8, Array(bytes[0..<8]) == fileMagic else {
            throw bad(bytes.count >= 8 && Array(bytes[0..<8]) == fileMagic ? "the file is cut short (\(bytes.count) bytes)" : "it does not start with \"w2v-hnsw\"")
        }
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        let version = u32(8)
        guard version == Int(fileVersion) else {
            throw bad("format version \(version), this w2v reads version \(fileVersion)\(version > Int(fileVersion) ? " (made by a newer w2v)" : "")")
        }
        let dimension = u32(12), checksum = u64(24)
        let count64 = u64(16), upper64 = u64(56)
        let m = u32(32), efConstruction = u32(36), seed = u64(40), entry = u32(48), maxLevel = u32(52)
        guard count64 <= UInt64(Int32.max), upper64 <= UInt64(Int32.max) * 32, m >= 2, m <= 1 << 16 else {
            throw bad("impossible header (count \(count64), M \(m), \(upper64) upper lists)")
        }
        let count = Int(count64), upperLists = Int(upper64)
        let levelsEnd = headerSize + (count + 3) / 4 * 4
        let expected = levelsEnd + 4 * (count * (2 * m + 1) + upperLists * (m + 1)) + 8
        guard bytes.count == expected else {
            throw bad(bytes.count < expected ? "the file is cut short (\(bytes.count) of \(expected) bytes)" : "\(bytes.count - expected) bytes after the end")
        }
        var hash = FNV1a64()
        hash.add(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<(expected - 8)]))
        guard hash.value == u64(expected - 8) else { throw bad("checksum mismatch (the file is damaged)") }
        let stored = VectorFingerprint(count: count, dimension: dimension, checksum: checksum)
        let actual = VectorFingerprint(embeddings)
        guard stored == actual else {
            throw EmbeddingsError.indexMismatch(path: path, index: stored.description, vectors: actual.description)
        }
        let levels = Array(bytes[headerSize..<(headerSize + count)])
        guard levels.reduce(0, { $0 + Int($1) }) == upperLists, count == 0 || (entry < count && maxLevel == Int(levels[entry])) else {
            throw bad("the levels disagree with the header")
        }
        let graph = HNSWGraph(levels: levels, maxLinks: m)
        var offset = levelsEnd
        // Every list: a count within capacity and rows that exist at that level.
        func readLists(_ target: UnsafeMutablePointer<Int32>, lists: Int, capacity: Int, level: (Int) -> Int) throws {
            for list in 0..<lists {
                let at = list * (capacity + 1)
                for j in 0...capacity {
                    target[at + j] = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                    offset += 4
                }
                let n = Int(target[at])
                guard n >= 0 && n <= capacity else { throw bad("list \(list) has \(n) links (at most \(capacity))") }
                for j in stride(from: 1, through: n, by: 1) {
                    let row = Int(target[at + j])
                    guard row >= 0 && row < count && Int(levels[row]) >= level(list) else { throw bad("list \(list) links to row \(row)") }
                }
            }
        }
        try readLists(graph.level0, lists: count, capacity: 2 * m) { _ in 0 }
        var levelOfList = [Int](repeating: 0, count: upperLists)
        for (node, level) in levels.enumerated() where level > 0 {
            for l in 1...Int(level) { levelOfList[graph.upperStart[node] + l - 1] = l }
        }
        try readLists(graph.upper, lists: upperLists, capacity: m) { levelOfList[$0] }
        return HNSWIndex(embeddings: embeddings, parameters: Parameters(m: m, efConstruction: efConstruction, seed: seed),
                         fingerprint: stored, graph: graph, entry: entry, maxLevel: maxLevel)
    }
}
