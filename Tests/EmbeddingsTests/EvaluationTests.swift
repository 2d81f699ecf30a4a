import XCTest
@testable import Embeddings

/// gensim 4.4's evaluation rules, checked against numbers gensim itself produced.
final class EvaluationTests: XCTestCase {
    /// Case variants ("Paris"/"paris", "rome"/"Rome"), a word beyond a restricted vocabulary
    /// ("tokyo", "japan" are rows 11 and 12) and questions built to hit each rule.
    static let tiny = Embeddings(words: ["the", "Paris", "paris", "france", "berlin", "germany", "rome", "italy",
                                         "madrid", "spain", "Rome", "tokyo", "japan"], dimension: 3, vectors: [
        0.1, 0.1, 1, 1, 0, 0.1, 0.98, 0.05, 0.12, 1, 1, 0, 0.9, -0.2, 0.1, 0.9, 0.8, 0, 0.8, 0.3, 0.2, 0.8, 1.3, 0.2,
        0.7, -0.1, 0.3, 0.7, 0.9, 0.3, 0.2, 0.9, 0.9, 0.5, 0.1, 0.1, 0.5, 1.1, 0.1,
    ])
    static let questions = """
    : capitals
    Paris France Berlin Germany
    berlin germany rome italy
    rome italy madrid spain
    madrid spain tokyo japan
    paris france rome ITALY
    athens greece rome italy
    this line has five words
    : other
    the the the the
    berlin paris germany france
    rome Rome italy italy

    """
    static let pairs = "# comment\nparis\tfrance\t7.5\nberlin\tgermany\t8\nrome\titaly\t8\nmadrid\tspain\t7\nthe\tparis\t1\n"
        + "athens\tgreece\t7\nbad line\nberlin\trome\t4\ntokyo\tjapan\t8\nspain\tfrance\t4\n"

    /// Expected (from /tmp eval_ref.py, gensim 4.4.0): the vectors above saved with
    /// save_word2vec_format, then for restrict in (11, 30000), ci in (True, False), dummy in (False, True):
    ///     kv.evaluate_word_analogies(questions, restrict_vocab=restrict, case_insensitive=ci, dummy4unknown=dummy)
    ///     kv.evaluate_word_pairs(pairs, restrict_vocab=restrict, case_insensitive=ci, dummy4unknown=dummy)
    /// printing (section, len(correct), len(incorrect)) and Spearman, Pearson, OOV ratio.
    static let gensim: [(restrict: Int, ci: Bool, dummy: Bool, sections: [[Int]], spearman: Double, pearson: Double, oov: Double)] = [
        (11, true, false, [[4, 0], [1, 2]], 0.054554472558998104, 0.35137900856255877, 22.22222222222222),
        (11, true, true, [[4, 2], [1, 2]], -0.18459186325020058, -0.06777561119914094, 22.22222222222222),
        (11, false, false, [[2, 0], [1, 2]], 0.054554472558998104, 0.3457125970786604, 22.22222222222222),
        (11, false, true, [[2, 4], [1, 2]], -0.18459186325020058, -0.07971608803912184, 22.22222222222222),
        (30000, true, false, [[4, 1], [1, 2]], 0.01227571540350591, 0.29676162495868874, 11.11111111111111),
        (30000, true, true, [[4, 2], [1, 2]], 0.02564945880212885, 0.10747163321827291, 11.11111111111111),
        (30000, false, false, [[2, 1], [1, 2]], 0.01227571540350591, 0.28570613215318785, 11.11111111111111),
        (30000, false, true, [[2, 4], [1, 2]], 0.02564945880212885, 0.09414338342601303, 11.11111111111111),
    ]

    func testAnalogyAndPairCountsMatchGensimInEveryMode() throws {
        for expected in Self.gensim {
            let label = "restrict \(expected.restrict), case-insensitive \(expected.ci), dummy \(expected.dummy)"
            let a = try Self.tiny.evaluateAnalogies(text: Self.questions, name: "tiny", restrictVocab: expected.restrict,
                                                    caseInsensitive: expected.ci, dummy4unknown: expected.dummy)
            XCTAssertEqual(a.sections.map { [$0.correct, $0.incorrect] }, expected.sections, label)
            XCTAssertEqual(a.sections.map(\.name), ["capitals", "other"])
            XCTAssertEqual(a.questions, 9, label)      // the five-word line is invalid, not a question
            XCTAssertEqual(a.invalidLines, 1, label)
            XCTAssertEqual(a.total.correct, expected.sections.reduce(0) { $0 + $1[0] })
            let p = try Self.tiny.evaluateWordPairs(text: Self.pairs, name: "pairs", restrictVocab: expected.restrict,
                                                    caseInsensitive: expected.ci, dummy4unknown: expected.dummy)
            XCTAssertEqual(p.spearman, expected.spearman, accuracy: 1e-6, label)
            XCTAssertEqual(p.pearson, expected.pearson, accuracy: 1e-6, label)
            XCTAssertEqual(p.oovRatio, expected.oov, accuracy: 1e-9, label)
            XCTAssertEqual(p.invalidLines, 1)
        }
    }

