import Kernels
@testable import Recurrent

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

extension RecurrentCell {
    /// Runs one direction over `input` (steps x inputWidth, in the order the direction reads
    /// it) from `initial` (h_0, zero when nil) and, for LSTM, `initialCells` (c_0).
    /// - Complexity: O(steps x gates x hidden x (inputWidth + hidden)).
    func forward<T: Real>(_ p: UnsafePointer<T>, _ w: RecurrentWeights, input: UnsafePointer<T>, steps: Int,
                          initial: [T]? = nil, initialCells: [T]? = nil) -> DirectionTrace<T> {
        let rows = gates, width = w.width, h = hidden
        let afterReset = kind == .gru && gru == .resetAfterProduct
        var projected = [T](repeating: 0, count: steps * rows)
        projected.withUnsafeMutableBufferPointer { out in
            let out = out.baseAddress!
            for t in 0..<steps {
                let a = out + t * rows
                for k in 0..<rows { a[k] = p[w.bias + k] }
                if !afterReset, let c = w.recurrentBias { for k in 0..<rows { a[k] += p[c + k] } }
                RealKernels.multiplyAdd(p + w.input, rows: rows, cols: width, input + t * width, into: a)
            }
        }
        var trace = DirectionTrace<T>(steps: steps, hidden: h, projected: projected)
        if let initial { for k in 0..<h { trace.states[k] = initial[k] } }
        if kind == .lstm {
            trace.cells = [T](repeating: 0, count: (steps + 1) * h)
            if let initialCells { for k in 0..<h { trace.cells[k] = initialCells[k] } }
        }
        let u = p + w.recurrent
        switch kind {
        case .rnn: ElmanCell.forward(u, &trace)
        case .gru where afterReset:
            let zeros = [T](repeating: 0, count: rows)
            if let c = w.recurrentBias { GRUCell.forwardResetAfter(u, p + c, &trace) } else { GRUCell.forwardResetAfter(u, zeros, &trace) }
        case .gru: GRUCell.forward(u, &trace)
        case .lstm: LSTMCell.forward(u, &trace)
        case .mgu: MGUCell.forward(u, &trace)
        }
        return trace
    }

    /// Backpropagates through one direction: `dStates` (steps x hidden) is the loss gradient
    /// with respect to h_1 ... h_T from above; the parameter gradients are added to `g`
    /// (same layout as `p`) and the input gradient to `dInput` (steps x inputWidth). h_0 is
    /// detached.
    /// - Complexity: about twice the forward pass.
    func backward<T: Real>(_ p: UnsafePointer<T>, _ w: RecurrentWeights, trace: DirectionTrace<T>,
                           input: UnsafePointer<T>, dStates: UnsafePointer<T>,
                           gradient g: UnsafeMutablePointer<T>, dInput: UnsafeMutablePointer<T>) {
        let rows = gates, width = w.width, steps = trace.steps
        let afterReset = kind == .gru && gru == .resetAfterProduct
        // Gradients of the pre-activations W x_t + U h_{t-1} + b, per step.
        var dPre = [T](repeating: 0, count: steps * rows)
        dPre.withUnsafeMutableBufferPointer { dPre in
            let dPre = dPre.baseAddress!
            let u = p + w.recurrent, du = g + w.recurrent
            switch kind {
            case .rnn: ElmanCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            case .gru where afterReset:
                var dc = [T](repeating: 0, count: rows)
                GRUCell.backwardResetAfter(u, trace, dStates: dStates, dU: du, dPre: dPre, dC: &dc)
                if let c = w.recurrentBias { for k in 0..<rows { g[c + k] += dc[k] } }
            case .gru: GRUCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            case .lstm: LSTMCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            case .mgu: MGUCell.backward(u, trace, dStates: dStates, dU: du, dPre: dPre)
            }
            for t in 0..<steps {
                let da = dPre + t * rows
                for k in 0..<rows { g[w.bias + k] += da[k] }
                if !afterReset, let c = w.recurrentBias { for k in 0..<rows { g[c + k] += da[k] } }
                RealKernels.outerAdd(da, input + t * width, into: g + w.input, rows: rows, cols: width)
                RealKernels.transposeMultiplyAdd(p + w.input, rows: rows, cols: width, da, into: dInput + t * width)
            }
        }
    }
}
