#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Corpus

extension Checkpoint {
    /// Reads and verifies the checkpoint at `path` (format in `Checkpoint`).
    /// - Throws: `SkipGramError.checkpointUnreadable` (missing, directory, no permission,
    ///   read error), `.checkpointCorrupt` (not a checkpoint, truncated, bad checksum, a
    ///   field out of range), `.checkpointVersion` (written by a newer w2v).
    /// - Complexity: O(file size); the file is memory-mapped, not read into a buffer.
    public static func read(path: String) throws -> Checkpoint {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SkipGramError.checkpointUnreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SkipGramError.checkpointUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw SkipGramError.checkpointUnreadable(path: path, reason: "it is a directory")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw SkipGramError.checkpointUnreadable(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else { return try decode(UnsafeRawBufferPointer(start: nil, count: 0), path: path) }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw SkipGramError.checkpointUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { munmap(map, size) }
        return try decode(UnsafeRawBufferPointer(start: map, count: size), path: path)
    }

    /// Verifies and decodes a whole checkpoint file held in memory; `path` names it in errors.
    public static func decode(_ file: UnsafeRawBufferPointer, path: String) throws -> Checkpoint {
        func corrupt(_ offset: Int, _ reason: String) -> SkipGramError {
            .checkpointCorrupt(path: path, byteOffset: offset, reason: reason)
        }
        let size = file.count
        guard size > 0, let base = file.baseAddress else { throw corrupt(0, "the file is empty") }
        guard size >= magic.count, memcmp(base, magic, magic.count) == 0 else {
            throw corrupt(0, "not a w2v checkpoint (it does not start with \"w2v-ckpt\")")
        }
        guard size >= headerSize + trailerSize else {
            throw corrupt(size, "the file is truncated: \(size) bytes, shorter than the \(headerSize + trailerSize)-byte header and trailer")
        }
        let version = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard version <= Self.version else { throw SkipGramError.checkpointVersion(path: path, version: version, supported: Self.version) }
        guard version >= 1 else { throw corrupt(8, "format version 0 does not exist") }
        let trailer = size - trailerSize
        guard memcmp(base + trailer + 12, trailerMagic, trailerMagic.count) == 0 else {
            throw corrupt(trailer + 12, "the file is truncated or has bytes appended (the end marker \"ckpt-end\" is missing)")
        }
        let length = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: trailer, as: UInt64.self))
        guard length == UInt64(trailer - headerSize) else {
            throw corrupt(trailer, "the payload should be \(length) bytes but the file holds \(trailer - headerSize): it was truncated or spliced")
        }
        let stored = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: trailer + 8, as: UInt32.self))
        let payload = UnsafeRawBufferPointer(start: base + headerSize, count: trailer - headerSize)
        let computed = CRC32.checksum(payload)
        guard stored == computed else {
            throw corrupt(headerSize, "checksum mismatch (stored CRC-32 \(hex(stored)), computed \(hex(computed))): the file was damaged after it was written")
        }
        var reader = CheckpointDecoder(bytes: payload, startOffset: headerSize, path: path)
        let header = try reader.decodeHeader(version: version)
        let count = header.vocabulary.count * header.configuration.dimension
        let input = try reader.floats(count, "the input matrix W")
        let output = try reader.floats(count, "the output matrix C")
        guard reader.remaining == 0 else {
            throw corrupt(reader.offset, "\(reader.remaining) unexpected bytes after the output matrix")
        }
        return Checkpoint(header: header, input: input, output: output)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// A bounds-checked little-endian cursor over a checkpoint's payload. Every read checks the
/// bytes left first; every count is checked against what the bytes left could hold before
/// anything is allocated.
struct CheckpointDecoder {
    private let bytes: UnsafeRawBufferPointer
    private let startOffset: Int
    private let path: String
    private var position = 0

    init(bytes: UnsafeRawBufferPointer, startOffset: Int, path: String) {
        self.bytes = bytes
        self.startOffset = startOffset
        self.path = path
    }

    /// Offset in the file.
    var offset: Int { startOffset + position }
    var remaining: Int { bytes.count - position }

    func corrupt(_ reason: String) -> SkipGramError {
        .checkpointCorrupt(path: path, byteOffset: offset, reason: reason)
    }

    private mutating func take(_ n: Int, _ what: String) throws -> UnsafeRawPointer {
        guard n >= 0, n <= remaining else {
            throw corrupt("\(what) needs \(n) bytes but only \(remaining) are left")
        }
        let p = bytes.baseAddress! + position
        position += n
        return p
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws -> T {
        T(littleEndian: try take(MemoryLayout<T>.size, what).loadUnaligned(as: T.self))
    }

    /// An `Int64` field that must lie in `range`.
    mutating func int(_ what: String, in range: ClosedRange<Int> = 0...Int.max) throws -> Int {
        let at = offset
        let value = try integer(Int64.self, what)
        guard let int = Int(exactly: value), range.contains(int) else {
            throw SkipGramError.checkpointCorrupt(path: path, byteOffset: at, reason: "\(what) is \(value), outside \(range.lowerBound)...\(range.upperBound)")
        }
        return int
    }

    mutating func double(_ what: String) throws -> Double {
        Double(bitPattern: try integer(UInt64.self, what))
    }

    mutating func flag(_ what: String) throws -> Bool {
        let at = offset
        switch try integer(UInt8.self, what) {
        case 0: return false
        case 1: return true
        case let other: throw SkipGramError.checkpointCorrupt(path: path, byteOffset: at, reason: "\(what) is \(other), not 0 or 1")
        }
    }

    mutating func string(_ what: String) throws -> String {
        let n = Int(try integer(UInt32.self, what + " length"))
        let p = try take(n, what)
        return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)
    }

