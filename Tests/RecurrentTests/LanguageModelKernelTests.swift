import XCTest
import Foundation
import Kernels
import Embeddings
@testable import Recurrent

/// The language model's Float fast paths against their references: the SIMD GRU gates
/// against the scalar loop, a whole Float chunk (forward into a reused trace, fused softmax,
/// backward) against the Double model at 1, 2, 3, 7 and 16 threads, and the vectorised,
/// threaded optimizer against a scalar transcription of `torch.optim.Adam` and `clip_grad_norm_`.
final class LanguageModelKernelTests: XCTestCase {
    func testSIMDGRUGatesMatchScalar() {
        var g = SeededGenerator(seed: 4)
        for h in [1, 8, 20, 256] {
            let a = (0..<(3 * h)).map { _ in Float(g.uniform() * 8 - 4) }, u = (0..<(3 * h)).map { _ in Float(g.uniform() * 8 - 4) }
            let c = (0..<(3 * h)).map { _ in Float(g.uniform() - 0.5) }, prev = (0..<h).map { _ in Float(g.uniform() * 2 - 1) }
            func run(scalar: Bool) -> [Float] {
                var gates = [Float](repeating: 0, count: 3 * h), rn = [Float](repeating: 0, count: h), next = rn
                gates.withUnsafeMutableBufferPointer { gt in
                    rn.withUnsafeMutableBufferPointer { rn in
                        next.withUnsafeMutableBufferPointer { nx in
                            RecurrentEngine.gruGates(a, u, c, gates: gt.baseAddress!, recurrentN: rn.baseAddress!, previous: prev,
                                                  next: nx.baseAddress!, hidden: h, scalar: scalar)
                        }
                    }
                }
                return gates + rn + next
            }
            let fast = run(scalar: false), slow = run(scalar: true)
            for i in fast.indices { XCTAssertEqual(fast[i], slow[i], accuracy: 1e-6 * max(1, abs(slow[i])), "h \(h) i \(i)") }
        }
    }

    /// A Float chunk, forward into one reused trace and backward, equals the Double model on
    /// the same weights (loss, every gradient) at every thread count, hidden 20 (a SIMD tail).
    func testFloatChunkMatchesDoubleAtEveryThreadCount() {
        let c = LanguageModelConfiguration(cell: .gru, vocabularySize: 37, dimension: 12, hidden: 20, layers: 1, tied: false)
        let double = LanguageModel<Double>(configuration: c, seed: 6)
        let float = LanguageModel<Float>(configuration: c, parameters: double.parameters.map(Float.init))
        let batch = 5, steps = 7
        var g = SeededGenerator(seed: 8)
        let inputs = (0..<(steps * batch)).map { _ in Int32(g.next() % 37) }, targets = (0..<(steps * batch)).map { _ in Int32(g.next() % 37) }
        var ds = double.initialState(batch: batch), generator = SeededGenerator(seed: 0)
        let dTrace = double.forward(tokens: inputs, targets: targets, batch: batch, state: &ds, dropout: 0, generator: &generator, threads: 1)
        var dGradient = [Double](repeating: 0, count: double.parameters.count)
        dGradient.withUnsafeMutableBufferPointer { double.backward(dTrace, scale: 1, gradient: $0.baseAddress!, threads: 1) }
        var trace = ChunkTrace<Float>(steps: 0, batch: batch, tokens: [], targets: [])
        for threads in [1, 2, 3, 7, 16] {
            // Twice into the same trace: the reused buffers must give the same result.
            for _ in 0..<2 {
                var fs = float.initialState(batch: batch)
                float.forward(tokens: inputs, targets: targets, batch: batch, state: &fs, dropout: 0, generator: &generator,
                              threads: threads, into: &trace)
                XCTAssertEqual(trace.loss, dTrace.loss, accuracy: 1e-5 * dTrace.loss, "threads \(threads)")
                var fGradient = [Float](repeating: 0, count: float.parameters.count)
                fGradient.withUnsafeMutableBufferPointer { float.backward(trace, scale: 1, gradient: $0.baseAddress!, threads: threads) }
                for i in fGradient.indices {
                    XCTAssertEqual(Double(fGradient[i]), dGradient[i], accuracy: 1e-4 * max(1, abs(dGradient[i])), "threads \(threads) i \(i)")
                }
                for k in fs.hidden[0].indices { XCTAssertEqual(Double(fs.hidden[0][k]), ds.hidden[0][k], accuracy: 1e-5) }
            }
        }
    }

    /// The optimizer against a scalar transcription of PyTorch's, with clipping and a frozen
    /// range, over 300,001 parameters (so that the work is split) at 1, 2, 3, 7, 16 threads.
    func testOptimizerMatchesScalarReference() {
        let n = 300_001, frozen = 1_000 ..< 70_001
        var g = SeededGenerator(seed: 12)
        let start = (0..<n).map { _ in Float(g.uniform() - 0.5) }
        let gradients = (0..<3).map { _ in (0..<n).map { i in frozen.contains(i) ? 0 : Float(g.uniform() - 0.5) * 0.02 } }
        // Reference: clip_grad_norm_ (scale clip / (norm + 1e-6)), then Adam with bias corrections.
        var w = start.map(Double.init), m = [Double](repeating: 0, count: n), v = m
        var norms: [Double] = []
        for (t, grad) in gradients.enumerated() {
            let norm = grad.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            norms.append(norm)
            let s = norm > 1 ? 1 / (norm + 1e-6) : 1
            let c1 = 1 - pow(0.9, Double(t + 1)), c2 = (1 - pow(0.999, Double(t + 1))).squareRoot()
            for i in 0..<n where !frozen.contains(i) {
                let gi = Double(grad[i]) * s
                m[i] = 0.9 * m[i] + 0.1 * gi
                v[i] = 0.999 * v[i] + 0.001 * gi * gi
                w[i] -= 2e-3 / c1 * m[i] / (v[i].squareRoot() / c2 + 1e-8)
            }
        }
        for threads in [1, 2, 3, 7, 16] {
            var optimizer = LanguageModelOptimizer(kind: .adam, learningRate: 2e-3, clip: 1, count: n)
            var weights = start
            for (t, grad) in gradients.enumerated() {
                var gradient = grad
                let norm = optimizer.step(&weights, gradient: &gradient, frozen: frozen, threads: threads)
                XCTAssertEqual(norm, norms[t], accuracy: 1e-6 * norms[t])
                XCTAssertEqual(gradient.max(), 0, "the gradient is left zeroed")
                XCTAssertEqual(gradient.min(), 0)
            }
            var worst = 0.0
            for i in 0..<n { worst = max(worst, abs(Double(weights[i]) - w[i])) }
            XCTAssertLessThan(worst, 1e-6, "threads \(threads)")
            for i in frozen { XCTAssertEqual(weights[i], start[i]) }
        }
    }
}
