import Corpus
import Embeddings

/// Writes the checkpoint format described in `Checkpoint`, streaming: the matrices go from
/// their storage to the file row by row, never copied whole, and the CRC-32 is computed on
/// the way. Atomic through `AtomicFileWriter` (temporary file, fsync, rename).
enum CheckpointWriter {
    /// Writes `header` and the matrices that `matrices` emits (W then C, row-major,
    /// `vocabulary.count x dimension` floats each) to `path`.
    static func write(_ header: CheckpointHeader, to path: String,
                      matrices: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let file = try AtomicFileWriter(path: path)
        do {
            var encoder = CheckpointEncoder(file: file)
            try file.write(Checkpoint.magic)
            try encoder.writeUnchecked(Checkpoint.version)
            try encoder.writeUnchecked(UInt32(0))
            try encode(header, into: &encoder)
            try encoder.flush()
            let rows = header.vocabulary.count, columns = header.configuration.dimension
            var matrixBytes = 0
            try matrices { bytes in
                matrixBytes += bytes.count
                try encoder.payload(bytes)
            }
            precondition(matrixBytes == 2 * rows * columns * 4, "CheckpointWriter: \(matrixBytes) matrix bytes for \(rows) x \(columns)")
            let length = encoder.payloadLength
            let checksum = encoder.checksum.value
            try encoder.writeUnchecked(UInt64(length))
            try encoder.writeUnchecked(checksum)
            try file.write(Checkpoint.trailerMagic)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Writes a checkpoint held in memory.
    static func write(_ checkpoint: Checkpoint, to path: String) throws {
        try write(checkpoint.header, to: path) { emit in
            try checkpoint.input.withUnsafeBytes(emit)
            try checkpoint.output.withUnsafeBytes(emit)
        }
    }

    /// Every field of `header`, in the order `CheckpointReader.decodeHeader` reads them.
    private static func encode(_ header: CheckpointHeader, into e: inout CheckpointEncoder) throws {
        let c = header.configuration
        try e.int(c.dimension); try e.int(c.window); try e.int(c.negative)
        try e.double(c.sample); try e.double(c.alpha)
        try e.int(c.epochs); try e.int(c.threads)
        try e.integer(c.seed); try e.double(c.noisePower)
        try e.integer(UInt8(c.update == .batched ? 0 : 1))

        let s = header.source
        try e.string(s.path); try e.int(s.byteCount)
        try e.int(s.options.minCount); try e.int(s.options.maxVocabulary ?? -1)
        try e.int(s.options.maxSentenceLength); try e.int(s.options.maxVocabularyEntries ?? -1)
        try e.integer(UInt8(s.options.tokenizer.lowercase ? 1 : 0))
        try e.integer(UInt8(s.options.tokenizer.stripPunctuation ? 1 : 0) | UInt8(s.options.tokenizer.splitPunctuation ? 2 : 0))
        try e.int(s.files.count)
        for file in s.files {
            try e.string(file.path); try e.int(file.byteCount)
            try e.integer(file.modificationTime); try e.integer(file.fingerprint)
        }

        let f = header.fingerprint
        try e.int(f.length); try e.int(f.wordCount); try e.integer(f.checksum)

        try e.int(header.wordsProcessed)
        try e.int(header.workers.count)
        for w in header.workers {
            try e.integer(w.random.state); try e.int(w.epoch); try e.int(w.position)
            try e.double(w.loss); try e.int(w.pairs); try e.int(w.words)
        }

        try e.int(header.vocabulary.count)
        for (word, count) in zip(header.vocabulary.words, header.vocabulary.counts) {
            try e.int(count)
            try e.string(word)
        }
        try e.int(header.vocabulary.count)
        try e.int(c.dimension)
    }
}

/// Little-endian fields into an `AtomicFileWriter`, with the payload's CRC-32 and length.
struct CheckpointEncoder {
    let file: AtomicFileWriter
    private(set) var checksum = CRC32()
    private(set) var payloadLength = 0
    private var pending: [UInt8] = []

    init(file: AtomicFileWriter) {
        self.file = file
        pending.reserveCapacity(1 << 16)
    }

    /// A payload field.
    mutating func integer<T: FixedWidthInteger>(_ value: T) throws {
        withUnsafeBytes(of: value.littleEndian) { pending.append(contentsOf: $0) }
        if pending.count >= 1 << 16 { try flush() }
    }

    mutating func int(_ value: Int) throws { try integer(Int64(value)) }

    mutating func double(_ value: Double) throws { try integer(value.bitPattern) }

    /// A `UInt32` byte length, then the UTF-8 bytes.
    mutating func string(_ value: String) throws {
        let bytes = Array(value.utf8)
        try integer(UInt32(bytes.count))
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 16 { try flush() }
    }

    /// Raw payload bytes (matrix rows: floats are written in memory order, little-endian on
    /// every platform Swift targets here).
    mutating func payload(_ bytes: UnsafeRawBufferPointer) throws {
        try flush()
        checksum.update(bytes)
        payloadLength += bytes.count
        try file.write(raw: bytes)
    }

    /// Sends the pending payload fields to the file.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { checksum.update($0) }
        payloadLength += pending.count
        try file.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// A field outside the payload (header or trailer): not checksummed.
    mutating func writeUnchecked<T: FixedWidthInteger>(_ value: T) throws {
        try flush()
        try withUnsafeBytes(of: value.littleEndian) { try file.write(raw: $0) }
    }
}

#if _endian(big)
#error("checkpoints store floats in memory order and assume a little-endian host")
#endif