    mutating func floats(_ count: Int, _ what: String) throws -> [Float] {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else { throw corrupt("\(what) would need more than \(Int.max) bytes") }
        let p = try take(bytes, what)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: p, byteCount: bytes) }
            initialized = count
        }
    }

    /// Every field `CheckpointWriter.encode` writes, checked for plausibility.
    mutating func decodeHeader(version: UInt32) throws -> CheckpointHeader {
        var c = TrainingConfiguration()
        let configurationOffset = offset
        c.dimension = try int("dimension"); c.window = try int("window"); c.negative = try int("negative")
        c.sample = try double("sample"); c.alpha = try double("alpha")
        c.epochs = try int("epochs"); c.threads = try int("threads")
        c.seed = try integer(UInt64.self, "seed"); c.noisePower = try double("noise power")
        c.update = try flag("update mode") ? .perPair : .batched
        do { try c.validate() } catch {
            throw SkipGramError.checkpointCorrupt(path: path, byteOffset: configurationOffset, reason: "the configuration is invalid: \(error)")
        }

        let corpusPath = try string("corpus path")
        let byteCount = try int("corpus size")
        var options = CorpusOptions()
        options.minCount = try int("min-count")
        let maxVocabulary = try int("max-vocab", in: -1...Int.max)
        guard maxVocabulary != 0 else { throw corrupt("max-vocab is 0") }
        options.maxVocabulary = maxVocabulary < 0 ? nil : maxVocabulary
        options.maxSentenceLength = try int("max sentence length", in: 1...Int.max)
        let maxEntries = try int("max vocabulary entries", in: -1...Int.max)
        guard maxEntries != 0 else { throw corrupt("max vocabulary entries is 0") }
        options.maxVocabularyEntries = maxEntries < 0 ? nil : maxEntries
        options.tokenizer.lowercase = try flag("lowercase")
        // Punctuation: bit 0 strip, bit 1 split (a version-1 file written before
        // --split-punctuation holds 0 or 1 here).
        let at = offset
        let punctuation = try integer(UInt8.self, "punctuation mode")
        guard punctuation <= 3 else {
            throw SkipGramError.checkpointCorrupt(path: path, byteOffset: at, reason: "punctuation mode is \(punctuation), not 0...3")
        }
        options.tokenizer.stripPunctuation = punctuation & 1 != 0
        options.tokenizer.splitPunctuation = punctuation & 2 != 0
        var files: [SourceFile] = []
        if version >= 2 {
            // Each file takes at least 24 bytes, which bounds the allocation.
            let fileCount = try int("input file count", in: 0...max(0, remaining / 24))
            for i in 0..<fileCount {
                let filePath = try string("path of input \(i)")
                let size = try int("size of input \(i)")
                let time = try integer(Int64.self, "modification time of input \(i)")
                files.append(SourceFile(path: filePath, byteCount: size, modificationTime: time,
                                        fingerprint: try integer(UInt32.self, "fingerprint of input \(i)")))
            }
        }
        let source = CorpusSource(path: corpusPath, byteCount: byteCount, options: options, files: files)

        let length = try int("corpus length")
        let wordCount = try int("corpus word count", in: 0...length)
        let fingerprint = CorpusFingerprint(length: length, wordCount: wordCount, checksum: try integer(UInt32.self, "corpus checksum"))
        let total = c.epochs.multipliedReportingOverflow(by: wordCount)
        guard !total.overflow else { throw corrupt("epochs x corpus words overflows") }

        let wordsProcessed = try int("words processed", in: 0...total.partialValue)
        let workerCount = try int("worker count", in: c.threads...c.threads)
        var workers: [WorkerState] = []
        workers.reserveCapacity(workerCount)
        for w in 0..<workerCount {
            var state = WorkerState(seed: 0, worker: 0, position: 0)
            state.random = RandomGenerator(state: try integer(UInt64.self, "worker \(w) random state"))
            state.epoch = try int("worker \(w) epoch", in: 0...c.epochs)
            state.position = try int("worker \(w) position", in: 0...length)
            state.loss = try double("worker \(w) loss")
            state.pairs = try int("worker \(w) pairs")
            state.words = try int("worker \(w) words", in: 0...total.partialValue)
            workers.append(state)
        }

        // Each word takes at least 12 bytes (count and length), which bounds the allocation.
        let words = try int("vocabulary size", in: 1...max(1, remaining / 12))
        var vocabulary: [String] = [], counts: [Int] = []
        vocabulary.reserveCapacity(words)
        counts.reserveCapacity(words)
        var countSum = 0
        for i in 0..<words {
            // Training sums the counts, so their sum must fit as well.
            counts.append(try int("count of word \(i)", in: 0...(Int.max - countSum)))
            countSum += counts[i]
            vocabulary.append(try string("word \(i)"))
        }
        _ = try int("matrix rows", in: words...words)
        _ = try int("matrix columns", in: c.dimension...c.dimension)
        return CheckpointHeader(configuration: c, source: source, fingerprint: fingerprint,
                                vocabulary: Vocabulary(words: vocabulary, counts: counts),
                                workers: workers, wordsProcessed: wordsProcessed)
    }
}