    func testSkippedCountsAndPredictions() throws {
        let a = try Self.tiny.evaluateAnalogies(text: Self.questions, name: "tiny", restrictVocab: 11, details: true)
        XCTAssertEqual(a.skipped, 2)          // tokyo beyond row 11, athens/greece unknown
        XCTAssertEqual(a.covered, 7)
        XCTAssertEqual(a.oovRatio, 100.0 * 2 / 9, accuracy: 1e-12)
        let details = try XCTUnwrap(a.details)
        XCTAssertEqual(details.count, 7)
        // "the the the the": the only acceptable answers are not THE, so it is wrong.
        XCTAssertEqual(details.first { $0.words == ["THE", "THE", "THE", "THE"] }?.correct, false)
        XCTAssertEqual(details.first?.words, ["PARIS", "FRANCE", "BERLIN", "GERMANY"])
        XCTAssertEqual(details.first?.predicted, "GERMANY")
        XCTAssertThrowsError(try Self.tiny.evaluateAnalogies(text: "a b c d\n", name: "noheader"))
        XCTAssertThrowsError(try Self.tiny.evaluateAnalogies(text: ": empty\n", name: "empty"))
        XCTAssertThrowsError(try Self.tiny.evaluateWordPairs(text: "x\ty\t1\n", name: "allOOV"))
    }

    func testSpearmanWithTiesMatchesScipy() {
        // scipy.stats.spearmanr(x, y)[0] and pearsonr(x, y)[0]; rankdata(x), rankdata(y).
        let x: [Double] = [1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 5.0, 6.5, 7.0]
        let y: [Double] = [0.3, 0.1, 0.4, 0.4, 0.2, 0.9, 0.5, 0.5, 0.8, 0.7]
        XCTAssertEqual(Statistics.averageRanks(x), [1, 2.5, 2.5, 4, 6, 6, 6, 8, 9, 10])
        XCTAssertEqual(Statistics.averageRanks(y), [3, 1, 4.5, 4.5, 2, 10, 6.5, 6.5, 9, 8])
        XCTAssertEqual(Statistics.spearman(x, y), 0.6966244752441608, accuracy: 1e-12)
        XCTAssertEqual(Statistics.pearson(x, y), 0.6706327314612871, accuracy: 1e-12)
        XCTAssertTrue(Statistics.pearson([1, 1, 1], [1, 2, 3]).isNaN)
    }

    func testPythonStringRules() {
        XCTAssertEqual(Embeddings.pythonSplit(" a\tb \u{A0}c\r"), ["a", "b", "c"])
        XCTAssertEqual(Embeddings.pythonStrip("  x y \n"), "x y")
        XCTAssertEqual(Embeddings.pythonLines("a\r\nb\rc\n", universalNewlines: true), ["a", "b", "c"])
        XCTAssertEqual(Embeddings.pythonLines("a\r\nb\rc\n", universalNewlines: false), ["a\r", "b\rc"])
        XCTAssertEqual(Embeddings.pythonLines("a\n\nb", universalNewlines: false), ["a", "", "b"])
    }

    /// gensim 4.4.0 on the shipped corpora/vectors-head2000-50d.bin (see corpora/SOURCES.md):
    ///     kv = KeyedVectors.load_word2vec_format("corpora/vectors-head2000-50d.bin", binary=True)
    ///     kv.evaluate_word_analogies("corpora/eval/questions-words.txt", restrict_vocab=30000, case_insensitive=True)
    ///     kv.evaluate_word_pairs("corpora/eval/wordsim353.tsv"); kv.evaluate_word_pairs("corpora/eval/simlex999.txt")
    /// Total 142 correct, 384 incorrect; family 24/18; gram6-nationality-adjective 57/120;
    /// WordSim-353 Spearman 0.4376102817278241, OOV 83.0028328611898%; SimLex-999 Spearman
    /// 0.07151815564118902, OOV 89.98998998999%; most_similar("king") starts emperor 0.9145.
    func testPinnedGensimNumbersOnTheShippedVectors() throws {
        let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpora").path
        let e = try Word2VecReader.read(path: corpora + "/vectors-head2000-50d.bin")
        XCTAssertEqual(e.count, 2000)
        let a = try e.evaluateAnalogies(path: corpora + "/eval/questions-words.txt", restrictVocab: 30000)
        XCTAssertEqual(a.questions, 19544)
        XCTAssertEqual(a.covered, 526)
        XCTAssertEqual(a.skipped, 19544 - 526)
        // Correct counts may move by a near-tie in float rounding; none does on this file.
        XCTAssertEqual(a.total.correct, 142)
        XCTAssertEqual(a.sections.first { $0.name == "family" }.map { [$0.correct, $0.incorrect] }, [24, 18])
        XCTAssertEqual(a.sections.first { $0.name == "gram6-nationality-adjective" }.map { [$0.correct, $0.incorrect] }, [57, 120])
        let wordsim = try e.evaluateWordPairs(path: corpora + "/eval/wordsim353.tsv")
        XCTAssertEqual(wordsim.spearman, 0.4376102817278241, accuracy: 1e-4)
        XCTAssertEqual(wordsim.oovRatio, 83.0028328611898, accuracy: 1e-9)
        let simlex = try e.evaluateWordPairs(path: corpora + "/eval/simlex999.txt")
        XCTAssertEqual(simlex.spearman, 0.07151815564118902, accuracy: 1e-4)
        XCTAssertEqual(simlex.oovRatio, 89.98998998999, accuracy: 1e-9)
        let king = try e.neighbours(of: "king", k: 1)
        XCTAssertEqual(king.answers.first?.word, "emperor")
        XCTAssertEqual(king.answers.first?.score ?? 0, 0.9145000576972961, accuracy: 1e-5)
    }
}
