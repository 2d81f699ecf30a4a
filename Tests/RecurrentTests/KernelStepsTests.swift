import Embeddings
import XCTest
@testable import Recurrent

/// The four-steps-at-a-time input-projection kernels against the one-step kernels, for every
/// step count 0...9 (whole blocks, remainders) and widths that are not multiples of 8.
final class KernelStepsTests: XCTestCase {
    func testBlockedKernelsMatchOneStepAtATime() {
        var rng = SeededGenerator(seed: 17)
        for (rows, cols) in [(3, 5), (12, 19), (9, 16)] {
            let m: [Double] = (0..<(rows * cols)).map { _ in rng.uniform() * 2 - 1 }
            for steps in 0...9 {
                let x: [Double] = (0..<(max(steps, 1) * cols)).map { _ in rng.uniform() * 2 - 1 }
                // Some zero rows in dy exercise the skip of all-zero gradients.
                var dy: [Double] = []
                for i in 0..<(max(steps, 1) * rows) { dy.append(i % 7 == 3 ? 0 : rng.uniform() * 2 - 1) }
                var y1 = [Double](repeating: 0.5, count: max(steps, 1) * rows), y2 = y1
                var dx1 = [Double](repeating: -0.25, count: max(steps, 1) * cols), dx2 = dx1
                var g1 = m, g2 = m
                m.withUnsafeBufferPointer { m in
                    x.withUnsafeBufferPointer { x in
                        dy.withUnsafeBufferPointer { dy in
                            let m = m.baseAddress!, x = x.baseAddress!, dy = dy.baseAddress!
                            Kernels.multiplyAddSteps(m, rows: rows, cols: cols, x, steps: steps, into: &y1)
                            Kernels.transposeMultiplyAddSteps(m, rows: rows, cols: cols, dy, steps: steps, into: &dx1)
                            Kernels.outerAddSteps(dy, x, steps: steps, into: &g1, rows: rows, cols: cols)
                            for t in 0..<steps {
                                y2.withUnsafeMutableBufferPointer { Kernels.multiplyAdd(m, rows: rows, cols: cols, x + t * cols, into: $0.baseAddress! + t * rows) }
                                dx2.withUnsafeMutableBufferPointer { Kernels.transposeMultiplyAdd(m, rows: rows, cols: cols, dy + t * rows, into: $0.baseAddress! + t * cols) }
                                g2.withUnsafeMutableBufferPointer { Kernels.outerAdd(dy + t * rows, x + t * cols, into: $0.baseAddress!, rows: rows, cols: cols) }
                            }
                        }
                    }
                }
                let pairs: [(String, [Double], [Double])] = [("y", y1, y2), ("dx", dx1, dx2), ("dM", g1, g2)]
                for (name, a, b) in pairs {
                    XCTAssertEqual(a.count, b.count)
                    for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-12, "\(name) rows \(rows) cols \(cols) steps \(steps)") }
                }
            }
        }
    }
}
