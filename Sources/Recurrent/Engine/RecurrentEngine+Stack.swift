import Kernels

/// Stacked, optionally bidirectional recurrent layers: which cell, and where each direction of
/// each layer keeps its weights. Each model maps its own parameter layout onto one
/// (`ParameterLayout.stack`, `LanguageModelLayout.stack`).
struct RecurrentStackLayout: Sendable, Equatable {
    let cell: RecurrentCell
    /// `weights[layer][direction]`: direction 0 reads forward in time, direction 1 backward.
    let weights: [[RecurrentWeights]]

    var layers: Int { weights.count }
    var directions: Int { weights[0].count }
    /// Width of a layer's output at one step: the directions' states side by side.
    var outputWidth: Int { directions * cell.hidden }
}

/// The activations of every layer and direction of a stack, kept for the backward pass.
struct RecurrentStackTrace<T: Real> {
    /// `directions[layer][direction]`.
    var directions: [[RecurrentActivations<T>]] = []

    /// The state after the last step of each sequence of direction 0 of `layer`
    /// (`batch x hidden`), which a language model carries into its next chunk.
    func finalStates(layer: Int, shape: SequenceBatch, hidden h: Int) -> (hidden: [T], cells: [T]) {
        let d = directions[layer][0], last = shape.steps * shape.batch * h
        return (Array(d.states[last...]), d.cells.isEmpty ? [] : Array(d.cells[last...]))
    }
}

extension RecurrentEngine {
    /// Runs the layers of `stack` over `input` (`rows x width` of layer 0, time-major, padded).
    /// A backward direction reads each sequence reversed within its own length, so every
    /// sequence starts at step 0 and the running ones stay a prefix of the rows.
    /// - Parameters:
    ///   - initial: per layer, direction 0's carried-in state and LSTM cells (`batch x hidden`);
    ///     empty for zero states.
    ///   - inputMasks: per layer, a multiplier of that layer's input (dropout between layers);
    ///     empty for none.
    /// - Returns: `rows x outputWidth` (forward states, then backward states, per step in
    ///   sequence time order; padding rows zero) and the trace.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ p: UnsafePointer<T>, _ stack: RecurrentStackLayout, input: [T], shape: SequenceBatch,
                                 initial: [(hidden: [T], cells: [T])] = [], inputMasks: [[T]] = [],
                                 threads: Int = 1) -> (output: [T], trace: RecurrentStackTrace<T>) {
        let h = stack.cell.hidden, width = stack.outputWidth, bsz = shape.batch
        var x = input
        var trace = RecurrentStackTrace<T>()
        for layer in 0..<stack.layers {
            if !inputMasks.isEmpty { multiply(&x, by: inputMasks[layer]) }
            let inWidth = stack.weights[layer][0].width
            var out = [T](repeating: 0, count: shape.rows * width)
            var directions: [RecurrentActivations<T>] = []
            for d in 0..<stack.directions {
                let reversed = d == 1
                let source = reversed ? shape.reversed(x, width: inWidth, zero: 0) : x
                let start = initial.isEmpty || d > 0 ? nil : initial[layer]
                let direction = forward(stack.cell, p, stack.weights[layer][d], input: source, shape: shape,
                                        initial: start?.hidden, initialCells: start?.cells, threads: threads)
                if stack.directions == 1 && shape.isDense {
                    out.withUnsafeMutableBufferPointer { o in
                        direction.states.withUnsafeBufferPointer { s in
                            o.baseAddress!.update(from: s.baseAddress! + bsz * h, count: shape.rows * h)
                        }
                    }
                } else {
                    direction.states.withUnsafeBufferPointer { s in
                        out.withUnsafeMutableBufferPointer { o in
                            for b in 0..<bsz {
                                for t in 0..<shape.lengths[b] {
                                    let from = reversed ? shape.mirrored(t, b) : t
                                    let target = o.baseAddress! + shape.row(t, b) * width + d * h
                                    let state = s.baseAddress! + shape.row(from + 1, b) * h
                                    for k in 0..<h { target[k] = state[k] }
                                }
                            }
                        }
                    }
                }
                directions.append(direction)
            }
            trace.directions.append(directions)
            x = out
        }
        return (x, trace)
    }

    /// Back-propagates `dOutput` (`rows x outputWidth`, zero on padding) through the layers of
    /// `stack`, adding the weight gradients into `gradient` (laid out as `p`); `inputMasks` as
    /// given to `forward`.
    /// - Returns: the gradient of the input, `rows x width` of layer 0.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ p: UnsafePointer<T>, _ stack: RecurrentStackLayout, trace: RecurrentStackTrace<T>,
                                  dOutput: [T], shape: SequenceBatch, inputMasks: [[T]] = [],
                                  gradient g: UnsafeMutablePointer<T>, threads: Int = 1) -> [T] {
        let h = stack.cell.hidden, width = stack.outputWidth, bsz = shape.batch
        var dTop = dOutput
        for layer in stride(from: stack.layers - 1, through: 0, by: -1) {
            let inWidth = stack.weights[layer][0].width
            var dIn: [T] = []
            for d in 0..<stack.directions {
                let reversed = d == 1
                var dStates: [T]
                if stack.directions == 1 {
                    // One direction: its outputs are the layer's, row for row (zero on padding).
                    dStates = dTop
                } else {
                    dStates = [T](repeating: 0, count: shape.rows * h)
                    for b in 0..<bsz {
                        for t in 0..<shape.lengths[b] {
                            let to = shape.row(reversed ? shape.mirrored(t, b) : t, b) * h, from = shape.row(t, b) * width + d * h
                            for k in 0..<h { dStates[to + k] = dTop[from + k] }
                        }
                    }
                }
                let dx = backward(stack.cell, p, stack.weights[layer][d], trace: trace.directions[layer][d],
                                  dStates: dStates, shape: shape, gradient: g, threads: threads)
                if !reversed {
                    // Padding rows of dx are zero: their gate gradients are.
                    dIn = dx
                } else {
                    for b in 0..<bsz {
                        for t in 0..<shape.lengths[b] {
                            let to = shape.row(shape.mirrored(t, b), b) * inWidth, from = shape.row(t, b) * inWidth
                            for k in 0..<inWidth { dIn[to + k] += dx[from + k] }
                        }
                    }
                }
            }
            if !inputMasks.isEmpty { multiply(&dIn, by: inputMasks[layer]) }
            dTop = dIn
        }
        return dTop
    }

    /// `x[i] *= mask[i]`.
    static func multiply<T: Real>(_ x: inout [T], by mask: [T]) {
        precondition(x.count == mask.count, "RecurrentEngine: a mask of \(mask.count) values for \(x.count)")
        for i in x.indices { x[i] *= mask[i] }
    }
}
