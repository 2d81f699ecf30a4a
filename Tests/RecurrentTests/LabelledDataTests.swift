import XCTest
@testable import Recurrent

/// Reading the two data layouts, errors with line numbers, the seeded split, and the scores.
final class LabelledDataTests: XCTestCase {
    static let rtPolarity = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../corpora/rt-polarity").standardized.path

    func testReadsRtPolarityDirectory() throws {
        let data = try LabelledData.read(paths: [Self.rtPolarity])
        XCTAssertEqual(data.count, 10_662)
        XCTAssertEqual(data.filter { $0.label == "pos" }.count, 5_331)
        XCTAssertEqual(LabelledData.labels(of: data), ["neg", "pos"])
        XCTAssertTrue(data.first { $0.label == "pos" }!.text.hasPrefix("the rock is destined"))
    }

    func testTabSeparatedFileAndErrors() throws {
        let path = NSTemporaryDirectory() + "w2v-labelled-\(UInt32.random(in: 0...UInt32.max)).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("pos\ta fine film\r\n\nneg\tdull\n".utf8).write(to: URL(fileURLWithPath: path))
        let data = try LabelledData.read(paths: [path])
        XCTAssertEqual(data.map(\.label), ["pos", "neg"])
        XCTAssertEqual(data.map(\.text), ["a fine film", "dull"])
        XCTAssertEqual(data.map(\.line), [1, 3])
        try Data("pos\tok\nno tab here\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LabelledData.read(paths: [path])) { error in
            XCTAssertEqual(error as? RecurrentError, .malformedLine(path: path, line: 2, reason: "no TAB between label and sentence"))
        }
        XCTAssertThrowsError(try LabelledData.read(paths: [path + ".missing"]))
    }

    func testSplitIsSeededAndComplete() {
        let data = (0..<1000).map { LabelledSentence(label: $0 % 3 == 0 ? "a" : "b", text: "s\($0)") }
        let one = LabelledData.split(data, seed: 1), again = LabelledData.split(data, seed: 1), other = LabelledData.split(data, seed: 2)
        XCTAssertEqual([one.train.count, one.dev.count, one.test.count], [800, 100, 100])
        XCTAssertEqual(one.test, again.test)
        XCTAssertNotEqual(one.test, other.test)
        XCTAssertEqual(Set((one.train + one.dev + one.test).map(\.text)), Set(data.map(\.text)))
    }

    func testEvaluationScoresByHand() {
        var e = Evaluation(labels: ["neg", "pos"])
        // 3 neg predicted neg, 1 neg predicted pos, 2 pos predicted pos, 4 pos predicted neg.
        for (actual, predicted, times) in [(0, 0, 3), (0, 1, 1), (1, 1, 2), (1, 0, 4)] {
            for _ in 0..<times { e.add(actual: actual, predicted: predicted) }
        }
        XCTAssertEqual(e.count, 10)
        XCTAssertEqual(e.accuracy, 0.5)
        XCTAssertEqual(e.precision(0), 3.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(e.recall(0), 0.75)
        XCTAssertEqual(e.precision(1), 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(e.recall(1), 2.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(e.f1(1), 2 * (2.0 / 3) * (1.0 / 3) / (1.0), accuracy: 1e-12)
        XCTAssertEqual(e.confusion, [[3, 1], [4, 2]])
    }
}
