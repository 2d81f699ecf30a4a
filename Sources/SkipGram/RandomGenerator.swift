/// The trainer's random numbers: wyrand (Wang Yi's 64-bit generator), one multiply per
/// number, inlined in the hot loop. A value type: each worker owns one, seeded from
/// `seed &+ worker`, so runs with the same seed and one thread are reproducible and the
/// state can be saved in a checkpoint.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Codable, Equatable {
    public private(set) var state: UInt64

    /// A generator whose stream is a function of `seed` only. The seed is scrambled
    /// (splitmix64 finaliser) so that neighbouring seeds give unrelated streams.
    public init(seed: UInt64) {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        state = z ^ (z >> 31)
    }

    /// Restores a generator from a saved `state`.
    public init(state: UInt64) { self.state = state }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }

    /// Uniform integer in `0..<bound` by multiply-high (Lemire), no division.
    /// The bias is below `bound / 2^32`, negligible for window sizes and vocabularies.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(truncatingIfNeeded: bound)) >> 32)
    }

    /// Uniform float in `[0, 1)` with 24 random bits.
    @inline(__always)
    public mutating func unitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }
}
