import XCTest
@testable import Recurrent

/// The CoNLL and CoNLL-U readers against hand-written files, and their refusals.
final class TaggedDataTests: XCTestCase {
    func parse(_ text: String, _ options: TaggedDataOptions = TaggedDataOptions()) throws -> [TaggedSentence] {
        try TaggedData.parse(Array(text.utf8), path: "f.tsv", options: options)
    }

    func testCoNLLWithBlankRunsCRLFAndNoFinalBlankLine() throws {
        let text = "\r\n\r\nThe\tDET\r\ncat\tNN\r\n \r\n\t\r\n\r\nIt\tPRP\tx\r\nsat\tVBD\tx\r\n.\tPP"
        let s = try parse(text)
        XCTAssertEqual(s.map(\.tokens), [["The", "cat"], ["It", "sat", "."]])
        XCTAssertEqual(s.map(\.tags), [["DET", "NN"], ["PRP", "VBD", "PP"]])
        XCTAssertEqual(s.map(\.lines), [[3, 4], [8, 9, 10]])
        var options = TaggedDataOptions()
        options.columns = (1, 3)
        XCTAssertThrowsError(try parse(text, options)) { error in
            XCTAssertEqual(error as? RecurrentError, .missingColumn(path: "f.tsv", line: 3, found: 2, needed: 3))
        }
        // A no-break space is a token (tagged SYM in the pos-silver data), not a blank line.
        XCTAssertEqual(try parse("a\tDT\n\u{A0}\tSYM\nb\tNN\n").map(\.tokens), [["a", "\u{A0}", "b"]])
        let third = try parse("a\tb\tX\nc\td\tY\n\ne\tf\tX\n", options)
        XCTAssertEqual(third.map(\.tags), [["X", "Y"], ["X"]])
        XCTAssertEqual(third.map(\.tokens), [["a", "c"], ["e"]])
    }

    func testCoNLLUSkipsCommentsMultiwordTokensAndEmptyNodes() throws {
        let text = """
        # sent_id = 1
        # text = Don't go.
        1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_
        1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_
        2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_
        3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_
        3.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t_\t_
        4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_


        # sent_id = 2
        1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_
        """
        let s = try parse(text.replacingOccurrences(of: "\n", with: "\r\n"))
        XCTAssertEqual(s.map(\.tokens), [["Do", "n't", "go", "."], ["Yes"]])
        XCTAssertEqual(s.map(\.tags), [["AUX", "PART", "VERB", "PUNCT"], ["INTJ"]])
        XCTAssertEqual(s[0].lines, [4, 5, 6, 8])
        var xpos = TaggedDataOptions()
        xpos.columns = (2, 5)
        XCTAssertEqual(try parse(text, xpos)[0].tags, ["VBP", "RB", "VB", "."])
        // Detected by content; forcing CoNLL reads the comment as a bad line.
        var conll = TaggedDataOptions()
        conll.format = .conll
        XCTAssertThrowsError(try parse(text, conll)) { error in
            XCTAssertEqual(error as? RecurrentError, .malformedTaggedLine(path: "f.tsv", line: 1, reason: "no TAB between token and tag"))
        }
        XCTAssertEqual(TaggedData.detect(["1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_"]), .conllu)
        XCTAssertEqual(TaggedData.detect(["", "Do\tVBP"]), .conll)
    }

    func testRefusalsNameTheLine() {
        func error(_ bytes: [UInt8], _ options: TaggedDataOptions = TaggedDataOptions()) -> RecurrentError? {
            do { _ = try TaggedData.parse(bytes, path: "f.tsv", options: options); return nil } catch { return error as? RecurrentError }
        }
        XCTAssertEqual(error(Array("a\tDT\nb NN\n".utf8)), .malformedTaggedLine(path: "f.tsv", line: 2, reason: "no TAB between token and tag"))
        XCTAssertEqual(error(Array("a\tDT\n\tNN\n".utf8)), .malformedTaggedLine(path: "f.tsv", line: 2, reason: "empty token"))
        XCTAssertEqual(error([]), .noTaggedSentences(path: "f.tsv"))
        XCTAssertEqual(error(Array("\n \n\r\n".utf8)), .noTaggedSentences(path: "f.tsv"))
        XCTAssertEqual(error(Array("a\tDT\n".utf8) + [0x62, 0xE9, 0x09, 0x4E, 0x0A]),
                       .invalidText(path: "f.tsv", line: 2, reason: "not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)"))
        var short = TaggedDataOptions()
        short.maxSentenceLength = 3
        XCTAssertEqual(error(Array("a\tX\nb\tX\nc\tX\n\nd\tX\ne\tX\nf\tX\ng\tX\n".utf8), short),
                       .sentenceTooLong(path: "f.tsv", line: 8, limit: 3))
    }

    func testUntaggedInputBothLayouts() throws {
        let lines = try TaggedData.untagged(Array("The cat sat .\n\nIt  ran\n".utf8), path: "-", tokenPerLine: nil, maxSentenceLength: 10)
        XCTAssertEqual(lines.map(\.tokens), [["The", "cat", "sat", "."], ["It", "ran"]])
        let tokens = try TaggedData.untagged(Array("The\ncat\n\n\nIt\tPRP\nran\n".utf8), path: "-", tokenPerLine: nil, maxSentenceLength: 10)
        XCTAssertEqual(tokens.map(\.tokens), [["The", "cat"], ["It", "ran"]])
        XCTAssertThrowsError(try TaggedData.untagged(Array("a b c d\n".utf8), path: "-", tokenPerLine: false, maxSentenceLength: 3))
    }

    func testTokenFeatures() {
        func caseOf(_ token: String) -> Int { Int(TokenFeatures.flags(token) & 0b11111).trailingZeroBitCount }
        XCTAssertEqual(["the", "The", "USA", "iPhone", "1999", "I", "McDonald"].map(caseOf), [0, 1, 2, 3, 4, 1, 3])
        XCTAssertEqual(TokenFeatures.flags("1,000") >> 5, 0b0011)
        XCTAssertEqual(TokenFeatures.flags("well-known") >> 5, 0b0100)
        XCTAssertEqual(TokenFeatures.flags(",") >> 5, 0b1000)
        XCTAssertEqual(TokenFeatures.flags("B52") >> 5, 0b0001)
        let walking = TokenFeatures.suffixRows("Walking", buckets: 100), talking = TokenFeatures.suffixRows("talking", buckets: 100)
        XCTAssertEqual(walking, talking, "same last three letters, case folded")
        XCTAssertEqual(TokenFeatures.suffixRows("1901", buckets: 100), TokenFeatures.suffixRows("2000", buckets: 100))
        for (n, row) in TokenFeatures.suffixRows("a", buckets: 100).enumerated() { XCTAssertTrue((n * 100 ..< (n + 1) * 100).contains(Int(row))) }
        XCTAssertNotEqual(TokenFeatures.suffixRows("a", buckets: 1000)[1], TokenFeatures.suffixRows("ba", buckets: 1000)[1])
    }
}
