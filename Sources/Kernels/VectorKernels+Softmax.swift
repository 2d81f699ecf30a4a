/// The softmax of the language model's output layer: a SIMD `exp` (Cephes `expf`: range
/// reduction `x = n ln 2 + r`, a degree-5 polynomial for `e^r`, `2^n` built in the exponent
/// bits; relative error about 2e-7 over the clamped range) and a one-pass-per-row softmax.
/// `expf` through libm costs about 10 ns a value; the vocabulary-sized softmax at every token
/// would otherwise cost as much as the decoder's GEMM.
extension VectorKernels {
    /// `e^x` lane by lane, `x` clamped to [-87.3, 88.3] (no infinities, no subnormals).
    @inlinable @inline(__always)
    package static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Lane selects, not `clamped` (whose pointwise min/max calls were left out of line).
        let low = SIMD8<Float>(repeating: -87.3), high = SIMD8<Float>(repeating: 88.3)
        let x = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5 * 2^23: adding it rounds to an integer
        let t = x * SIMD8(repeating: 1.442_695_04) + magic
        let n = t - magic
        let r = x - n * SIMD8(repeating: 0.693_359_375) + n * SIMD8(repeating: 2.121_944_4e-4)
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + SIMD8(repeating: 1.398_199_95e-3)
        p = p * r + SIMD8(repeating: 8.333_451_9e-3)
        p = p * r + SIMD8(repeating: 4.166_579_59e-2)
        p = p * r + SIMD8(repeating: 1.666_666_55e-1)
        p = p * r + SIMD8(repeating: 5.000_000_12e-1)
        let y = p * (r * r) + r + SIMD8(repeating: 1)
        let exponent = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return y * unsafeBitCast((exponent &+ 127) &<< 23, to: SIMD8<Float>.self)
    }

    /// Replaces `row[0..<n]` by its softmax and returns the log-sum-exp of the original
    /// values (so `lse - x[target]` is the negative log-likelihood). `Float` rows use the SIMD
    /// `exp`; other types the scalar one (the reference).
    /// - Complexity: O(n), three passes.
    @inlinable
    package static func softmaxInPlace<T: Real>(_ row: UnsafeMutablePointer<T>, _ n: Int) -> T {
        if T.self == Float.self {
            let lse = softmaxInPlace(UnsafeMutableRawPointer(row).assumingMemoryBound(to: Float.self), count: n)
            return unsafeBitCast(lse, to: T.self)
        }
        return softmaxReference(row, n)
    }

    /// Scalar softmax with `T.exp`, the reference for the SIMD one.
    @inlinable
    package static func softmaxReference<T: Real>(_ row: UnsafeMutablePointer<T>, _ n: Int) -> T {
        var m = -T.infinity
        for i in 0..<n { m = Swift.max(m, row[i]) }
        var sum: T = 0
        for i in 0..<n {
            row[i] = T.exp(row[i] - m)
            sum += row[i]
        }
        let inverse = 1 / sum
        for i in 0..<n { row[i] *= inverse }
        return m + T.log(sum)
    }

    /// `softmaxInPlace` of `row + bias` (bias may be nil), the bias added during the max pass.
    /// - Complexity: O(n), three passes over a row that stays in L1 (5,393 floats are 21 KB).
    @inlinable
    package static func softmaxInPlace(_ row: UnsafeMutablePointer<Float>, count n: Int, bias: UnsafePointer<Float>? = nil) -> Float {
        let raw = UnsafeMutableRawPointer(row)
        var m8 = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        if let bias {
            let braw = UnsafeRawPointer(bias)
            while i + 8 <= n {
                let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                    + braw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                raw.storeBytes(of: x, toByteOffset: i * 4, as: SIMD8<Float>.self)
                m8 = m8.replacing(with: x, where: x .> m8)
                i += 8
            }
            while i < n { row[i] += bias[i]; i += 1 }
        } else {
            while i + 8 <= n {
                let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                m8 = m8.replacing(with: x, where: x .> m8)
                i += 8
            }
        }
        var m = m8.max()
        i = n & ~7
        while i < n { m = Swift.max(m, row[i]); i += 1 }
        let shift = SIMD8(repeating: m)
        var s8 = SIMD8<Float>()
        i = 0
        while i + 8 <= n {
            let e = exp(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - shift)
            raw.storeBytes(of: e, toByteOffset: i * 4, as: SIMD8<Float>.self)
            s8 += e
            i += 8
        }
        var sum = s8.sum()
        while i < n {
            row[i] = Float.exp(row[i] - m)
            sum += row[i]
            i += 1
        }
        let inverse = 1 / sum
        let scale = SIMD8(repeating: inverse)
        i = 0
        while i + 8 <= n {
            raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * scale,
                           toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { row[i] *= inverse; i += 1 }
        return m + Float.log(sum)
    }
}
