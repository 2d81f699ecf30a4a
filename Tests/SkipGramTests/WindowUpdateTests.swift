import XCTest
@testable import SkipGram

/// The two window updates against a Double-precision reference with the exact logistic
/// function, and the reference's gradient against central finite differences of the loss.
final class WindowUpdateTests: XCTestCase {
    let dimension = 20            // padded to a stride of 32: exercises the padding
    let inputIDs: [Int32] = [0, 1, 2, 1]   // a repeated context word
    let outputIDs: [Int32] = [3, 4, 5, 4]  // centre 3, a negative drawn twice

    func makeMatrices() -> (SharedMatrix, SharedMatrix) {
        var random = RandomGenerator(seed: 99)
        let w = SharedMatrix(rows: 6, columns: dimension), c = SharedMatrix(rows: 6, columns: dimension)
        for r in 0..<6 {
            for k in 0..<dimension {
                w.row(r)[k] = random.unitFloat() - 0.5
                c.row(r)[k] = random.unitFloat() - 0.5
            }
        }
        return (w, c)
    }

    func rows(_ m: SharedMatrix) -> [[Double]] {
        (0..<m.rows).map { r in (0..<m.columns).map { Double(m.row(r)[$0]) } }
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The window's SGNS loss: sum over inputs b and outputs o of -log sigma(+-c_o . w_b).
    func loss(_ w: [[Double]], _ c: [[Double]]) -> Double {
        var total = 0.0
        for (o, out) in outputIDs.enumerated() {
            for inp in inputIDs {
                let s = Self.dot(c[Int(out)], w[Int(inp)])
                total -= log(Self.sigmoid(o == 0 ? s : -s))
            }
        }
        return total
    }

    /// Analytic gradient of `loss` with respect to every row of W and C.
    func gradient(_ w: [[Double]], _ c: [[Double]]) -> (dw: [[Double]], dc: [[Double]]) {
        var dw = w.map { $0.map { _ in 0.0 } }, dc = c.map { $0.map { _ in 0.0 } }
        for (o, out) in outputIDs.enumerated() {
            for inp in inputIDs {
                let s = Self.dot(c[Int(out)], w[Int(inp)])
                let g = (o == 0 ? 1 : 0) - Self.sigmoid(s)
                for k in 0..<dimension {
                    dw[Int(inp)][k] -= g * c[Int(out)][k]
                    dc[Int(out)][k] -= g * w[Int(inp)][k]
                }
            }
        }
        return (dw, dc)
    }

    func testReferenceGradientMatchesFiniteDifferences() {
        let (wm, cm) = makeMatrices()
        let w = rows(wm), c = rows(cm)
        let (dw, dc) = gradient(w, c)
        let h = 1e-6
        for r in 0..<6 {
            for k in stride(from: 0, to: dimension, by: 3) {
                var wp = w, wn = w
                wp[r][k] += h; wn[r][k] -= h
                XCTAssertEqual((loss(wp, c) - loss(wn, c)) / (2 * h), dw[r][k], accuracy: 1e-6, "dW[\(r)][\(k)]")
                var cp = c, cn = c
                cp[r][k] += h; cn[r][k] -= h
                XCTAssertEqual((loss(w, cp) - loss(w, cn)) / (2 * h), dc[r][k], accuracy: 1e-6, "dC[\(r)][\(k)]")
            }
        }
    }

    /// The batched step is one SGD step on the window's loss with every gradient taken at
    /// the old values: W -= alpha dL/dW, C -= alpha dL/dC.
    func testBatchedStepIsOneGradientStep() {
        let (wm, cm) = makeMatrices()
        let w0 = rows(wm), c0 = rows(cm)
        let (dw, dc) = gradient(w0, c0)
        let alpha = 0.05
        let update = WindowUpdate(stride: wm.stride, maxInputs: 4, maxOutputs: 4)
        defer { update.deallocate() }
        var tallied: Float = 0
        for (b, id) in inputIDs.enumerated() { update.inputRows[b] = wm.row(Int(id)) }
        outputIDs.withUnsafeBufferPointer { outputs in
            update.batched(output: cm, inputCount: 4, targets: update.inputRows, accumulate: true,
                           outputs: outputs.baseAddress!, outputCount: 4,
                           alpha: Float(alpha), sigmoid: SigmoidTable(), loss: &tallied)
        }
        XCTAssertEqual(Double(tallied), loss(w0, c0), accuracy: 0.02 * loss(w0, c0), "tallied loss")
        let w1 = rows(wm), c1 = rows(cm)
        for r in 0..<6 {
            for k in 0..<dimension {
                // The sigmoid table's resolution (12/1000) bounds the error of each g by ~0.003.
                XCTAssertEqual(w1[r][k], w0[r][k] - alpha * dw[r][k], accuracy: 2e-3, "W[\(r)][\(k)]")
                XCTAssertEqual(c1[r][k], c0[r][k] - alpha * dc[r][k], accuracy: 2e-3, "C[\(r)][\(k)]")
            }
            for k in dimension..<wm.stride {
                XCTAssertEqual(wm.row(r)[k], 0, "padding of W must stay zero")
                XCTAssertEqual(cm.row(r)[k], 0, "padding of C must stay zero")
            }
        }
    }

    /// word2vec.c's per-pair order: for each output, g = alpha (label - sigma(c . w)),
    /// neu1e += g c, c += g w; then w += neu1e.
    func testPerPairMatchesWord2VecOrder() {
        let (wm, cm) = makeMatrices()
        var w = rows(wm), c = rows(cm)
        let alpha = 0.05
        let update = WindowUpdate(stride: wm.stride, maxInputs: 4, maxOutputs: 4)
        defer { update.deallocate() }
        var tallied: Float = 0
        for context in inputIDs {
            var neu1e = [Double](repeating: 0, count: dimension)
            for (o, out) in outputIDs.enumerated() {
                let g = alpha * ((o == 0 ? 1 : 0) - Self.sigmoid(Self.dot(c[Int(out)], w[Int(context)])))
                for k in 0..<dimension { neu1e[k] += g * c[Int(out)][k] }
                for k in 0..<dimension { c[Int(out)][k] += g * w[Int(context)][k] }
            }
            for k in 0..<dimension { w[Int(context)][k] += neu1e[k] }
            outputIDs.withUnsafeBufferPointer { outputs in
                update.perPair(output: cm, w: wm.row(Int(context)), addToInput: true, outputs: outputs.baseAddress!, outputCount: 4,
                               alpha: Float(alpha), sigmoid: SigmoidTable(), loss: &tallied)
            }
        }
        let w1 = rows(wm), c1 = rows(cm)
        for r in 0..<6 {
            for k in 0..<dimension {
                XCTAssertEqual(w1[r][k], w[r][k], accuracy: 2e-3)
                XCTAssertEqual(c1[r][k], c[r][k], accuracy: 2e-3)
            }
        }
    }

    func testSigmoidTableAgainstExactFunction() {
        let table = SigmoidTable()
        var x: Float = -7
        while x <= 7 {
            var lossPositive: Float = 0, lossNegative: Float = 0
            let gp = table.gradient(x, positive: true, loss: &lossPositive)
            let gn = table.gradient(x, positive: false, loss: &lossNegative)
            let s = Self.sigmoid(Double(x))
            XCTAssertEqual(Double(gp), 1 - s, accuracy: 0.004, "x \(x)")
            XCTAssertEqual(Double(gn), -s, accuracy: 0.004, "x \(x)")
            XCTAssertEqual(Double(lossPositive), -log(s), accuracy: 0.01, "x \(x)")
            XCTAssertEqual(Double(lossNegative), -log(1 - s), accuracy: 0.01, "x \(x)")
            x += 0.0137
        }
    }
}

import Foundation
