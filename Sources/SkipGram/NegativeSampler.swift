/// Draws negative words from the unigram distribution raised to a power (0.75 in
/// word2vec.c `InitUnigramTable`), with Walker's alias method (Vose's construction):
/// O(1) per draw from one 64-bit random number, and `8 x vocabulary` bytes of tables
/// instead of word2vec.c's 400 MB table of 1e8 ints.
public struct NegativeSampler: Sendable {
    /// `threshold[i] / 2^32` is the probability of keeping bin `i` rather than its alias.
    let threshold: [UInt32]
    let alias: [Int32]
    /// The exact probability of each word under the noise distribution.
    public let probabilities: [Double]

    /// - Parameters:
    ///   - counts: word counts, indexed by word id.
    ///   - power: the exponent applied to the counts.
    /// - Complexity: O(counts.count).
    public init(counts: [Int], power: Double) {
        let n = counts.count
        precondition(n > 0, "NegativeSampler: empty vocabulary")
        let weights = counts.map { pow(Double(max($0, 0)), power) }
        let total = weights.reduce(0, +)
        let probabilities = total > 0 ? weights.map { $0 / total } : [Double](repeating: 1 / Double(n), count: n)
        self.probabilities = probabilities
        var scaled = probabilities.map { $0 * Double(n) }
        var alias = [Int32](repeating: 0, count: n)
        var threshold = [UInt32](repeating: .max, count: n)
        var small: [Int] = []
        var large: [Int] = []
        for i in 0..<n {
            if scaled[i] < 1 { small.append(i) } else { large.append(i) }
            alias[i] = Int32(i)
        }
        while let s = small.popLast(), let l = large.last {
            threshold[s] = UInt32(min(scaled[s] * 4_294_967_296.0, 4_294_967_295.0))
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
        // Whatever remains (rounding) keeps its own bin with probability 1.
        self.threshold = threshold
        self.alias = alias
    }

    /// Vocabulary size.
    public var count: Int { threshold.count }

    /// One draw, from one 64-bit random number: the high half picks a bin, the low half
    /// decides between the bin and its alias.
    @inline(__always)
    public func sample(_ random: UInt64) -> Int32 {
        let bin = Int(truncatingIfNeeded: ((random >> 32) &* UInt64(truncatingIfNeeded: threshold.count)) >> 32)
        return threshold.withUnsafeBufferPointer { t in
            UInt32(truncatingIfNeeded: random) < t[bin] ? Int32(truncatingIfNeeded: bin) : alias.withUnsafeBufferPointer { $0[bin] }
        }
    }
}

import Foundation
