import XCTest
import Kernels
import Foundation

/// The register-blocked SGEMM against the scalar triple loop on odd shapes, every transpose
/// combination, alpha/beta, leading dimensions larger than the width, and thread counts
/// larger than the number of column panels.
final class GEMMTests: XCTestCase {
    func random<T: Real>(_ count: Int, _ g: inout TestRandom) -> [T] {
        (0..<count).map { _ in T(g.unitFloat() * 2 - 1) }
    }

    func check<T: Real>(_: T.Type, m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: T, beta: T,
                        pad: Int, threads: Int, seed: UInt64, packed: Bool = false) {
        var g = TestRandom(seed: seed)
        let lda = (transposeA ? m : k) + pad, ldb = (transposeB ? k : n) + pad, ldc = n + pad
        let a: [T] = random((transposeA ? k : m) * lda, &g), b: [T] = random((transposeB ? n : k) * ldb, &g)
        var fast: [T] = random(m * ldc, &g)
        var slow = fast
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                fast.withUnsafeMutableBufferPointer { c in
                    if packed {
                        let b = GEMM.pack(k: k, n: n, b: b.baseAddress!, ldb: ldb, transposeB: transposeB)
                        GEMM.multiply(m: m, alpha: alpha, a: a.baseAddress!, lda: lda, transposeA: transposeA, packed: b,
                                      beta: beta, c: c.baseAddress!, ldc: ldc, threads: threads)
                    } else {
                        GEMM.multiply(m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!, lda: lda, transposeA: transposeA,
                                      b: b.baseAddress!, ldb: ldb, transposeB: transposeB, beta: beta,
                                      c: c.baseAddress!, ldc: ldc, threads: threads)
                    }
                }
                slow.withUnsafeMutableBufferPointer { c in
                    GEMM.reference(m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!, lda: lda, transposeA: transposeA,
                                   b: b.baseAddress!, ldb: ldb, transposeB: transposeB, beta: beta,
                                   c: c.baseAddress!, ldc: ldc)
                }
            }
        }
        let tolerance = (T.self == Float.self ? 2e-6 : 1e-13) * T(k + 1)
        var worst: T = 0
        for i in 0..<m {
            for j in 0..<ldc {
                let x = fast[i * ldc + j], y = slow[i * ldc + j]
                if j >= n { XCTAssertEqual(x, y, "padding column \(j) written") }
                worst = max(worst, abs(x - y))
            }
        }
        XCTAssertLessThanOrEqual(worst, tolerance,
                                 "\(T.self) \(m)x\(n)x\(k) tA \(transposeA) tB \(transposeB) alpha \(alpha) beta \(beta) threads \(threads) packed \(packed)")
    }

    /// Around the register tiles (6 rows; 16 Float columns on FMA builds, 8 otherwise), depths
    /// across `kc` blocks (beta applied by the first block only), `m > n` (split by rows) and
    /// `m < n` (split by columns) at every thread count, general alpha and beta, in Float and
    /// Double (the gradient checks' type), plain and packed.
    func testTileEdgesSplitsAndBeta() {
        let shapes = [(15, 16, 3), (17, 33, 257), (100, 17, 270), (6, 47, 1), (5, 2100, 9)]
        let betas: [Float] = [0, 1, -0.5]
        var seed: UInt64 = 500
        for (m, n, k) in shapes {
            for tA in [false, true] {
                for tB in [false, true] {
                    for threads in [1, 2, 3, 7, 16] {
                        let alpha: Float = threads == 7 ? 0.75 : 1, beta = betas[Int(seed % 3)], pad = threads == 3 ? 2 : 0
                        check(Float.self, m: m, n: n, k: k, transposeA: tA, transposeB: tB, alpha: alpha, beta: beta,
                              pad: pad, threads: threads, seed: seed, packed: seed % 4 == 1)
                        check(Double.self, m: m, n: n, k: k, transposeA: tA, transposeB: tB, alpha: Double(alpha), beta: Double(beta),
                              pad: pad, threads: threads, seed: seed, packed: seed % 4 == 2)
                        seed += 1
                    }
                }
            }
        }
    }

    /// `alpha == 0` and `k == 0` only scale `C` by beta (and beta 0 clears NaN), at any split.
    func testZeroAlphaOrDepthOnlyScales() {
        for threads in [1, 2, 3] {
            check(Float.self, m: 40, n: 9, k: 20, transposeA: false, transposeB: false, alpha: 0, beta: -2, pad: 1, threads: threads, seed: 700)
            check(Float.self, m: 9, n: 40, k: 0, transposeA: true, transposeB: true, alpha: 1, beta: 0, pad: 0, threads: threads, seed: 701)
        }
    }

    func testOddShapesAllTransposes() {
        let shapes = [(1, 1, 1), (7, 13, 5), (257, 100, 33), (6, 8, 256), (13, 17, 300), (2, 600, 3), (100, 3, 7)]
        var seed: UInt64 = 1
        for (m, n, k) in shapes {
            for tA in [false, true] {
                for tB in [false, true] {
                    check(Float.self, m: m, n: n, k: k, transposeA: tA, transposeB: tB, alpha: 1, beta: 0, pad: 0, threads: 1, seed: seed)
                    seed += 1
                }
            }
        }
    }

    /// `op(B)` packed once (as a recurrent layer's `U`) and reused: odd shapes, depths beyond
    /// one `kc` block, widths beyond one `nc` block, every transpose, alpha/beta, threads.
    func testPackedRightHandSideMatchesReference() {
        let shapes = [(1, 1, 1), (7, 13, 5), (257, 100, 33), (32, 100, 260), (3, 2060, 7), (13, 17, 0)]
        var seed: UInt64 = 300
        for (m, n, k) in shapes {
            for tA in [false, true] {
                for tB in [false, true] {
                    for threads in [1, 2, 3, 7, 16] {
                        check(Float.self, m: m, n: n, k: k, transposeA: tA, transposeB: tB, alpha: threads == 3 ? -0.5 : 1,
                              beta: threads == 2 ? 1 : 0, pad: threads == 7 ? 3 : 0, threads: threads, seed: seed, packed: true)
                        seed += 1
                    }
                }
            }
        }
    }

    func testAlphaBetaAndLeadingDimensions() {
        check(Float.self, m: 31, n: 45, k: 19, transposeA: false, transposeB: false, alpha: 0.5, beta: 1, pad: 3, threads: 1, seed: 91)
        check(Float.self, m: 31, n: 45, k: 19, transposeA: true, transposeB: false, alpha: -2, beta: 0.25, pad: 5, threads: 1, seed: 92)
        check(Float.self, m: 9, n: 11, k: 0, transposeA: false, transposeB: true, alpha: 1, beta: 0.5, pad: 1, threads: 1, seed: 93)
    }

    func testThreadCountsIncludingMoreThreadsThanPanels() {
        for threads in [1, 2, 3, 7, 16] {
            check(Float.self, m: 70, n: 21, k: 40, transposeA: false, transposeB: true, alpha: 1, beta: 1, pad: 0, threads: threads, seed: 200)
            check(Float.self, m: 67, n: 530, k: 33, transposeA: false, transposeB: false, alpha: 1, beta: 0, pad: 2, threads: threads, seed: 201)
        }
    }

    func testBetaZeroIgnoresNaNInOutput() {
        let a: [Float] = [1, 2], b: [Float] = [3, 4]
        var c: [Float] = [.nan]
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer {
                    GEMM.multiply(m: 1, n: 1, k: 2, a: a.baseAddress!, lda: 2, b: b.baseAddress!, ldb: 1, c: $0.baseAddress!, ldc: 1)
                }
            }
        }
        XCTAssertEqual(c[0], 11)
    }

    func testDoubleMatchesReference() {
        var g = TestRandom(seed: 5)
        let m = 13, n = 10, k = 17
        let a = (0..<(m * k)).map { _ in Double(g.unitFloat()) }, b = (0..<(k * n)).map { _ in Double(g.unitFloat()) }
        var x = [Double](repeating: 0, count: m * n), y = x
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                x.withUnsafeMutableBufferPointer {
                    GEMM.multiply(m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n, c: $0.baseAddress!, ldc: n)
                }
                y.withUnsafeMutableBufferPointer {
                    GEMM.reference(m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n, c: $0.baseAddress!, ldc: n)
                }
            }
        }
        for i in x.indices { XCTAssertEqual(x[i], y[i], accuracy: 1e-12) }
    }
}

