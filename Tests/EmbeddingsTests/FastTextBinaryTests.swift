import XCTest
import Foundation
@testable import Embeddings

/// The fastText `.bin` reader against a file laid out by scripts/make_fasttext_fixture.py
/// (whose vectors the fasttext package's own get_word_vector confirmed), the writer by round
/// trip, and the refusals.
final class FastTextBinaryTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpora/fasttext")
    let fixture = directory.appendingPathComponent("tiny.bin").path

    func expected() throws -> (rows: [String: [Int]], vectors: [String: [Double]?]) {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("tiny.expected.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try XCTUnwrap(json["rows"] as? [String: [Int]])
        let vectors = try XCTUnwrap(json["vectors"] as? [String: Any]).mapValues { $0 as? [Double] }
        return (rows, vectors)
    }

    func temporary(_ name: String) -> String { NSTemporaryDirectory() + "ft-\(getpid())-\(name)" }

    func testFixtureVectorsMatchFastText() throws {
        let model = try FastTextBinaryFormat.readModel(path: fixture)
        XCTAssertEqual(model.words, ["the", "café", "日本"])
        XCTAssertEqual(model.arguments.ngramLengths, 3...4)
        let (rows, vectors) = try expected()
        XCTAssertEqual(rows.count, 6)
        for (word, ids) in rows {
            XCTAssertEqual(model.rows(of: word).map(Int.init), ids, word)
            if let want = vectors[word] ?? nil {
                let got = try XCTUnwrap(model.vector(word), word)
                for k in 0..<want.count { XCTAssertEqual(Double(got[k]), want[k], accuracy: 1e-6, "\(word)[\(k)]") }
            } else {
                XCTAssertNil(model.vector(word), word)
            }
        }
        // Read as a vectors file: the vocabulary's composed vectors, and the model kept.
        let file = try VectorFormat.read(path: fixture)
        XCTAssertEqual(file.format, .fastTextBinary)
        XCTAssertEqual(Array(file.embeddings.words), model.words)
        XCTAssertEqual(Array(file.embeddings.vector("café")!), model.vector("café"))
        XCTAssertNotNil(file.model)
    }

    func testRoundTripKeepsEverything() throws {
        let model = try FastTextBinaryFormat.readModel(path: fixture)
        let path = temporary("round.bin")
        defer { unlink(path) }
        let d = model.dimension
        try FastTextBinaryFormat.writeModel(to: path, arguments: model.arguments, words: model.words, counts: model.counts,
                                            tokenCount: model.tokenCount, inputRows: model.input.count / d,
                                            input: { r, row in _ = row.update(fromContentsOf: model.input[r * d ..< (r + 1) * d]) },
                                            outputRows: model.outputRows) { r, row in _ = row.update(fromContentsOf: model.output[r * d ..< (r + 1) * d]) }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), try Data(contentsOf: URL(fileURLWithPath: fixture)),
                       "the writer must reproduce the fixture byte for byte")
    }

    func testVectorsWrittenAsABinWithoutSubwords() throws {
        let e = Embeddings(words: ["x", "y"], dimension: 3, vectors: [1, 2, 3, -1, -2, -3.5])
        let path = temporary("plain.bin")
        defer { unlink(path) }
        try VectorFormat.fastTextBinary.write(e, to: path)
        let model = try FastTextBinaryFormat.readModel(path: path)
        XCTAssertNil(model.arguments.ngramLengths)
        XCTAssertEqual(model.vector("y"), [-1, -2, -3.5])
        XCTAssertNil(model.vector("unseen"), "no n-grams: no vector")
    }

    func refusal(_ bytes: [UInt8], _ name: String) -> String {
        let path = temporary(name)
        defer { unlink(path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        do {
            _ = try FastTextBinaryFormat.readModel(path: path)
            XCTFail("\(name) was read")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testTruncatedOtherVersionAndSupervisedAreRefused() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture)))
        for cut in [3, 10, 60, 90, bytes.count - 1] {
            XCTAssertTrue(refusal(Array(bytes.prefix(cut)), "cut\(cut)").contains("ends inside"), "cut at \(cut)")
        }
        var old = bytes
        old[4] = 11
        XCTAssertTrue(refusal(old, "v11").contains("version 11"))
        var supervised = bytes
        supervised[8 + 7 * 4] = 3   // model = sup
        XCTAssertTrue(refusal(supervised, "sup").contains("supervised"))
        var labels = bytes
        labels[8 + 12 * 4 + 8 + 8] = 1  // nlabels = 1
        XCTAssertTrue(refusal(labels, "labels").contains("supervised"))
    }
}
