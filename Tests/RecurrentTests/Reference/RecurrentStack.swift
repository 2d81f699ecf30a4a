import Kernels
@testable import Recurrent

/// The scalar reference of `RecurrentEngine`'s stack: one sequence at a time, with its own
/// length, step by step as matrix-vector products (`RecurrentCell.forward`, the cells in
/// this folder). steps x inputWidth in, steps x outputWidth out (forward states, then
/// backward states, per step). The classifier and tagger references pool or read it.
enum RecurrentStack {
    /// The activations of every layer, kept for backpropagation through time.
    struct Trace<T: Real> {
        /// The input of each layer: steps x width.
        var inputs: [[T]] = []
        /// `traces[layer][direction]`.
        var traces: [[DirectionTrace<T>]] = []
    }

    /// Runs the layers of `stack` over `input`; `initial[layer]` is direction 0's h_0 and c_0.
    static func forward<T: Real>(_ p: UnsafePointer<T>, _ stack: RecurrentStackLayout, input: [T], steps: Int,
                                 initial: [(hidden: [T], cells: [T])] = []) -> (output: [T], trace: Trace<T>) {
        let h = stack.cell.hidden, width = stack.outputWidth
        var x = input
        var trace = Trace<T>()
        for layer in 0..<stack.layers {
            var out = [T](repeating: 0, count: steps * width)
            var traces: [DirectionTrace<T>] = []
            for d in 0..<stack.directions {
                let reversed = d == 1
                let source = reversed ? reverseRows(x, width: stack.weights[layer][d].width) : x
                let start = initial.isEmpty || d > 0 ? nil : initial[layer]
                let directionTrace = source.withUnsafeBufferPointer {
                    stack.cell.forward(p, stack.weights[layer][d], input: $0.baseAddress!, steps: steps,
                                       initial: start?.hidden, initialCells: start?.cells)
                }
                for t in 0..<steps {
                    let from = reversed ? steps - 1 - t : t
                    for k in 0..<h { out[t * width + d * h + k] = directionTrace.states[(from + 1) * h + k] }
                }
                traces.append(directionTrace)
            }
            trace.inputs.append(x)
            trace.traces.append(traces)
            x = out
        }
        return (x, trace)
    }

    /// Backpropagates `dOutput` (steps x outputWidth) through the layers, adding the weight
    /// gradients into `g` (same layout as `p`).
    /// - Returns: the gradient with respect to the input, steps x inputWidth(0).
    static func backward<T: Real>(_ p: UnsafePointer<T>, _ stack: RecurrentStackLayout, trace: Trace<T>, dOutput: [T],
                                  steps: Int, gradient g: UnsafeMutablePointer<T>) -> [T] {
        let h = stack.cell.hidden, width = stack.outputWidth
        var dTop = dOutput
        for layer in stride(from: stack.layers - 1, through: 0, by: -1) {
            let inWidth = stack.weights[layer][0].width
            var dIn = [T](repeating: 0, count: steps * inWidth)
            for d in 0..<stack.directions {
                let reversed = d == 1
                var dStates = [T](repeating: 0, count: steps * h)
                for t in 0..<steps {
                    let source = reversed ? steps - 1 - t : t
                    for k in 0..<h { dStates[source * h + k] = dTop[t * width + d * h + k] }
                }
                let input = reversed ? reverseRows(trace.inputs[layer], width: inWidth) : trace.inputs[layer]
                var dSequence = [T](repeating: 0, count: steps * inWidth)
                input.withUnsafeBufferPointer { x in
                    dStates.withUnsafeBufferPointer { ds in
                        dSequence.withUnsafeMutableBufferPointer { dx in
                            stack.cell.backward(p, stack.weights[layer][d], trace: trace.traces[layer][d], input: x.baseAddress!,
                                                dStates: ds.baseAddress!, gradient: g, dInput: dx.baseAddress!)
                        }
                    }
                }
                for t in 0..<steps {
                    let target = reversed ? steps - 1 - t : t
                    for k in 0..<inWidth { dIn[target * inWidth + k] += dSequence[t * inWidth + k] }
                }
            }
            dTop = dIn
        }
        return dTop
    }

    /// The rows of a `width`-column matrix in reverse order (the backward direction reads
    /// the sequence from its last step).
    static func reverseRows<T>(_ m: [T], width: Int) -> [T] {
        let steps = m.count / width
        var out = m
        for t in 0..<steps { for k in 0..<width { out[t * width + k] = m[(steps - 1 - t) * width + k] } }
        return out
    }
}
