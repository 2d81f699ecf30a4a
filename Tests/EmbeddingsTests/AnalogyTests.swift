import XCTest
@testable import Embeddings

final class AnalogyTests: XCTestCase {
    /// 3-d vectors where "king - man + woman" can only be "queen": the gender axis is x,
    /// royalty is y, and distractors sit on other axes.
    let royal = Embeddings(words: ["man", "woman", "king", "queen", "apple", "prince", "banana"], dimension: 3, vectors: [
        1, 0, 0.1,     // man
        -1, 0, 0.1,    // woman
        1, 1, 0.1,     // king
        -1, 1, 0.1,    // queen
        0, 0, 1,       // apple
        0.9, 1.1, 0.2, // prince
        0.1, -0.2, 1,  // banana
    ])

    func testThreeCosAddForcedAnswer() throws {
        let result = try royal.analogy("man", "king", "woman", k: 2)
        XCTAssertEqual(result.answers.first?.word, "queen")
        // woman ranks second for king - man + woman: excluded from the answers, and shown.
        XCTAssertEqual(result.excluded.map(\.word), ["woman"])
        XCTAssertEqual(result.excluded.first?.rank, 2)
        XCTAssertEqual(result.answers.count, 2)
        XCTAssertFalse(result.answers.contains { ["man", "king", "woman"].contains($0.word) })
    }

    func testThreeCosMulFormulaAndForcedAnswer() throws {
        let result = try royal.analogy("man", "king", "woman", k: 3, method: .mul)
        XCTAssertEqual(result.answers.first?.word, "queen")
        // Hand computation for "apple": cos(apple, x) from the raw vectors.
        func cos(_ a: [Float], _ b: [Float]) -> Float {
            let dot = zip(a, b).map(*).reduce(0, +)
            return dot / (a.map { $0 * $0 }.reduce(0, +).squareRoot() * b.map { $0 * $0 }.reduce(0, +).squareRoot())
        }
        let apple: [Float] = [0, 0, 1], man: [Float] = [1, 0, 0.1], king: [Float] = [1, 1, 0.1], woman: [Float] = [-1, 0, 0.1]
        let expected = ((1 + cos(apple, king)) / 2) * ((1 + cos(apple, woman)) / 2) / ((1 + cos(apple, man)) / 2 + 0.001)
        let all = royal.analogy(rows: (0, 2, 1), k: 4, method: .mul)
        let appleScore = all.answers.first { $0.word == "apple" }?.score
        XCTAssertEqual(appleScore ?? -1, expected, accuracy: 1e-5)
        XCTAssertEqual(Embeddings.cosMul(cosA: 0.2, cosB: 0.6, cosC: -0.4, epsilon: 0.001), 0.8 * 0.3 / (0.6 + 0.001), accuracy: 1e-7)
    }

    func testVectorArithmeticMatchesTheAnalogyAndRejectsBadExpressions() throws {
        let expression = try royal.arithmetic(["king", "-", "man", "+", "woman"], k: 3)
        let analogy = try royal.analogy("man", "king", "woman", k: 3)
        XCTAssertEqual(expression.answers.map(\.word), analogy.answers.map(\.word))
        XCTAssertEqual(expression.excluded.map(\.word), ["woman"])
        XCTAssertEqual(try royal.arithmetic(["-", "man"], k: 1).answers.map(\.word), ["woman"])
        for bad in [["king", "queen"], ["king", "-"], ["king", "+", "-", "man"], [], ["+"]] {
            XCTAssertThrowsError(try royal.arithmetic(bad), "\(bad)")
        }
        XCTAssertThrowsError(try royal.arithmetic(["king", "-", "nobody"])) { error in
            guard case .unknownWord("nobody", _)? = error as? EmbeddingsError else { return XCTFail("\(error)") }
        }
    }

    func testSIMDAnalogyMatchesTheScalarReference() {
        let e = NeighboursTests.random(rows: 500, dimension: 37, seed: 8)
        for rows in [(0, 1, 2), (10, 200, 499), (7, 7, 8)] {
            let fast = e.analogy(rows: rows, k: 10, method: .mul)
            let slow = e.scalarCosMul(rows: rows, k: 10, epsilon: 0.001)
            XCTAssertEqual(fast.answers.map(\.row), slow.answers.map(\.row))
            let add = e.analogy(rows: rows, k: 10, method: .add)
            let reference = e.scalarNearest(to: e.offsetQuery(rows), k: 10, excludingRows: [rows.0, rows.1, rows.2])
            XCTAssertEqual(add.answers.map(\.row), reference.answers.map(\.row))
        }
    }
}
