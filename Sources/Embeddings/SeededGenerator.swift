#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator; the same seed
/// gives the same sequence on every platform, so sampled permutation tests, k-means++ seeding
/// and every random choice of the downstream classifier (initialisation, shuffling, dropout
/// masks, splits) are fixed by `--seed`. (The trainer's hot loop uses its own inlined
/// `RandomGenerator`, whose state is saved in checkpoints.)
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for a sub-stream, e.g. one sentence's dropout mask in one epoch, so that
    /// results do not depend on which worker thread handles the sentence.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next() ^ (index &* 0xD1B5_4A32_D192_ED03)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal, by the Box-Muller transform.
    public mutating func gaussian() -> Double {
        let u1 = max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
