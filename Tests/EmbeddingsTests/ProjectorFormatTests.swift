import XCTest
@testable import Embeddings

final class ProjectorFormatTests: XCTestCase {
    func testWritesVectorsAndMetadataTSV() throws {
        let directory = NSTemporaryDirectory() + "projector-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let e = Embeddings(words: ["king", "tab\there", "x"], dimension: 2, vectors: [0.5, -1.25, 1e-7, 2, 3, 4])
        try VectorFormat.projector.write(e, to: directory)
        let vectors = try String(contentsOfFile: directory + "/vectors.tsv", encoding: .utf8)
        let metadata = try String(contentsOfFile: directory + "/metadata.tsv", encoding: .utf8)
        XCTAssertEqual(vectors, "0.500000\t-1.250000\n0.000000\t2.000000\n3.000000\t4.000000\n")
        XCTAssertEqual(metadata, "king\ntab here\nx\n")
        // Writing again into the existing directory replaces the files.
        try VectorFormat.projector.write(Embeddings(words: ["one"], dimension: 1, vectors: [1]), to: directory)
        XCTAssertEqual(try String(contentsOfFile: directory + "/metadata.tsv", encoding: .utf8), "one\n")
        // A path that is a file is refused.
        XCTAssertThrowsError(try VectorFormat.projector.write(e, to: directory + "/metadata.tsv"))
        // Read back: the words and the 6-decimal rows.
        let back = try VectorFormat.projector.read(path: directory).embeddings
        XCTAssertEqual(back.words, ["one"])
        XCTAssertEqual(back.vectors, [1])
    }
}
