import XCTest
@testable import Embeddings

final class SimilarityTests: XCTestCase {
    let e = Embeddings(words: ["the", "dog", "dig", "ago", "paris", "dogma", "zero"], dimension: 2,
                       vectors: [1, 0, 0.6, 0.8, 0, 1, 1, 1, -1, 0, 0.5, 0.5, 0, 0])

    func testCosineSimilarity() throws {
        XCTAssertEqual(try e.similarity("the", "dog"), 0.6, accuracy: 1e-6)
        XCTAssertEqual(try e.similarity("dog", "the"), 0.6, accuracy: 1e-6)
        XCTAssertEqual(try e.similarity("the", "paris"), -1, accuracy: 1e-6)
        // A zero vector has no direction: its cosine is 0/0, refused rather than shown as 0.
        XCTAssertThrowsError(try e.similarity("zero", "dog")) { XCTAssertTrue("\($0)".contains("zero vector"), "\($0)") }
        XCTAssertThrowsError(try e.neighbours(of: "zero"))
        XCTAssertEqual(try e.similarity("Paris", "THE"), -1, accuracy: 1e-6)  // lowercase fallback
    }

    /// Norms summed in Double: rows whose squares overflow (1e19) or underflow (1e-23) Float
    /// still get unit vectors, checked against a plain Double cosine; the reader's rows equal
    /// those of `Embeddings.init` bit for bit.
    func testCosineOfHugeAndTinyRows() throws {
        let rows: [[Float]] = [[1e19, 2e19, 3e19], [2e19, 4e19, 6e19], [1e-23, 2e-23, 3e-23], [3e-23, -1e-23, 2e-23], [1, 1, 1]]
        let words = ["a", "b", "c", "d", "e"]
        let e = Embeddings(words: words, dimension: 3, vectors: rows.flatMap { $0 })
        func reference(_ x: [Float], _ y: [Float]) -> Double {
            let dot = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let nx = x.reduce(0.0) { $0 + Double($1) * Double($1) }, ny = y.reduce(0.0) { $0 + Double($1) * Double($1) }
            return dot / (nx * ny).squareRoot()
        }
        for i in 0..<rows.count { for j in 0..<rows.count {
            XCTAssertEqual(Double(try e.similarity(words[i], words[j])), reference(rows[i], rows[j]), accuracy: 1e-6, "\(words[i]) \(words[j])")
        } }
        XCTAssertEqual(try e.similarity("a", "b"), 1, accuracy: 1e-6)
        XCTAssertEqual(try e.similarity("a", "c"), 1, accuracy: 1e-6)
        let text = "5 3\n" + zip(words, rows).map { w, r in w + " " + r.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n") + "\n"
        let read = try Word2VecReader.parse(Array(text.utf8), path: "scale.txt").embeddings
        XCTAssertEqual(read.unitVectors, e.unitVectors)
        XCTAssertEqual(read.norms, e.norms)
    }

    func testUnknownWordSuggestsClosestSpellings() {
        XCTAssertThrowsError(try e.similarity("dgo", "the")) { error in
            // "dog" is one transposition away and "ago" one substitution; "dig" is two edits
            // away, beyond the bound of 1 for three-letter words.
            XCTAssertEqual(error as? EmbeddingsError, .unknownWord(word: "dgo", suggestions: ["dog", "ago"]))
            XCTAssertEqual("\(error)", "'dgo' is not in the vocabulary; closest known spellings: dog, ago")
        }
        XCTAssertEqual(e.closestSpellings(to: "dgo", maxDistance: 2).map(\.word), ["dog", "ago", "dig"])
        XCTAssertEqual(e.closestSpellings(to: "dgo", maxDistance: 3).map(\.word), ["dog", "ago", "dig", "the", "zero"])
        XCTAssertEqual(e.closestSpellings(to: "PARIS").map(\.distance), [0])  // ASCII case folded
        XCTAssertEqual(e.closestSpellings(to: "xyzzyq"), [])
        XCTAssertThrowsError(try e.similarity("qqqqqqqq", "the")) { error in
            XCTAssertEqual("\(error)", "'qqqqqqqq' is not in the vocabulary")
        }
    }

    func testEditDistanceAgainstAPlainImplementation() {
        func reference(_ a: [UInt8], _ b: [UInt8]) -> Int {  // full optimal-string-alignment table
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in stride(from: 1, through: a.count, by: 1) {
                for j in stride(from: 1, through: b.count, by: 1) {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        var generator = SeededGenerator(seed: 12)
        var table = EditTable(width: 12)
        for _ in 0..<3000 {
            let a = (0..<Int.random(in: 0...10, using: &generator)).map { _ in UInt8.random(in: 97...100, using: &generator) }
            let b = (0..<Int.random(in: 0...10, using: &generator)).map { _ in UInt8.random(in: 97...100, using: &generator) }
            let expected = reference(a, b)
            for bound in 0...4 {
                let got = b.withUnsafeBufferPointer { table.distance(a, $0, bound: bound) }
                XCTAssertEqual(got, expected <= bound ? expected : nil, "\(a) \(b) bound \(bound)")
            }
        }
    }
}
