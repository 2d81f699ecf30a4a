import XCTest
import Kernels
import Embeddings
@testable import Recurrent

/// `RecurrentEngine` (the batched engine every model runs on) against the scalar reference
/// (`Reference/RecurrentStack`, one sequence at a time), in `Double`: on a ragged batch, for
/// every cell and GRU formulation, one and two directions, one and two layers, with and
/// without a recurrent bias and a carried-in state. Compared: every output, the final
/// (carried-out) states, the input gradient and every weight gradient of the loss
/// `sum(dOut * output)`.
final class RecurrentEngineTests: XCTestCase {
    func testEveryCellDirectionAndDepthAgainstTheScalarReference() {
        var seed: UInt64 = 1
        for kind in CellKind.allCases {
            for formulation in kind == .gru ? GRUFormulation.allCases : [.resetBeforeProduct] {
                for directions in [1, 2] {
                    for layers in [1, 2] {
                        for recurrentBias in [false, true] {
                            check(kind, formulation, directions: directions, layers: layers, recurrentBias: recurrentBias,
                                  carried: false, seed: seed)
                            seed += 1
                        }
                    }
                }
            }
        }
    }

    /// The language model's case: one direction, the state carried in from a previous chunk
    /// (and the cells, for LSTM), the final states handed on.
    func testCarriedStateAgainstTheScalarReference() {
        var seed: UInt64 = 100
        for kind in CellKind.allCases {
            for formulation in kind == .gru ? GRUFormulation.allCases : [.resetAfterProduct] {
                for layers in [1, 2] {
                    check(kind, formulation, directions: 1, layers: layers, recurrentBias: true, carried: true, seed: seed)
                    seed += 1
                }
            }
        }
    }

    /// A planted bug must be caught: the same comparison with one weight of the engine's
    /// copy nudged fails.
    func testTheComparisonCanFail() {
        let failures = check(.gru, .resetAfterProduct, directions: 1, layers: 1, recurrentBias: true, carried: true, seed: 7,
                             perturb: true, report: false)
        XCTAssertGreaterThan(failures, 0)
    }

    @discardableResult
    private func check(_ kind: CellKind, _ formulation: GRUFormulation, directions: Int, layers: Int, recurrentBias: Bool,
                       carried: Bool, seed: UInt64, perturb: Bool = false, report: Bool = true) -> Int {
        let name = "\(kind) \(formulation) directions \(directions) layers \(layers) bias \(recurrentBias) carried \(carried)"
        let h = 5, width0 = 4, lengths = [3, 7, 1, 5, 7]
        let cell = RecurrentCell(kind: kind, hidden: h, gru: formulation)
        var offset = 0
        func take(_ n: Int) -> Int { defer { offset += n }; return offset }
        let weights = (0..<layers).map { l in
            (0..<directions).map { _ in
                let width = l == 0 ? width0 : directions * h
                return RecurrentWeights(input: take(cell.gates * width), width: width, recurrent: take(cell.gates * h),
                                        bias: take(cell.gates), recurrentBias: recurrentBias ? take(cell.gates) : nil)
            }
        }
        let stack = RecurrentStackLayout(cell: cell, weights: weights)
        var g = SeededGenerator(seed: seed)
        func random(_ n: Int) -> [Double] { (0..<n).map { _ in g.uniform() - 0.5 } }
        let parameters = random(offset)
        let inputs = lengths.map { random($0 * width0) }
        let dOuts = lengths.map { random($0 * stack.outputWidth) }
        // initial[sequence][layer]
        let initial: [[(hidden: [Double], cells: [Double])]] = lengths.map { _ in
            (0..<layers).map { _ in (random(h), kind == .lstm ? random(h) : []) }
        }

        // The reference, one sequence at a time.
        var referenceGradient = [Double](repeating: 0, count: offset)
        var referenceOutputs: [[Double]] = [], referenceInputGradients: [[Double]] = [], referenceFinal: [[[Double]]] = []
        parameters.withUnsafeBufferPointer { p in
            referenceGradient.withUnsafeMutableBufferPointer { gr in
                for (i, steps) in lengths.enumerated() {
                    let (out, trace) = RecurrentStack.forward(p.baseAddress!, stack, input: inputs[i], steps: steps,
                                                              initial: carried ? initial[i] : [])
                    referenceOutputs.append(out)
                    referenceFinal.append((0..<layers).map { l in Array(trace.traces[l][0].states[steps * h ..< (steps + 1) * h]) })
                    referenceInputGradients.append(RecurrentStack.backward(p.baseAddress!, stack, trace: trace, dOutput: dOuts[i],
                                                                           steps: steps, gradient: gr.baseAddress!))
                }
            }
        }

        // The engine, the whole ragged batch at once.
        let shape = SequenceBatch(lengths: lengths)
        let outWidth = stack.outputWidth
        var x = [Double](repeating: 0, count: shape.rows * width0), dOut = [Double](repeating: 0, count: shape.rows * outWidth)
        for (slot, i) in shape.order.enumerated() {
            for t in 0..<lengths[i] {
                for k in 0..<width0 { x[shape.row(t, slot) * width0 + k] = inputs[i][t * width0 + k] }
                for k in 0..<outWidth { dOut[shape.row(t, slot) * outWidth + k] = dOuts[i][t * outWidth + k] }
            }
        }
        let start: [(hidden: [Double], cells: [Double])] = carried ? (0..<layers).map { l in
            (shape.order.flatMap { initial[$0][l].hidden }, kind == .lstm ? shape.order.flatMap { initial[$0][l].cells } : [])
        } : []
        var engineParameters = parameters
        if perturb { engineParameters[weights[0][0].recurrent] += 1e-3 }
        var gradient = [Double](repeating: 0, count: offset)
        var output: [Double] = [], dInput: [Double] = []
        var trace = RecurrentStackTrace<Double>()
        engineParameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { gr in
                (output, trace) = RecurrentEngine.forward(p.baseAddress!, stack, input: x, shape: shape, initial: start, threads: 2)
                dInput = RecurrentEngine.backward(p.baseAddress!, stack, trace: trace, dOutput: dOut, shape: shape,
                                                  gradient: gr.baseAddress!, threads: 2)
            }
        }

        var failures = 0
        func close(_ a: Double, _ b: Double, _ what: String) {
            if abs(a - b) > 1e-10 * max(1, abs(b)) {
                failures += 1
                if report && failures <= 5 { XCTFail("\(name): \(what): engine \(a), reference \(b)") }
            }
        }
        for (slot, i) in shape.order.enumerated() {
            for t in 0..<lengths[i] {
                for k in 0..<outWidth { close(output[shape.row(t, slot) * outWidth + k], referenceOutputs[i][t * outWidth + k], "output \(i) \(t) \(k)") }
                for k in 0..<width0 {
                    close(dInput[shape.row(t, slot) * width0 + k], referenceInputGradients[i][t * width0 + k], "input gradient \(i) \(t) \(k)")
                }
            }
            for l in 0..<layers {
                let final = trace.finalStates(layer: l, shape: shape, hidden: h).hidden
                for k in 0..<h { close(final[slot * h + k], referenceFinal[i][l][k], "final state \(i) layer \(l) \(k)") }
            }
        }
        for j in 0..<offset { close(gradient[j], referenceGradient[j], "weight gradient \(j)") }
        return failures
    }
}
