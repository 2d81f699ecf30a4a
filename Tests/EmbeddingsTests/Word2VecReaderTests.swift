import Foundation
import XCTest
@testable import Embeddings

/// A scratch directory removed after each test.
class TemporaryDirectoryTestCase: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "w2v-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes `bytes` to a file in the scratch directory and returns its path.
    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let path = directory + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    func file(_ name: String, _ text: String) -> String { file(name, Array(text.utf8)) }

    /// Binary word2vec bytes: header, then word, space, little-endian floats, newline.
    func binaryBytes(_ rows: [(String, [Float])], header: String? = nil, newline: Bool = true) -> [UInt8] {
        var bytes = Array((header ?? "\(rows.count) \(rows.first?.1.count ?? 0)\n").utf8)
        for (word, values) in rows {
            bytes += Array(word.utf8) + [0x20]
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
            if newline { bytes.append(0x0A) }
        }
        return bytes
    }

    /// Runs `body` expecting an `EmbeddingsError` and returns it.
    func readError(_ path: String, limit: Int? = nil, file: StaticString = #filePath, line: UInt = #line) -> EmbeddingsError? {
        do {
            _ = try Word2VecReader.readWithWarnings(path: path, limit: limit)
            XCTFail("reading \(path) should fail", file: file, line: line)
        } catch let error as EmbeddingsError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }
}

final class Word2VecReaderTests: TemporaryDirectoryTestCase {
    private func sample(rows: Int, dimension: Int, seed: UInt64) -> Embeddings {
        var generator = SeededGenerator(seed: seed)
        let words = (0..<rows).map { "w\($0)" } + ["naïve", "日本"]
        let values = (0..<(words.count * dimension)).map { _ in Float.random(in: -2...2, using: &generator) }
        return Embeddings(words: words, dimension: dimension, vectors: values)
    }

    // MARK: Good files

    func testTextRoundTripThroughWriter() throws {
        let original = sample(rows: 50, dimension: 7, seed: 1)
        let path = directory + "/v.txt"
        try VectorFormat.word2vecText.write(original, to: path)
        let result = try Word2VecReader.readWithWarnings(path: path)
        XCTAssertEqual(result.format, .text)
        XCTAssertTrue(result.hasHeader)
        XCTAssertEqual(result.embeddings.words, original.words)
        XCTAssertEqual(result.embeddings.dimension, 7)
        for (a, b) in zip(result.embeddings.vectors, original.vectors) {
            XCTAssertEqual(a, b, accuracy: 5.1e-7)  // the writer keeps 6 decimals
            XCTAssertEqual(a, Float(String(format: "%.6f", b))!)
        }
        XCTAssertTrue(result.warnings.isEmpty)
    }

    func testBinaryRoundTripIsExactAndDerivedArraysMatchTheInitializer() throws {
        let original = sample(rows: 300, dimension: 13, seed: 2)
        let path = directory + "/v.bin"
        try VectorFormat.word2vecBinary.write(original, to: path)
        let read = try Word2VecReader.readWithWarnings(path: path)
        XCTAssertEqual(read.format, .binary)
        XCTAssertEqual(read.embeddings.words, original.words)
        XCTAssertEqual(read.embeddings.vectors, original.vectors)
        // The reader computes unit rows itself; they must be bit-identical to Embeddings.init's.
        XCTAssertEqual(read.embeddings.unitVectors.map(\.bitPattern), original.unitVectors.map(\.bitPattern))
        XCTAssertEqual(read.embeddings.norms, original.norms)
        XCTAssertEqual(read.embeddings.index, original.index)
        XCTAssertEqual(try Word2VecReader.read(path: path).words, original.words)
    }

    func testBinaryWithoutNewlinesAsGensimWritesIt() throws {
        let rows: [(String, [Float])] = [("a", [1, 2]), ("b", [3, -4]), ("c", [0.5, 0.25])]
        let path = file("g.bin", binaryBytes(rows, newline: false))
        let e = try Word2VecReader.read(path: path)
        XCTAssertEqual(e.words, ["a", "b", "c"])
        XCTAssertEqual(e.vectors, [1, 2, 3, -4, 0.5, 0.25])
    }

