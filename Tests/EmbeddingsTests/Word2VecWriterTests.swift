import XCTest
@testable import Embeddings

/// The writer's byte layout, checked against an independent parse.
final class Word2VecWriterTests: XCTestCase {
    func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-writer-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func testFixedSixDecimalsMatchesPrintf() {
        var random = SystemRandomNumberGenerator()
        for value in [0, -0.0, 1, -1, 0.5, 1e-7, -1e-7, 123.4567891, -0.0000005, 0.0000015] + (0..<2000).map({ _ in Float.random(in: -50...50, using: &random) }) {
            var bytes: [UInt8] = []
            Word2VecTextFormat.appendFixed6(Float(value), to: &bytes)
            let ours = String(decoding: bytes, as: UTF8.self)
            // %.6f of the float's exact double value; rounding ties may differ in the last digit.
            let reference = String(format: "%.6f", Double(Float(value)))
            if ours != reference {
                XCTAssertEqual(Double(ours)!, Double(reference)!, accuracy: 1.0000001e-6, "\(value): \(ours) vs \(reference)")
                XCTAssertFalse(ours.hasPrefix("-0.000000"), "negative zero printed as \(ours)")
            }
        }
    }

    func testTextAndBinaryLayout() throws {
        let embeddings = Embeddings(words: ["a", "éte", "c"], dimension: 2, vectors: [1, -2, 0.25, 0.5, -0.125, 3])
        let textPath = temporaryPath("v.txt"), binPath = temporaryPath("v.bin")
        try VectorFormat.word2vecText.write(embeddings, to: textPath)
        try VectorFormat.word2vecBinary.write(embeddings, to: binPath)
        let text = try String(contentsOfFile: textPath, encoding: .utf8)
        XCTAssertEqual(text, "3 2\na 1.000000 -2.000000\néte 0.250000 0.500000\nc -0.125000 3.000000\n")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: binPath)))
        var expected = Array("3 2\n".utf8)
        for (i, word) in embeddings.words.enumerated() {
            expected += Array(word.utf8) + [0x20]
            for k in 0..<2 {
                withUnsafeBytes(of: embeddings.vectors[i * 2 + k].bitPattern.littleEndian) { expected += $0 }
            }
            expected.append(0x0A)
        }
        XCTAssertEqual(bytes, expected)
        // No temporary files are left beside the outputs.
        let dir = (textPath as NSString).deletingLastPathComponent
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["v.txt"])
    }

    func testFailedWriteLeavesNothing() throws {
        let embeddings = Embeddings(words: ["a"], dimension: 1, vectors: [1])
        XCTAssertThrowsError(try VectorFormat.word2vecText.write(embeddings, to: "/nonexistent-dir-w2v/v.txt")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent-dir-w2v/v.txt"), "\(error)")
        }
    }
}

import Foundation
