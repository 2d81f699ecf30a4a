import Kernels
/// The stacked (bi)directional recurrent layers alone, as a sequence-to-sequence map:
/// steps x inputWidth in, steps x outputWidth out (forward states, then backward states,
/// per step). `SequenceTagger`'s network reads every step of the output; the sentence
/// classifier's `RecurrentNetwork` pools it (and keeps its own copy of these loops).
enum RecurrentStack {
    /// The activations of every layer, kept for backpropagation through time.
    struct Trace<T: Real> {
        /// The input of each layer: steps x width.
        var inputs: [[T]] = []
        /// `traces[layer][direction]`.
        var traces: [[DirectionTrace<T>]] = []
    }

    /// Runs the layers of `c` (weights at `p`, laid out by `layout`) over `input`.
    /// - Complexity: O(steps x layers x directions x gates x hidden x (input + hidden)).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ p: UnsafePointer<T>, _ layout: ParameterLayout, _ c: NetworkConfiguration,
                                 input: [T], steps: Int) -> (output: [T], trace: Trace<T>) {
        let h = c.hidden, width = c.outputWidth
        var x = input
        var trace = Trace<T>()
        for layer in 0..<c.layers {
            let inWidth = c.inputWidth(layer: layer)
            var out = [T](repeating: 0, count: steps * width)
            var traces: [DirectionTrace<T>] = []
            for d in 0..<c.directions {
                let reversed = d == 1
                let source = reversed ? RecurrentNetwork<T>.reverseRows(x, width: inWidth) : x
                let directionTrace = source.withUnsafeBufferPointer {
                    c.cell.forward(p, layout.directions[layer][d], hidden: h, input: $0.baseAddress!, steps: steps)
                }
                directionTrace.states.withUnsafeBufferPointer { s in
                    out.withUnsafeMutableBufferPointer { o in
                        for t in 0..<steps {
                            let from = reversed ? steps - 1 - t : t
                            for k in 0..<h { o[t * width + d * h + k] = s[(from + 1) * h + k] }
                        }
                    }
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
    /// - Complexity: about twice `forward`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ p: UnsafePointer<T>, _ layout: ParameterLayout, _ c: NetworkConfiguration,
                                  trace: Trace<T>, dOutput: [T], steps: Int, gradient g: UnsafeMutablePointer<T>) -> [T] {
        let h = c.hidden, width = c.outputWidth
        var dTop = dOutput
        for layer in stride(from: c.layers - 1, through: 0, by: -1) {
            let inWidth = c.inputWidth(layer: layer)
            var dIn = [T](repeating: 0, count: steps * inWidth)
            for d in 0..<c.directions {
                let reversed = d == 1
                var dStates = [T](repeating: 0, count: steps * h)
                for t in 0..<steps {
                    let source = reversed ? steps - 1 - t : t
                    for k in 0..<h { dStates[source * h + k] = dTop[t * width + d * h + k] }
                }
                let input = reversed ? RecurrentNetwork<T>.reverseRows(trace.inputs[layer], width: inWidth) : trace.inputs[layer]
                var dSequence = [T](repeating: 0, count: steps * inWidth)
                input.withUnsafeBufferPointer { x in
                    dStates.withUnsafeBufferPointer { ds in
                        dSequence.withUnsafeMutableBufferPointer { dx in
                            c.cell.backward(p, layout.directions[layer][d], trace: trace.traces[layer][d],
                                            input: x.baseAddress!, dStates: ds.baseAddress!, gradient: g, dInput: dx.baseAddress!)
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
}
