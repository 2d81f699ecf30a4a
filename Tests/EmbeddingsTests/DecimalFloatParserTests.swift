import Foundation
import XCTest
@testable import Embeddings

/// The hand-written parser must give exactly `Float(String)` (correct rounding) on every form
/// vectors files use.
final class DecimalFloatParserTests: XCTestCase {
    private func assertSameAsStandardLibrary(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = Float(text)
        let parsed = DecimalFloatParser.parse(text)
        XCTAssertNotNil(expected, "test bug: Float(\"\(text)\") is nil", file: file, line: line)
        XCTAssertEqual(parsed?.bitPattern, expected?.bitPattern, "'\(text)': parsed \(String(describing: parsed)), Float(String) \(String(describing: expected))", file: file, line: line)
    }

    func testRandomValuesInManyFormatsMatchFloatInit() {
        var generator = SeededGenerator(seed: 42)
        var checked = 0
        for _ in 0..<20_000 {
            // Magnitudes from 1e-30 to 1e30, both signs.
            let exponent = Double.random(in: -30...30, using: &generator)
            let magnitude = Foundation.pow(10, exponent) * Double.random(in: 1...9.999, using: &generator)
            let value = Bool.random(using: &generator) ? -magnitude : magnitude
            let f = Float(value)
            var forms = [
                "\(f)",                                   // shortest round-trip (Swift, gensim's str())
                String(format: "%.6f", Double(f)),        // word2vec.c
                String(format: "%.9g", Double(f)),        // 9 significant digits
                String(format: "%.8e", Double(f)),        // exponent form
                String(format: "%.5e", Double(f)),
            ]
            for digits in 6...9 {                          // 6-9 digit mantissas, random exponents
                let mantissa = Int.random(in: 0..<Int(Foundation.pow(10, Double(digits))), using: &generator)
                let e = Int.random(in: -25...25, using: &generator)
                forms.append("\(Bool.random(using: &generator) ? "-" : "")\(mantissa)e\(e)")
                forms.append("\(Bool.random(using: &generator) ? "-" : "")0.\(String(repeating: "0", count: Int.random(in: 0...4, using: &generator)))\(mantissa)")
            }
            for form in forms where Float(form)?.isFinite == true {
                assertSameAsStandardLibrary(form)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 200_000)
    }

    func testHalfwayCasesAndLongMantissas() {
        // Decimal strings exactly half-way between two adjacent floats: double rounding traps.
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<5_000 {
            let f = Float(Double.random(in: 0.001...1000, using: &generator))
            let midpoint = (Double(f) + Double(f.nextUp)) / 2   // exact in Double
            assertSameAsStandardLibrary(String(format: "%.25g", midpoint))
            assertSameAsStandardLibrary(String(format: "%.17g", midpoint))
            assertSameAsStandardLibrary(String(format: "%.17g", midpoint.nextUp))
            assertSameAsStandardLibrary(String(format: "%.17g", midpoint.nextDown))
        }
        for text in ["0.1000000000000000000000000001", "123456789012345678901234567890", "1.00000000000000000000000000000000001",
                     "0.000000000000000000000000000000000000001", "3.4028234e38", "1e-45", "7e-46", "0", "-0", "0.0e10",
                     ".5", "5.", "+1.5", "1E5", "1e+05", "00001.5000", "-0.000001"] {
            assertSameAsStandardLibrary(text)
        }
        XCTAssertEqual(DecimalFloatParser.parse("-0")?.sign, .minus)
    }

    func testRejectsWhatIsNotADecimalNumber() {
        for text in ["", "-", "+", ".", "e5", "1e", "1e+", "--1", "nan", "inf", "-infinity", "0x1p3", "1.2.3", "1,5", "abc", "1e5x"] {
            XCTAssertNil(DecimalFloatParser.parse(text), "'\(text)' should not parse")
        }
        // Overflow parses to infinity, which the reader then rejects.
        XCTAssertEqual(DecimalFloatParser.parse("1e39"), .infinity)
    }
}