/// The SIMD softmax (and its `exp`) against the scalar one.
final class SoftmaxTests: XCTestCase {
    func testSoftmaxMatchesReference() {
        var g = TestRandom(seed: 3)
        for n in [1, 7, 8, 9, 100, 5393] {
            var fast = (0..<n).map { _ in (g.unitFloat() - 0.5) * 40 }
            var slow = fast.map(Double.init)
            let lse = fast.withUnsafeMutableBufferPointer { VectorKernels.softmaxInPlace($0.baseAddress!, $0.count) }
            let reference = slow.withUnsafeMutableBufferPointer { VectorKernels.softmaxReference($0.baseAddress!, $0.count) }
            XCTAssertEqual(Double(lse), reference, accuracy: 1e-5 * max(1, abs(reference)))
            for i in 0..<n { XCTAssertEqual(Double(fast[i]), slow[i], accuracy: 1e-6 + 1e-5 * slow[i]) }
        }
    }

    func testExpAcrossTheRange() {
        for x in stride(from: Float(-87), through: 88, by: 0.37) {
            let v = VectorKernels.exp(SIMD8(repeating: x))[3]
            XCTAssertEqual(Double(v), Foundation.exp(Double(x)), accuracy: 1e-6 * Foundation.exp(Double(x)), "\(x)")
        }
    }
}
