import Foundation
import XCTest
@testable import Embeddings

/// Issue 13's reader defects, each with the input that showed it, and the inputs kept in
/// Fuzz/Regressions/vectors replayed the way the FuzzVectors target reads them.
final class ReaderRobustnessTests: TemporaryDirectoryTestCase {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions/vectors").path

    /// Defect 1: `40 * dimension` overflowed in format detection before the header was checked.
    func testHugeHeaderDimensionIsRefusedBeforeAnyArithmetic() throws {
        for header in ["1 1000000000000000000", "1 4611686018427387903", "3 9223372036854775", "2 1000000000000"] {
            let path = file("v.txt", header + "\nw 1\n")
            XCTAssertThrowsError(try Word2VecReader.read(path: path), header) { error in
                guard case .badHeader? = error as? EmbeddingsError else { return XCTFail("\(header): \(error)") }
                XCTAssertTrue("\(error)".contains("cannot fit"), "\(error)")
            }
        }
    }

    /// Defect 2: a headerless file's rows were reserved as (lines x first row's width): one row
    /// of 1,000,000 values and 100,000 newlines (2.1 MB) asked for 400 GB.
    func testHeaderlessFileReservesRowsBoundedByItsSize() throws {
        var bytes = Array("w".utf8)
        bytes.reserveCapacity(2_200_000)
        for _ in 0..<1_000_000 { bytes += [0x20, 0x30] }
        bytes += [UInt8](repeating: 0x0A, count: 100_001)
        let result = try Word2VecReader.readWithWarnings(path: file("glove.txt", bytes))
        XCTAssertEqual(result.embeddings.count, 1)
        XCTAssertEqual(result.embeddings.dimension, 1_000_000)
        XCTAssertLessThan(result.embeddings.vectors.capacity, 2_000_000, "reserved more than the rows the file can hold")
        XCTAssertFalse(result.hasHeader)
    }

    /// Defect 4: "é" (NFC) and "e" + U+0301 (NFD) are different words, as in gensim, word2vec.c
    /// and fastText; Swift's `String ==` merged them and dropped the second as a duplicate.
    func testUnicodeNormalFormsAreDifferentWords() throws {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        XCTAssertEqual(nfc, nfd, "Swift String equality is canonical equivalence (the reason for WordKey)")
        let result = try Word2VecReader.readWithWarnings(path: file("nf.txt", "3 2\n\(nfc) 1 0\n\(nfd) 0 1\nthe 1 1\n"))
        let e = result.embeddings
        XCTAssertEqual(result.warnings, [])
        XCTAssertEqual(e.count, 3)
        XCTAssertEqual(e.row(of: nfc), 0)
        XCTAssertEqual(e.row(of: nfd), 1)
        XCTAssertEqual(try e.resolve(nfd), 1)
        XCTAssertEqual(e.vector(nfd).map(Array.init), [0, 1])
        XCTAssertEqual(try e.similarity(nfc, nfd), 0, accuracy: 1e-6)
        // The same-bytes duplicate is still dropped.
        let dup = try Word2VecReader.readWithWarnings(path: file("dup.txt", "3 2\n\(nfd) 1 0\n\(nfd) 0 1\nthe 1 1\n"))
        XCTAssertEqual(dup.embeddings.count, 2)
        XCTAssertEqual(dup.warnings.count, 1)
        // Built in memory: two rows, two index entries.
        let built = Embeddings(words: [nfc, nfd], dimension: 1, vectors: [1, 2])
        XCTAssertEqual(built.index.count, 2)
        XCTAssertEqual(built.vector(nfd).map(Array.init), [2])
    }

    /// Evaluation compares code points too: an analogy whose answer is the NFD spelling is wrong
    /// when the vectors give the NFC one, and word pairs find each spelling's own row.
    func testEvaluationDoesNotMergeNormalForms() throws {
        let nfc = "\u{E9}t\u{E9}", nfd = "e\u{301}te\u{301}"
        // b - a + c = (0, 1, 1) - (0, 1, 0) + (1, 0, 0) = (1, 0, 1): the NFC row (1, 0, 1) is the answer.
        let e = Embeddings(words: ["a", "b", "c", nfc, nfd], dimension: 3,
                           vectors: [0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, -1, 0, 0])
        let right = try e.evaluateAnalogies(text: ": s\na b c \(nfc)\n", name: "q", caseInsensitive: false)
        XCTAssertEqual(right.total.correct, 1)
        let wrong = try e.evaluateAnalogies(text: ": s\na b c \(nfd)\n", name: "q", caseInsensitive: false)
        XCTAssertEqual(wrong.total.incorrect, 1)
        XCTAssertEqual(wrong.total.correct, 0)
        let insensitive = try e.evaluateAnalogies(text: ": s\na b c \(nfd)\n", name: "q", caseInsensitive: true)
        XCTAssertEqual(insensitive.total.incorrect, 1)
        let pairs = try e.evaluateWordPairs(text: "\(nfc)\t\(nfd)\t1\na\tb\t2\nb\tc\t3\n", name: "p", caseInsensitive: false)
        XCTAssertEqual(pairs.pairs, 3)
        XCTAssertEqual(pairs.skipped, 0)
    }

    /// The kept fuzz inputs: refused with an error or read consistently, with rows the file can hold.
    func testKeptVectorInputs() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.regressions).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 3, "the regression inputs are missing")
        for name in names {
            let input = Array(try Data(contentsOf: URL(fileURLWithPath: Self.regressions + "/" + name)))
            guard let control = input.first else { continue }
            let format: Word2VecReader.Format = [.auto, .text, .binary, .auto][Int(control & 3)]
            let limit: Int? = control & 4 != 0 ? Int(control >> 3) + 1 : nil
            do {
                let result = try Word2VecReader.parse(Array(input.dropFirst()), path: name, limit: limit, format: format)
                let e = result.embeddings
                XCTAssertEqual(e.vectors.count, e.count * e.dimension, name)
                XCTAssertLessThanOrEqual(e.vectors.capacity * 4, 64 * input.count + 16 << 10, name)
                for (row, word) in e.words.enumerated() { XCTAssertEqual(e.row(of: word), row, name) }
                for case let .duplicateWord(word, _, first) in result.warnings {
                    XCTAssertTrue(e.words[first].utf8.elementsEqual(word.utf8), "\(name): '\(word)' merged with '\(e.words[first])'")
                }
            } catch {
                XCTAssertFalse("\(error)".isEmpty, name)
            }
        }
    }
}
