import XCTest
@testable import Corpus

/// The gzip/DEFLATE decoder against Python's gzip and zlib (fixtures written by
/// scripts/make_gzip_fixtures.py into corpora/gzip/), and every way a file can be wrong.
final class GzipTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpora/gzip").path

    private func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/" + name)))
    }

    /// Decodes `packed` in `chunk`-byte reads.
    private func gunzip(_ packed: [UInt8], chunk: Int = 1 << 16) throws -> [UInt8] {
        let source = GzipByteSource(path: "test.gz", file: MemoryByteSource(bytes: packed))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// The words of scripts/make_gzip_fixtures.py `lcg_text`.
    static func lcgText(words n: Int, seed: UInt64) -> [UInt8] {
        let words = ["the", "cat", "sat", "on", "a", "mat", "new_york", "zebra"].map { Array($0.utf8) }
        var x = seed
        var out: [UInt8] = []
        for i in 0..<n {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            out += words[Int((x >> 33) % 8)]
            out.append(i % 12 == 11 ? 10 : 32)
        }
        return out
    }

    func testStoredFixedDynamicEmptyNamedAndMultiMemberMatchPython() throws {
        for name in ["stored", "fixed", "dynamic", "empty", "named", "multi"] {
            let expected = try bytes(name + ".txt")
            for chunk in [1, 7, 4096] {
                XCTAssertEqual(try gunzip(try bytes(name + ".txt.gz"), chunk: chunk), expected, "\(name), reads of \(chunk)")
            }
        }
    }

    func testLargeStreamAcrossWindowAndOutputChunks() throws {
        let expected = Self.lcgText(words: 400_000, seed: 1)
        XCTAssertGreaterThan(expected.count, Inflater.outputChunk + Inflater.windowSize)
        XCTAssertEqual(try gunzip(try bytes("large.txt.gz")), expected)
        XCTAssertEqual(try gunzip(try bytes("large.txt.gz"), chunk: 3_000_001), expected)
    }

    func testConcatenatedFilesAsOneMultiMemberStream() throws {
        let a = try bytes("dynamic.txt.gz"), b = try bytes("stored.txt.gz"), c = try bytes("empty.txt.gz")
        XCTAssertEqual(try gunzip(a + c + b + c), try bytes("dynamic.txt") + bytes("stored.txt"))
    }

    /// Every proper prefix of a member is an error naming truncation or a bad header, never
    /// a crash and never a silent success.
    func testEveryTruncationPointIsRefused() throws {
        for name in ["named", "dynamic", "stored", "fixed"] {
            let packed = try bytes(name + ".txt.gz")
            for cut in 0..<packed.count {
                do {
                    _ = try gunzip(Array(packed[0..<cut]))
                    XCTFail("\(name) cut at \(cut) of \(packed.count) decoded without error")
                } catch let error as CorpusError {
                    switch error {
                    case .notGzip: XCTAssertTrue(cut < 2, "\(name) cut at \(cut): \(error)")
                    case .badGzip(_, _, let reason): XCTAssertTrue(reason.contains("ends in the middle"), "\(name) cut at \(cut): \(reason)")
                    default: XCTFail("\(name) cut at \(cut): \(error)")
                    }
                }
            }
        }
    }

    func testCorruptedCRCAndLengthAreRefused() throws {
        var packed = try bytes("dynamic.txt.gz")
        packed[packed.count - 8] ^= 1
        XCTAssertThrowsError(try gunzip(packed)) { XCTAssertTrue("\($0)".contains("CRC-32 mismatch"), "\($0)") }
        packed = try bytes("dynamic.txt.gz")
        packed[packed.count - 1] ^= 1
        XCTAssertThrowsError(try gunzip(packed)) { XCTAssertTrue("\($0)".contains("length mismatch"), "\($0)") }
        // A damaged data byte: caught by the code structure or by the CRC, never accepted.
        let original = try bytes("dynamic.txt.gz")
        for position in stride(from: 10, to: original.count - 9, by: 3) { // not the last data byte: its padding bits are unused
            var damaged = original
            damaged[position] ^= 0x20
            XCTAssertThrowsError(try gunzip(damaged), "flip at \(position)")
        }
    }

    func testNotGzipAndTrailingGarbage() throws {
        XCTAssertThrowsError(try gunzip(Array("plain text\n".utf8))) {
            XCTAssertEqual($0 as? CorpusError, .notGzip(path: "test.gz", firstBytes: "70 6c"))
        }
        XCTAssertThrowsError(try gunzip([])) { XCTAssertEqual($0 as? CorpusError, .notGzip(path: "test.gz", firstBytes: "")) }
        XCTAssertThrowsError(try gunzip(try bytes("dynamic.txt.gz") + [0x41, 0x42, 0x43])) {
            XCTAssertTrue("\($0)".contains("trailing garbage"), "\($0)")
        }
        var badBlock = try bytes("stored.txt.gz")
        badBlock[10] |= 6 // block type 3
        XCTAssertThrowsError(try gunzip(badBlock)) { XCTAssertTrue("\($0)".contains("block type 3"), "\($0)") }
    }

    /// A `.gz` corpus loads to the same vocabulary and ids as its plain text.
    func testGzipCorpusLoadsLikeThePlainFile() throws {
        let options = CorpusOptions(minCount: 1)
        let plain = try CorpusLoader.load(path: Self.fixtures + "/multi.txt", options: options)
        let packed = try CorpusLoader.load(path: Self.fixtures + "/multi.txt.gz", options: options)
        XCTAssertEqual(plain.vocabulary, packed.vocabulary)
        XCTAssertEqual(plain.corpus.withIDs(Array.init), packed.corpus.withIDs(Array.init))
        XCTAssertEqual(packed.files.count, 1)
        XCTAssertEqual(packed.files[0].byteCount, 373)
    }

    /// Decoder speed on a real file: `W2V_GZIP_BENCH=path.gz swift test --filter GzipTests`
    /// prints MB/s of decompressed output (skipped otherwise).
    func testDecoderSpeed() throws {
        guard let path = ProcessInfo.processInfo.environment["W2V_GZIP_BENCH"] else { throw XCTSkip("set W2V_GZIP_BENCH") }
        for _ in 0..<3 {
            let start = Date()
            let source = GzipByteSource(path: path, file: try FileByteSource(path: path))
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
            defer { buffer.deallocate() }
            var total = 0
            while case let n = try source.read(into: buffer), n > 0 { total += n }
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "gzip decode: %d bytes in %.3f s = %.0f MB/s", total, seconds, Double(total) / seconds / 1e6))
        }
    }
}