    func testGloVeFileWithoutHeader() throws {
        let path = file("glove.txt", "the 0.1 0.2 0.3\n, -0.5 1e-3 2\nof 1 2 3\n\n")
        let result = try Word2VecReader.readWithWarnings(path: path)
        XCTAssertFalse(result.hasHeader)
        XCTAssertEqual(result.embeddings.words, ["the", ",", "of"])
        XCTAssertEqual(result.embeddings.dimension, 3)
        XCTAssertEqual(result.embeddings.vectors, [0.1, 0.2, 0.3, -0.5, 0.001, 2, 1, 2, 3])
        // A GloVe file whose first word is a number still reads (it has more than two fields).
        XCTAssertEqual(try Word2VecReader.read(path: file("g2.txt", "1 0.5 0.25\n2 1 1")).words, ["1", "2"])
    }

    func testLimitReadsTheFirstRowsOfEveryFormat() throws {
        let original = sample(rows: 20, dimension: 4, seed: 3)
        let text = directory + "/v.txt", binary = directory + "/v.bin"
        try VectorFormat.word2vecText.write(original, to: text)
        try VectorFormat.word2vecBinary.write(original, to: binary)
        let glove = file("glove.txt", original.words.prefix(10).enumerated().map { "\($1) \($0) 1 2 3" }.joined(separator: "\n"))
        for path in [text, binary] {
            let e = try Word2VecReader.read(path: path, limit: 5)
            XCTAssertEqual(Array(e.words), Array(original.words.prefix(5)))
            XCTAssertEqual(e.vectors.count, 20)
        }
        XCTAssertEqual(try Word2VecReader.read(path: glove, limit: 3).words, ["w0", "w1", "w2"])
        XCTAssertEqual(try Word2VecReader.read(path: text, limit: 1000).count, original.count)
        // A limit stops before damage further down.
        let damaged = file("d.txt", "3 2\na 1 2\nb 3 4\nc oops 6\n")
        XCTAssertEqual(try Word2VecReader.read(path: damaged, limit: 2).words, ["a", "b"])
    }

    func testDuplicateWordsKeepTheFirstRowAndWarn() throws {
        let text = file("dup.txt", "4 2\na 1 2\nb 3 4\na 5 6\nc 7 8\n")
        let result = try Word2VecReader.readWithWarnings(path: text)
        XCTAssertEqual(result.embeddings.words, ["a", "b", "c"])
        XCTAssertEqual(result.embeddings.vectors, [1, 2, 3, 4, 7, 8])
        XCTAssertEqual(result.embeddings.index, ["a": 0, "b": 1, "c": 2])
        XCTAssertEqual(result.rowsRead, 4)
        XCTAssertEqual(result.warnings, [.duplicateWord(word: "a", at: .line(4), firstRow: 0)])
        XCTAssertTrue(result.warnings[0].description.contains("line 4"))

        let binary = file("dup.bin", binaryBytes([("x", [1]), ("x", [2]), ("y", [3])]))
        let b = try Word2VecReader.readWithWarnings(path: binary)
        XCTAssertEqual(b.embeddings.words, ["x", "y"])
        XCTAssertEqual(b.embeddings.vectors, [1, 3])
        XCTAssertEqual(b.warnings, [.duplicateWord(word: "x", at: .row(1, byteOffset: 11), firstRow: 0)])
    }

