import XCTest
@testable import Embeddings

/// The mapped `.w2vm` format: a round trip keeps words and rows to the bit and answers as the
/// in-memory value does; every cut, a future version and a damaged header are refused at
/// open; a flipped byte anywhere after the header is caught by `verifyMapped`.
final class MappedFormatTests: XCTestCase {
    /// Seeded rows of dimension 13 (not a multiple of 16, so rows are padded), a zero row, and
    /// "é" in NFC and in NFD (two words).
    func sample(rows: Int = 40) -> Embeddings {
        var generator = SeededGenerator(seed: 20)
        var words = (0..<rows - 3).map { "w\($0)" + String(repeating: "x", count: $0 % 7) }
        words += ["\u{E9}", "e\u{301}", "zero"]
        var values = (0..<rows * 13).map { _ in Float.random(in: -1...1, using: &generator) }
        for k in 0..<13 { values[(rows - 1) * 13 + k] = 0 }
        return Embeddings(words: words, dimension: 13, vectors: values)
    }

    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-mapped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func written(_ e: Embeddings) throws -> String {
        let path = try directory() + "/v.w2vm"
        try VectorFormat.mapped.write(e, to: path)
        return path
    }

    func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    func testRoundTripIsBitIdenticalAndAnswersAsInMemory() throws {
        let original = sample()
        let path = try written(original)
        let read = try VectorFormat.read(path: path)
        XCTAssertEqual(read.format, .mapped)
        let mapped = read.embeddings
        XCTAssertEqual(Array(mapped.words).map { Array($0.utf8) }, Array(original.words).map { Array($0.utf8) })
        XCTAssertEqual(mapped.vectors.map(\.bitPattern), original.vectors.map(\.bitPattern))
        XCTAssertEqual(mapped.norms.map(\.bitPattern), original.norms.map(\.bitPattern))
        XCTAssertEqual(mapped.vectors.stride, 16)
        mapped.vectors.withRows { base, _ in XCTAssertEqual(Int(bitPattern: base) % 64, 0, "rows start on 64-byte boundaries") }
        for (row, word) in original.words.enumerated() { XCTAssertEqual(mapped.row(of: word), row, word) }
        XCTAssertNil(mapped.row(of: "absent"))
        XCTAssertNotEqual(mapped.row(of: "\u{E9}"), mapped.row(of: "e\u{301}"))
        for word in ["w3xxx", "\u{E9}"] {
            XCTAssertEqual(try mapped.neighbours(of: word, k: 5), try original.neighbours(of: word, k: 5), word)
        }
        // A zero row has no cosine: both refuse it alike.
        XCTAssertThrowsError(try mapped.neighbours(of: "zero", k: 5))
        XCTAssertThrowsError(try original.neighbours(of: "zero", k: 5))
        XCTAssertEqual(try mapped.analogy("w1x", "w2xx", "w3xxx", k: 3), try original.analogy("w1x", "w2xx", "w3xxx", k: 3))
        XCTAssertEqual(mapped.unitVectors.map(\.bitPattern), original.unitVectors.map(\.bitPattern))
        // The header's fingerprint is the one computed from the rows in memory; any change moves it.
        XCTAssertNotNil(mapped.storedFingerprint)
        XCTAssertEqual(mapped.fingerprint, original.fingerprint)
        var changed = Array(original.vectors)
        changed[100] = changed[100].nextUp
        XCTAssertNotEqual(Embeddings(words: Array(original.words), dimension: 13, vectors: changed).fingerprint, original.fingerprint)
        // Written again from the mapped value: the same bytes.
        let again = try written(mapped)
        XCTAssertEqual(try bytes(again), try bytes(path))
    }

    func testLimitHidesLaterRows() throws {
        let path = try written(sample())
        let e = try VectorFormat.mapped.read(path: path, limit: 3).embeddings
        XCTAssertEqual(e.count, 3)
        XCTAssertEqual(e.row(of: "w2xx"), 2)
        XCTAssertNil(e.row(of: "w3xxx"))
        XCTAssertNil(e.storedFingerprint)
        XCTAssertEqual(try e.neighbours(of: "w0", k: 5).answers.count, 2)
    }

    func testEveryTruncationIsRefusedAtOpen() throws {
        let path = try written(sample(rows: 6))
        let whole = try bytes(path)
        let cut = path + ".cut"
        for length in 0..<whole.count {
            try Data(whole[0..<length]).write(to: URL(fileURLWithPath: cut))
            XCTAssertThrowsError(try VectorFormat.mapped.read(path: cut), "cut at \(length)") { error in
                guard case let EmbeddingsError.badMappedFile(_, reason) = error else { return XCTFail("\(length): \(error)") }
                if length >= 128 { XCTAssertTrue(reason.hasPrefix("truncated: \(length) bytes, the header says \(whole.count)"), reason) }
            }
            if length >= 8 { XCTAssertThrowsError(try VectorFormat.read(path: cut), "auto, cut at \(length)") }
        }
    }

    /// `bytes` with the version field set to `version` and the header CRC recomputed, as a
    /// later w2v would write it.
    func withVersion(_ version: UInt32, _ file: [UInt8]) -> [UInt8] {
        var b = file
        withUnsafeBytes(of: version.littleEndian) { for i in 0..<4 { b[8 + i] = $0[i] } }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in b[0..<124] {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        withUnsafeBytes(of: (~crc).littleEndian) { for i in 0..<4 { b[124 + i] = $0[i] } }
        return b
    }

    func testFutureVersionIsRefusedWithOneClearLine() throws {
        let path = try written(sample())
        let original = try bytes(path)
        XCTAssertEqual(withVersion(1, original), original, "the test's CRC is the format's")
        try Data(withVersion(2, original)).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VectorFormat.read(path: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("version 2, but this w2v reads version 1; update w2v"), text)
            XCTAssertFalse(text.contains("\n"))
        }
        XCTAssertThrowsError(try VectorFormat.verifyMapped(path: path))
    }

    func testDamagedHeaderIsRefusedAtOpen() throws {
        let path = try written(sample())
        var b = try bytes(path)
        b[20] ^= 0x10  // the row count
        try Data(b).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VectorFormat.read(path: path)) { XCTAssertTrue("\($0)".contains("header is damaged"), "\($0)") }
    }

    func testVerifyCatchesAFlippedByteInEverySection() throws {
        let e = sample()
        let path = try written(e)
        let original = try bytes(path)
        XCTAssertEqual(try VectorFormat.verifyMapped(path: path).fingerprint, e.fingerprint)
        let header = MappedVectorsFormat.Header(rows: e.count, dimension: 13, wordBytes: e.words.reduce(0) { $0 + $1.utf8.count })
        let places = [header.wordBytesOffset + 3, header.wordOffsetsOffset + 9, header.hashOffset + 5,
                      header.vectorsOffset + 4 * 13 * 5 + 2, header.normsOffset + 1, original.count - 1]
        for place in places {
            var b = original
            b[place] ^= 0x10
            try Data(b).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try VectorFormat.verifyMapped(path: path), "flip at \(place)") { error in
                XCTAssertTrue("\(error)".contains("damaged: the content's CRC-32"), "\(error)")
            }
        }
    }
}
