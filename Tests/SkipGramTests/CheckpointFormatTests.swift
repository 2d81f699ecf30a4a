import XCTest

@testable import SkipGram
@testable import Corpus

/// The checkpoint file: round trip, checksum, and every way a file can be wrong.
final class CheckpointFormatTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws { directory = try TrainingFixture.temporaryDirectory("checkpoint") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    // MARK: CRC-32

    func testCRC32CheckValueAndReference() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([]), 0)
        var random = RandomGenerator(seed: 3)
        for length in [1, 7, 8, 9, 63, 64, 65, 1000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            XCTAssertEqual(CRC32.checksum(bytes), CRC32.reference(bytes), "length \(length)")
            // Fed in two pieces, split anywhere, it is the same.
            var crc = CRC32()
            let cut = length / 3
            bytes[..<cut].withUnsafeBytes { crc.update($0) }
            bytes[cut...].withUnsafeBytes { crc.update($0) }
            XCTAssertEqual(crc.value, CRC32.reference(bytes))
        }
    }

    // MARK: Round trip

    /// One epoch on the fixture, trained once for the whole class (ten seconds unoptimised);
    /// the tests only read it. `nonisolated(unsafe)`: XCTest runs a class's tests one after
    /// another on one thread, and nothing mutates the trainer after this initialiser.
    nonisolated(unsafe) private static let trained: Result<Trainer, any Error> = Result {
        let trainer = try TrainingFixture.trainer(TrainingFixture.configuration(epochs: 1))
        _ = try trainer.train()
        return trainer
    }

    /// A trained-for-a-while run, its checkpoint bytes, and the path they were written to.
    private func written() throws -> (trainer: Trainer, path: String, bytes: [UInt8]) {
        let trainer = try Self.trained.get()
        let path = directory + "/run.ckpt"
        try trainer.writeCheckpoint(to: path, source: TrainingFixture.source)
        return (trainer, path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Version 2 records every input file (path, size, modification time, fingerprint).
    func testInputFilesRoundTrip() throws {
        let trainer = try TrainingFixture.trainer(TrainingFixture.configuration(epochs: 1))
        let files = [SourceFile(path: "/data/a.txt", byteCount: 12, modificationTime: 1_700_000_000_123_456_789, fingerprint: 0xDEAD_BEEF),
                     SourceFile(path: "-", byteCount: 99, modificationTime: 0, fingerprint: 0)]
        let source = CorpusSource(path: "2 files", byteCount: 111, options: CorpusOptions(minCount: 5), files: files)
        let path = directory + "/files.ckpt"
        try trainer.writeCheckpoint(to: path, source: source)
        XCTAssertEqual(try Checkpoint.read(path: path).header.source, source)
    }

    func testRoundTripKeepsEverything() throws {
        let (trainer, path, bytes) = try written()
        let checkpoint = try Checkpoint.read(path: path)
        let h = checkpoint.header
        XCTAssertEqual(h.configuration, trainer.configuration)
        XCTAssertEqual(h.source, TrainingFixture.source)
        XCTAssertEqual(h.vocabulary, trainer.vocabulary)
        XCTAssertEqual(h.workers, trainer.states)
        XCTAssertEqual(h.wordsProcessed, trainer.wordsProcessed)
        XCTAssertEqual(h.fingerprint, CorpusFingerprint(TrainingFixture.corpus.corpus))
        XCTAssertTrue(h.isFinished)
        XCTAssertEqual(checkpoint.input.map(\.bitPattern), trainer.input.toArray().map(\.bitPattern))
        XCTAssertEqual(checkpoint.output.map(\.bitPattern), trainer.output.toArray().map(\.bitPattern))
        XCTAssertEqual(checkpoint.embeddings(.inputPlusOutput).vectors, trainer.embeddings(.inputPlusOutput).vectors)
        // Layout: magic, version 2, and the trailer's length and checksum describe the payload.
        XCTAssertEqual(Array(bytes[0..<8]), Array("w2v-ckpt".utf8))
        XCTAssertEqual(Array(bytes[8..<12]), [2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[(bytes.count - 8)...]), Array("ckpt-end".utf8))
        let payload = Array(bytes[16..<(bytes.count - 20)])
        let stored = bytes[(bytes.count - 12)..<(bytes.count - 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        XCTAssertEqual(stored, CRC32.reference(payload))
        // Re-encoding what was read gives the same bytes.
        let again = directory + "/again.ckpt"
        try CheckpointWriter.write(checkpoint, to: again)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: again))), bytes)
        // No temporary file is left next to it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["again.ckpt", "run.ckpt"])
    }

    /// Every tokenizer option survives a round trip (punctuation: bit 0 strip, bit 1 split).
    func testTokenizerOptionsRoundTrip() throws {
        let (_, path, _) = try written()
        let checkpoint = try Checkpoint.read(path: path)
        for (lowercase, strip, split) in [(true, false, true), (false, true, false), (true, true, true), (false, false, false)] {
            var header = checkpoint.header
            header.source.options.tokenizer = TokenizerOptions(lowercase: lowercase, stripPunctuation: strip)
            header.source.options.tokenizer.splitPunctuation = split
            let copy = directory + "/options-\(lowercase)-\(strip)-\(split).ckpt"
            try CheckpointWriter.write(Checkpoint(header: header, input: checkpoint.input, output: checkpoint.output), to: copy)
            XCTAssertEqual(try Checkpoint.read(path: copy).header.source.options.tokenizer, header.source.options.tokenizer)
        }
    }

    // MARK: Hostile files

    private func failure(reading path: String) -> SkipGramError? {
        do {
            _ = try Checkpoint.read(path: path)
            XCTFail("\(path) was accepted")
            return nil
        } catch {
            guard let error = error as? SkipGramError else { XCTFail("unexpected \(error)"); return nil }
            XCTAssertTrue(error.description.hasPrefix(path + ": "), error.description)
            return error
        }
    }

    private func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = directory + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    /// The reason of a `checkpointCorrupt`, or a failure.
    private func corruptReason(_ bytes: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let path = write(bytes, name)
        guard case .checkpointCorrupt(_, _, let reason)? = failure(reading: path) else {
            XCTFail("expected checkpointCorrupt", file: file, line: line)
            return ""
        }
        return reason
    }

    func testMissingDirectoryAndUnreadable() throws {
        guard case .checkpointUnreadable(_, let missing)? = failure(reading: directory + "/none.ckpt") else { return XCTFail() }
        XCTAssertTrue(missing.contains("No such file"), missing)
        guard case .checkpointUnreadable(_, let isDirectory)? = failure(reading: directory) else { return XCTFail() }
        XCTAssertTrue(isDirectory.contains("directory"), isDirectory)
        let secret = write([1, 2, 3], "secret.ckpt")
        chmod(secret, 0)
        if access(secret, R_OK) == 0 { throw XCTSkip("running with privileges that ignore file modes") }
        guard case .checkpointUnreadable(_, let denied)? = failure(reading: secret) else { return XCTFail() }
        XCTAssertTrue(denied.contains("Permission denied"), denied)
    }

    func testEmptyJunkAndTextAreNotCheckpoints() {
        XCTAssertTrue(corruptReason([], "empty.ckpt").contains("empty"))
        var random = RandomGenerator(seed: 11)
        let junk = (0..<5000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        XCTAssertTrue(corruptReason(junk, "junk.ckpt").contains("not a w2v checkpoint"))
        XCTAssertTrue(corruptReason(Array("3 2\na 0.1 0.2\nb 0.3 0.4\n".utf8), "vectors.txt").contains("not a w2v checkpoint"))
        XCTAssertTrue(corruptReason(Array("w2v-ckpt".utf8), "magic-only.ckpt").contains("truncated"))
    }

    func testEveryTruncationIsCaught() throws {
        let (_, _, bytes) = try written()
        for cut in [9, 16, 20, 36, 100, bytes.count / 2, bytes.count - 21, bytes.count - 20, bytes.count - 1] {
            let reason = corruptReason(Array(bytes[..<cut]), "cut-\(cut).ckpt")
            XCTAssertTrue(reason.contains("truncated"), "cut at \(cut): \(reason)")
        }
        XCTAssertTrue(corruptReason(bytes + [0], "appended.ckpt").contains("truncated or has bytes appended"))
    }

    func testFlippedBitFailsTheChecksum() throws {
        let (_, _, bytes) = try written()
        for position in [16, 100, bytes.count / 2, bytes.count - 21] {
            var damaged = bytes
            damaged[position] ^= 0x10
            let reason = corruptReason(damaged, "flip-\(position).ckpt")
            XCTAssertTrue(reason.contains("checksum mismatch"), "byte \(position): \(reason)")
        }
    }

    func testFutureVersionIsRefusedByName() throws {
        var (_, _, bytes) = try written()
        bytes[8] = 3
        let path = write(bytes, "future.ckpt")
        XCTAssertEqual(failure(reading: path), .checkpointVersion(path: path, version: 3, supported: 2))
        XCTAssertTrue(SkipGramError.checkpointVersion(path: path, version: 3, supported: 2).description.contains("newer"))
    }

    /// Files with a valid checksum whose fields lie: every one is refused with the field
    /// named, and none makes the reader allocate what the file cannot hold.
    func testLyingFieldsWithValidChecksum() throws {
        let (trainer, _, bytes) = try written()
        func patched(_ offset: Int, _ value: Int64) -> [UInt8] {
            var payload = Array(bytes[16..<(bytes.count - 20)])
            withUnsafeBytes(of: value.littleEndian) { payload.replaceSubrange((offset - 16)..<(offset - 8), with: $0) }
            var crc = CRC32(); payload.withUnsafeBytes { crc.update($0) }
            var file = Array(bytes[..<16]) + payload + Array(bytes[(bytes.count - 20)...])
            withUnsafeBytes(of: crc.value.littleEndian) { file.replaceSubrange((file.count - 12)..<(file.count - 8), with: $0) }
            return file
        }
        // Offsets of fixed fields: the configuration starts the payload at byte 16.
        XCTAssertTrue(corruptReason(patched(16, -5), "dim.ckpt").contains("dimension"))
        XCTAssertTrue(corruptReason(patched(24, 0), "window.ckpt").contains("window"))
        // After the configuration (7 Int64/Double fields of 8 bytes, the seed, noise power, 1 byte)
        // comes the corpus path: its length prefix, then the path bytes.
        let sourceStart = 16 + 8 * 9 + 1
        let pathLength = Int("slice".utf8.count)
        let byteCount = sourceStart + 4 + pathLength
        let minCount = byteCount + 8
        XCTAssertTrue(corruptReason(patched(minCount, -1), "mincount.ckpt").contains("min-count"))
        let fingerprint = minCount + 8 * 4 + 2 + 8 // options, then the input-file count (no file listed here)
        XCTAssertTrue(corruptReason(patched(fingerprint + 8, Int64(Int32.max)), "words.ckpt").contains("corpus word count"))
        let processed = fingerprint + 16 + 4
        XCTAssertTrue(corruptReason(patched(processed, Int64.max), "processed.ckpt").contains("words processed"))
        XCTAssertTrue(corruptReason(patched(processed + 8, 3), "workers.ckpt").contains("worker count"))
        let worker = processed + 16
        XCTAssertTrue(corruptReason(patched(worker + 16, Int64(1) << 40), "position.ckpt").contains("position"))
        let vocabulary = worker + 48 * trainer.states.count
        XCTAssertTrue(corruptReason(patched(vocabulary, Int64(1) << 50), "vocab.ckpt").contains("vocabulary size"))
        XCTAssertTrue(corruptReason(patched(vocabulary, 2), "short-vocab.ckpt").contains("matrix rows"))
        // The untouched file still reads (the offsets above were the right ones).
        XCTAssertNoThrow(try Checkpoint.read(path: write(patched(16, 16), "same.ckpt")))
    }
}