    func testWindowsLineEndingsTrailingSpacesAndNoFinalNewline() throws {
        let crlf = file("crlf.txt", "2 3\r\nx 1 2 3\r\ny 4 5 6\r\n")
        XCTAssertEqual(try Word2VecReader.read(path: crlf).vectors, [1, 2, 3, 4, 5, 6])
        let fastText = file("ft.vec", "2 2\nx 1 2 \ny 3 4 \n")  // fastText's .vec ends rows with a space
        XCTAssertEqual(try Word2VecReader.read(path: fastText).vectors, [1, 2, 3, 4])
        let noNewline = file("nn.txt", "2 2\nx 1 2\ny 3 4.5e-1")  // mapped file without a final newline
        XCTAssertEqual(try Word2VecReader.read(path: noNewline).vectors, [1, 2, 3, 0.45])
    }

    func testInvalidUTF8WordIsRepairedWithAWarning() throws {
        let path = file("latin1.txt", Array("1 2\ncaf".utf8) + [0xE9] + Array(" 1 2\n".utf8))
        let result = try Word2VecReader.readWithWarnings(path: path)
        XCTAssertEqual(result.embeddings.words, ["caf\u{FFFD}"])
        XCTAssertEqual(result.warnings, [.invalidUTF8(word: "caf\u{FFFD}", at: .line(2))])
    }

    func testInMemoryParse() throws {
        let result = try Word2VecReader.parse(Array("1 2\nq 1 2".utf8), path: "memory")
        XCTAssertEqual(result.embeddings.words, ["q"])
    }

    // MARK: Bad files: one clear error each, naming the file and the place

    func testEmptyAndBlankFiles() {
        for (name, text) in [("empty.txt", ""), ("blank.txt", "  \n\n \t\n")] {
            let path = file(name, text)
            XCTAssertEqual(readError(path), .emptyFile(path: path))
        }
    }

