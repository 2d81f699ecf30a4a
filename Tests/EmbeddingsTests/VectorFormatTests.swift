import XCTest
@testable import Embeddings

/// Every `VectorFormat` round-trips through its writer and reader; the NumPy header is the one
/// numpy's `lib/format.py` writes; damaged NumPy files are refused with the reason.
final class VectorFormatTests: XCTestCase {
    let original = Embeddings(words: ["king", "queen", "é", "a_b"], dimension: 3,
                              vectors: [0.5, -0.25, 1, 0.125, 2, -3, 1e-3, 0, 7.5, -0.0625, 4, 0.75])

    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-formats-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func testEveryFormatRoundTrips() throws {
        let dir = try directory()
        for format in VectorFormat.allCases {
            let path = dir + "/v-\(format.rawValue)." + (format == .npy ? "npy" : "tsv")
            try format.write(original, to: path)
            for file in format.files(for: path) { XCTAssertTrue(FileManager.default.fileExists(atPath: file), file) }
            let read = try format.read(path: path)
            XCTAssertEqual(read.format, format)
            XCTAssertEqual(read.embeddings.words, original.words, "\(format)")
            XCTAssertEqual(read.embeddings.dimension, 3)
            for (a, b) in zip(read.embeddings.vectors, original.vectors) { XCTAssertEqual(a, b, accuracy: 5e-7, "\(format)") }
            XCTAssertEqual(try format.read(path: path, limit: 2).embeddings.words, ["king", "queen"], "\(format)")
        }
    }

    func testAutomaticReadingRecognisesEachFormatWithWordsInside() throws {
        let dir = try directory()
        for format in [VectorFormat.word2vecText, .word2vecBinary, .glove, .npy] {
            let path = dir + "/auto-\(format.rawValue)"
            try format.write(original, to: path)
            XCTAssertEqual(try VectorFormat.read(path: path).format, format)
        }
    }

    func testCompanionFileNames() {
        XCTAssertEqual(VectorFormat.npy.files(for: "out/v.npy"), ["out/v.npy", "out/v.words.txt"])
        XCTAssertEqual(VectorFormat.npy.files(for: "v"), ["v", "v.words.txt"])
        XCTAssertEqual(VectorFormat.projector.files(for: "proj"), ["proj/vectors.tsv", "proj/metadata.tsv"])
        XCTAssertEqual(VectorFormat.word2vecText.files(for: "v.txt"), ["v.txt"])
    }

    /// The bytes numpy 2.4 `np.save(f, np.zeros((4, 3), np.float32))` writes before the data
    /// (128 of them: numpy leaves room for the row count to grow).
    func testNpyHeaderIsNumpys() throws {
        let header = NpyFormat.header(count: 4, dimension: 3)
        XCTAssertEqual(header.count, 128)
        XCTAssertEqual(Array(header.prefix(8)), [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        XCTAssertEqual(Int(header[8]) | Int(header[9]) << 8, header.count - 10)
        let dict = String(decoding: header[10...], as: UTF8.self)
        XCTAssertEqual(dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3), }" + String(repeating: " ", count: 58) + "\n")
    }

    /// NFC "é" and NFD "e" + U+0301 are different words (code points, as numpy and gensim), not
    /// a duplicate, in the formats whose words are read from a list (issue 13, defect 4).
    func testWordListFormatsKeepBothUnicodeNormalForms() throws {
        let dir = try directory()
        let e = Embeddings(words: ["\u{E9}", "e\u{301}", "\u{E9}"], dimension: 1, vectors: [1, 2, 3])
        for format in [VectorFormat.npy, .projector] {
            let read = try format.read(path: { try format.write(e, to: $0); return $0 }(dir + "/nf-\(format.rawValue)"))
            XCTAssertEqual(read.embeddings.words.map { Array($0.unicodeScalars) }, [["\u{E9}"], ["e", "\u{301}"]], "\(format)")
            XCTAssertEqual(read.embeddings.vectors, [1, 2], "\(format)")
            XCTAssertEqual(read.warnings.count, 1, "\(format): the third row repeats the first")
        }
    }

    func testNpyReaderRefusesDamagedFiles() throws {
        let dir = try directory()
        let path = dir + "/v.npy"
        try VectorFormat.npy.write(original, to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        // Cut short: the shape promises more data than the file holds (checked before allocating).
        try good.prefix(good.count - 4).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VectorFormat.npy.read(path: path)) {
            guard case .badHeader? = $0 as? EmbeddingsError else { return XCTFail("\($0)") }
        }
        // A shape whose size overflows.
        var huge = NpyFormat.header(count: 1 << 40, dimension: 1 << 40)
        huge += [UInt8](repeating: 0, count: 16)
        try Data(huge).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VectorFormat.npy.read(path: path)) {
            guard case .badHeader? = $0 as? EmbeddingsError else { return XCTFail("\($0)") }
        }
        // A words file with one word too few.
        try good.write(to: URL(fileURLWithPath: path))
        try "king\nqueen\né\n".write(toFile: dir + "/v.words.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try VectorFormat.npy.read(path: path)) {
            guard case .rowCountMismatch(_, 4, 3, _)? = $0 as? EmbeddingsError else { return XCTFail("\($0)") }
        }
        // A word holding a line break cannot be written one per line.
        let broken = Embeddings(words: ["a\nb"], dimension: 1, vectors: [1])
        XCTAssertThrowsError(try VectorFormat.npy.write(broken, to: dir + "/b.npy"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/b.npy"))
    }
}
