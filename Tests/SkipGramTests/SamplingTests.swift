import XCTest
@testable import SkipGram

/// The noise and subsampling distributions against their formulas.
final class SamplingTests: XCTestCase {
    func testAliasProbabilitiesFollowUnigramPower() {
        let counts = [1000, 500, 250, 100, 10, 1, 1, 0]
        let sampler = NegativeSampler(counts: counts, power: 0.75)
        let total = counts.map { pow(Double($0), 0.75) }.reduce(0, +)
        for (i, c) in counts.enumerated() {
            XCTAssertEqual(sampler.probabilities[i], pow(Double(c), 0.75) / total, accuracy: 1e-12)
        }
    }

    /// Pearson chi-square of 1,000,000 seeded draws against count^0.75; with 6 degrees of
    /// freedom (7 non-empty cells) the 0.999 quantile is 22.46.
    func testAliasDrawsPassChiSquare() {
        let counts = [1000, 500, 250, 100, 10, 3, 1, 0]
        let sampler = NegativeSampler(counts: counts, power: 0.75)
        var random = RandomGenerator(seed: 42)
        var observed = [Int](repeating: 0, count: counts.count)
        let draws = 1_000_000
        for _ in 0..<draws { observed[Int(sampler.sample(random.next()))] += 1 }
        XCTAssertEqual(observed[7], 0, "a word with count 0 must never be drawn")
        var chi2 = 0.0
        for i in 0..<7 {
            let expected = sampler.probabilities[i] * Double(draws)
            chi2 += pow(Double(observed[i]) - expected, 2) / expected
        }
        XCTAssertLessThan(chi2, 22.46, "observed \(observed)")
    }

    /// A deliberately wrong sampler (power 1 instead of 0.75) must fail the same test,
    /// so the test can tell.
    func testChiSquareDetectsWrongPower() {
        let counts = [1000, 500, 250, 100, 10, 3, 1]
        let wrong = NegativeSampler(counts: counts, power: 1)
        let right = NegativeSampler(counts: counts, power: 0.75)
        var random = RandomGenerator(seed: 43)
        var observed = [Int](repeating: 0, count: counts.count)
        for _ in 0..<200_000 { observed[Int(wrong.sample(random.next()))] += 1 }
        var chi2 = 0.0
        for i in counts.indices {
            let expected = right.probabilities[i] * 200_000
            chi2 += pow(Double(observed[i]) - expected, 2) / expected
        }
        XCTAssertGreaterThan(chi2, 22.46)
    }

    func testSubsamplingKeepProbabilityIsWord2VecFormula() {
        let counts = [60_000, 20_000, 5_000, 1_000, 100, 10]
        let total = counts.reduce(0, +)
        let t = 1e-3
        let subsampler = Subsampler(counts: counts, sample: t)
        for (i, c) in counts.enumerated() {
            // word2vec.c: ran = (sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn
            let st = t * Double(total)
            let ran = ((Double(c) / st).squareRoot() + 1) * st / Double(c)
            XCTAssertEqual(subsampler.keepProbabilities[i], min(1, ran), accuracy: 1e-12)
        }
        XCTAssertEqual(Subsampler(counts: counts, sample: 0).keepProbabilities, [Double](repeating: 1, count: counts.count))
    }

    func testSubsamplingKeepRateMatchesProbability() {
        let counts = [90_000, 9_000, 1_000]
        let subsampler = Subsampler(counts: counts, sample: 1e-3)
        var random = RandomGenerator(seed: 5)
        let trials = 200_000
        for word in counts.indices {
            var kept = 0
            for _ in 0..<trials where subsampler.keep(word, random32: UInt32(truncatingIfNeeded: random.next())) { kept += 1 }
            let p = subsampler.keepProbabilities[word]
            let sigma = (p * (1 - p) / Double(trials)).squareRoot()
            XCTAssertEqual(Double(kept) / Double(trials), p, accuracy: max(5 * sigma, 1e-9), "word \(word)")
        }
    }

    func testRandomBelowIsUniform() {
        var random = RandomGenerator(seed: 3)
        var hist = [Int](repeating: 0, count: 5)
        for _ in 0..<100_000 { hist[random.below(5)] += 1 }
        for h in hist { XCTAssertEqual(Double(h), 20_000, accuracy: 600) }
        var a = RandomGenerator(seed: 11), b = RandomGenerator(seed: 11), c = RandomGenerator(seed: 12)
        let x = (0..<4).map { _ in a.next() }
        XCTAssertEqual(x, (0..<4).map { _ in b.next() })
        XCTAssertNotEqual(x, (0..<4).map { _ in c.next() })
    }
}

import Foundation
