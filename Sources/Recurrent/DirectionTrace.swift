import Kernels

/// The activations of one direction of one recurrent layer over one sentence, kept for
/// backpropagation through time (Werbos 1990). All buffers are row-major, one row per step.
struct DirectionTrace<T: Real> {
    let steps: Int
    let hidden: Int
    /// `W x_t + b` for every step: steps x gates*hidden.
    var projected: [T]
    /// Hidden states h_0 ... h_T: (steps + 1) x hidden, with h_0 = 0.
    var states: [T]
    /// Gate activations after their non-linearity: steps x gates*hidden (empty for the Elman cell).
    var gates: [T] = []
    /// GRU: `r_t * h_{t-1}`; LSTM: `tanh(c_t)`. steps x hidden (empty for the Elman cell).
    var auxiliary: [T] = []
    /// LSTM cell states c_0 ... c_T: (steps + 1) x hidden, with c_0 = 0.
    var cells: [T] = []

    init(steps: Int, hidden: Int, projected: [T]) {
        self.steps = steps
        self.hidden = hidden
        self.projected = projected
        self.states = [T](repeating: 0, count: (steps + 1) * hidden)
    }

    /// Row `t` (1-based step) of the states: h_t.
    func state(_ t: Int) -> ArraySlice<T> { states[t * hidden ..< (t + 1) * hidden] }
}

extension CellKind {
    /// Runs one direction over `input` (steps x inputWidth, in the order the direction reads it).
    /// - Complexity: O(steps x gates x hidden x (inputWidth + hidden)).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward<T: Real>(_ p: UnsafePointer<T>, _ dir: ParameterLayout.Direction, hidden: Int,
                          input: UnsafePointer<T>, steps: Int) -> DirectionTrace<T> {
        let rows = dir.input.rows, width = dir.input.cols
        var projected = [T](repeating: 0, count: steps * rows)
        projected.withUnsafeMutableBufferPointer { out in
            let out = out.baseAddress!
            for t in 0..<steps {
                let a = out + t * rows
                for k in 0..<rows { a[k] = p[dir.bias.offset + k] }
                RealKernels.multiplyAdd(p + dir.input.offset, rows: rows, cols: width, input + t * width, into: a)
            }
        }
        var trace = DirectionTrace<T>(steps: steps, hidden: hidden, projected: projected)
        let u = p + dir.recurrent.offset
        switch self {
        case .rnn: ElmanCell.forward(u, &trace)
        case .gru: GRUCell.forward(u, &trace)
        case .lstm: LSTMCell.forward(u, &trace)
        }
        return trace
    }

    /// Backpropagates through one direction: `dStates` (steps x hidden) is the loss gradient
    /// with respect to h_1 ... h_T from above; the parameter gradients are added to `g`
    /// (same layout as `p`) and the input gradient to `dInput` (steps x inputWidth).
    /// - Complexity: about twice the forward pass.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward<T: Real>(_ p: UnsafePointer<T>, _ dir: ParameterLayout.Direction, trace: DirectionTrace<T>,
                           input: UnsafePointer<T>, dStates: UnsafePointer<T>,
                           gradient g: UnsafeMutablePointer<T>, dInput: UnsafeMutablePointer<T>) {
        let rows = dir.input.rows, width = dir.input.cols, steps = trace.steps
        // Gradients of the pre-activations W x_t + U h_{t-1} + b, per step.
        var dPre = [T](repeating: 0, count: steps * rows)
        dPre.withUnsafeMutableBufferPointer { dPre in
            let dPre = dPre.baseAddress!
            let u = p + dir.recurrent.offset, du = g + dir.recurrent.offset
            switch self {
            case .rnn: ElmanCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            case .gru: GRUCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            case .lstm: LSTMCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            }
            for t in 0..<steps {
                let da = dPre + t * rows
                for k in 0..<rows { g[dir.bias.offset + k] += da[k] }
                RealKernels.outerAdd(da, input + t * width, into: g + dir.input.offset, rows: rows, cols: width)
                RealKernels.transposeMultiplyAdd(p + dir.input.offset, rows: rows, cols: width, da, into: dInput + t * width)
            }
        }
    }
}