    func testProseIsNotVectors() {
        let path = file("prose.txt", "the quick brown fox jumps\nover the lazy dog\n")
        guard case .notVectors(let p, let reason)? = readError(path) else { return XCTFail("expected notVectors") }
        XCTAssertEqual(p, path)
        XCTAssertTrue(reason.contains("quick"), reason)
        XCTAssertTrue(readError(path)!.description.hasPrefix(path + ": not a vectors file"))
        // Random bytes without a header.
        var generator = SeededGenerator(seed: 9)
        let noise = file("noise.bin", (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        XCTAssertNotNil(readError(noise))
    }

    func testHeaderThatDoesNotMatchTheRows() {
        let short = file("short.txt", "3 2\na 1 2\nb 3 4\n")
        XCTAssertEqual(readError(short), .rowCountMismatch(path: short, declared: 3, found: 2, at: .line(4)))
        XCTAssertTrue(readError(short)!.description.contains("line 4"))
        let long = file("long.txt", "2 2\na 1 2\nb 3 4\nc 5 6\n")
        XCTAssertEqual(readError(long), .rowCountMismatch(path: long, declared: 2, found: 3, at: .line(4)))
        let zero = file("zero.txt", "0 5\n")
        guard case .badHeader(_, "0 5", _)? = readError(zero) else { return XCTFail("expected badHeader") }
        let noDimension = file("nodim.txt", "3 0\na\nb\nc\n")
        guard case .badHeader? = readError(noDimension) else { return XCTFail("expected badHeader") }
        // A header promising far more than the file holds fails before allocating anything.
        let huge = file("huge.txt", "1000000000 300\na 1 2\n")
        guard case .badHeader(_, _, let reason)? = readError(huge) else { return XCTFail("expected badHeader") }
        XCTAssertTrue(reason.contains("does not match the rows"), reason)
        let binaryShort = file("short.bin", binaryBytes([("a", [1, 2]), ("b", [3, 4])], header: "3 2\n"))
        XCTAssertEqual(readError(binaryShort), .rowCountMismatch(path: binaryShort, declared: 3, found: 2, at: .row(2, byteOffset: 26)))
        let binaryLong = file("long.bin", binaryBytes([("a", [1, 2]), ("b", [3, 4]), ("c", [5, 6])], header: "2 2\n"))
        guard case .rowCountMismatch(_, 2, 3, _)? = readError(binaryLong) else { return XCTFail("expected rowCountMismatch") }
    }

    func testRowWithTheWrongNumberOfValues() {
        let few = file("few.txt", "2 3\na 1 2 3\nb 4 5\n")
        XCTAssertEqual(readError(few), .wrongValueCount(path: few, at: .line(3), word: "b", expected: 3, found: 2))
        let many = file("many.txt", "2 3\na 1 2 3\nb 4 5 6 7 8\n")
        XCTAssertEqual(readError(many), .wrongValueCount(path: many, at: .line(3), word: "b", expected: 3, found: 5))
        let glove = file("glove.txt", "a 1 2 3\nb 4 5\n")
        XCTAssertEqual(readError(glove), .wrongValueCount(path: glove, at: .line(2), word: "b", expected: 3, found: 2))
        let wordOnly = file("word.txt", "2 1\na 1\nb\n")
        XCTAssertEqual(readError(wordOnly), .wrongValueCount(path: wordOnly, at: .line(3), word: "b", expected: 1, found: 0))
        XCTAssertTrue(readError(many)!.description.contains("has 5 values, expected 3"))
    }

    func testValueThatIsNotANumber() {
        let path = file("nan-text.txt", "2 3\na 1 2 3\nb 4 x5 6\n")
        XCTAssertEqual(readError(path), .notANumber(path: path, at: .line(3), word: "b", text: "x5"))
        let glued = file("glued.txt", "1 2\na 1.5.2 3\n")
        XCTAssertEqual(readError(glued), .notANumber(path: glued, at: .line(2), word: "a", text: "1.5.2"))
    }

    func testNaNAndInfinity() {
        for (token, name) in [("nan", "n1"), ("-inf", "n2"), ("Infinity", "n3"), ("1e39", "n4")] {
            let path = file(name + ".txt", "2 2\na 1 2\nb \(token) 1\n")
            XCTAssertEqual(readError(path), .nonFinite(path: path, at: .line(3), word: "b", text: token), token)
        }
        let binary = file("nan.bin", binaryBytes([("a", [1, 2]), ("b", [3, .nan])]))
        guard case .nonFinite(_, .row(1, byteOffset: 15), "b", let text)? = readError(binary) else { return XCTFail("expected nonFinite") }
        XCTAssertTrue(text.contains("value 2 of 2"), text)
    }

    func testTruncatedBinary() {
        let full = binaryBytes([("alpha", [1, 2, 3]), ("beta", [4, 5, 6])])
        let cutInFloats = file("cut1.bin", Array(full.dropLast(5)))
        XCTAssertEqual(readError(cutInFloats), .truncated(path: cutInFloats, at: .row(1, byteOffset: 23),
                                                          reason: "word 'beta' needs 12 bytes of floats but only 8 remain"))
        let cutInWord = file("cut2.bin", Array(full.prefix(25)))
        guard case .truncated(_, .row(1, byteOffset: 23), _)? = readError(cutInWord) else { return XCTFail("expected truncated") }
        XCTAssertTrue(readError(cutInFloats)!.description.contains("truncated binary data"))
    }

    func testMalformedRowsAndMissingFiles() {
        let emptyLine = file("gap.txt", "3 1\na 1\n\nb 2\nc 3\n")
        XCTAssertEqual(readError(emptyLine), .malformedRow(path: emptyLine, at: .line(3), reason: "empty line between rows"))
        let leadingSpace = file("space.txt", "1 1\n a 1\n")
        guard case .malformedRow(_, .line(2), _)? = readError(leadingSpace) else { return XCTFail("expected malformedRow") }
        let missing = directory + "/absent.txt"
        guard case .cannotOpen(missing, _)? = readError(missing) else { return XCTFail("expected cannotOpen") }
        guard case .cannotOpen(_, "it is a directory")? = readError(directory) else { return XCTFail("expected cannotOpen") }
        XCTAssertThrowsError(try Word2VecReader.read(path: emptyLine, limit: 0))
    }
}
