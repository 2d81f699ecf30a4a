import XCTest
import Foundation
@testable import Kernels

/// The SIMD `exp`, sigmoid and tanh against Foundation's (Double) over their whole useful
/// range, with the worst relative error stated, and the fused bias + softmax against the
/// scalar reference.
final class ActivationTests: XCTestCase {
    /// Worst relative error of `f` against `reference` over `xs`, eight lanes at a time.
    func worstError(_ xs: [Float], _ f: (SIMD8<Float>) -> SIMD8<Float>, _ reference: (Double) -> Double) -> (Double, Float) {
        var worst = 0.0, at: Float = 0
        var i = 0
        while i + 8 <= xs.count {
            var v = SIMD8<Float>()
            for l in 0..<8 { v[l] = xs[i + l] }
            let y = f(v)
            for l in 0..<8 {
                let r = reference(Double(xs[i + l]))
                let e = abs(Double(y[l]) - r) / max(abs(r), Double(Float.leastNormalMagnitude))
                if e > worst { worst = e; at = xs[i + l] }
            }
            i += 8
        }
        return (worst, at)
    }

    func grid(_ from: Float, _ to: Float, _ count: Int) -> [Float] {
        (0..<count).map { from + (to - from) * Float($0) / Float(count - 1) }
    }

    /// exp over [-87, 88]: measured worst relative error 1.2e-7 (one or two ulps).
    func testExpRelativeError() {
        let (worst, at) = worstError(grid(-87, 88, 200_000), VectorKernels.exp, Foundation.exp)
        XCTAssertLessThan(worst, 5e-7, "worst at \(at)")
    }

    /// sigmoid over [-80, 80] (values down to 2e-35): measured worst relative error about 2e-7.
    func testSigmoidRelativeError() {
        let (worst, at) = worstError(grid(-80, 80, 200_000), VectorKernels.sigmoid, { 1 / (1 + Foundation.exp(-$0)) })
        XCTAssertLessThan(worst, 5e-7, "worst at \(at)")
    }

    /// tanh over [-20, 20], and near 0 where `1 - 2/(e^2x + 1)` would cancel: measured worst
    /// relative error about 2e-7.
    func testTanhRelativeError() {
        let (wide, at) = worstError(grid(-20, 20, 200_001), VectorKernels.tanh, Foundation.tanh)
        XCTAssertLessThan(wide, 5e-7, "worst at \(at)")
        let (near, atNear) = worstError(grid(-0.01, 0.01, 20_001).filter { $0 != 0 } + [1e-30, -1e-30, 1e-8, -1e-8, 0.62, 0.63, -0.62, -0.63],
                                        VectorKernels.tanh, Foundation.tanh)
        XCTAssertLessThan(near, 5e-7, "worst at \(atNear)")
        XCTAssertEqual(VectorKernels.tanh(SIMD8(repeating: 100))[0], 1)
        XCTAssertEqual(VectorKernels.tanh(SIMD8(repeating: -100))[0], -1)
        XCTAssertEqual(VectorKernels.sigmoid(SIMD8(repeating: 100))[0], 1)
        XCTAssertGreaterThanOrEqual(VectorKernels.sigmoid(SIMD8(repeating: -100))[0], 0)
    }

    /// The fused bias + softmax row equals bias added first, then the Double reference.
    func testSoftmaxWithBiasMatchesReference() {
        var g = TestRandom(seed: 9)
        for n in [1, 5, 8, 13, 64, 5393] {
            var fast = (0..<n).map { _ in (g.unitFloat() - 0.5) * 30 }
            let bias = (0..<n).map { _ in (g.unitFloat() - 0.5) * 10 }
            var slow = zip(fast, bias).map { Double($0) + Double($1) }
            let lse = fast.withUnsafeMutableBufferPointer { row in
                bias.withUnsafeBufferPointer { VectorKernels.softmaxInPlace(row.baseAddress!, count: n, bias: $0.baseAddress!) }
            }
            let reference = slow.withUnsafeMutableBufferPointer { VectorKernels.softmaxReference($0.baseAddress!, n) }
            XCTAssertEqual(Double(lse), reference, accuracy: 1e-5 * max(1, abs(reference)), "n \(n)")
            for i in 0..<n { XCTAssertEqual(Double(fast[i]), slow[i], accuracy: 1e-6 + 1e-5 * slow[i], "n \(n) i \(i)") }
        }
    }
}
