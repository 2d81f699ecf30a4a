import Kernels

/// `RecurrentStack` over a padded batch of sentences (`SequenceBatch`): the same cells, the
/// same weights (`ParameterLayout`), the same arithmetic up to rounding, but every time step
/// of the whole batch is a matrix-matrix product (the cuDNN / PyTorch formulation with
/// `pack_padded_sequence`): the input projection of all steps at once, per step one product
/// of the running sentences' hidden states with `U` (two for the GRU, whose reset gate acts
/// before `U_n`), and in the backward pass the weight gradients as GEMMs over all steps.
/// A backward direction reads each sentence reversed within its own length, so every
/// sentence starts at step 0 and the running ones are a prefix of the rows.
///
/// Padding is never read: a finished sentence's state is carried unchanged, its rows get zero
/// state gradient, so their gate gradients are zero and add nothing to the weight products.
/// A sentence's result does not depend on the other sentences of its batch (each row of a
/// GEMM is summed in the same order whatever the row count), so predictions do not depend on
/// how sentences are grouped into batches or threads.
///
/// - Complexity: O(rows x layers x directions x gates x hidden x (input + hidden)), nearly all
///   in `GEMM.multiply`.
enum BatchedStack {
    /// One direction of one layer over the batch, kept for the backward pass.
    struct Direction<T: Real> {
        /// The input as this direction reads it (reversed per sentence for a backward one).
        var input: [T]
        /// Gates after their non-linearity: rows x gates*hidden.
        var gates: [T]
        /// GRU: `r * h_{t-1}`; LSTM: `tanh(c_t)`: rows x hidden (empty for Elman).
        var auxiliary: [T]
        /// Hidden states, `(steps + 1) x batch x hidden`, block 0 zero; a finished
        /// sentence's state is carried forward, so block `steps` holds every final state.
        var states: [T]
        /// LSTM cell states, laid out as `states`.
        var cells: [T]
    }

    struct Trace<T: Real> {
        /// `directions[layer][direction]`.
        var directions: [[Direction<T>]] = []
    }

    /// Runs the layers of `c` over `input` (`rows x inputWidth(0)`, time-major, padded).
    /// - Returns: `rows x outputWidth` (forward states, then backward states, per step, in
    ///   sentence time order; padding rows zero) and the trace.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ p: UnsafePointer<T>, _ layout: ParameterLayout, _ c: NetworkConfiguration,
                                 input: [T], shape: SequenceBatch) -> (output: [T], trace: Trace<T>) {
        let h = c.hidden, width = c.outputWidth, bsz = shape.batch
        var x = input
        var trace = Trace<T>()
        for layer in 0..<c.layers {
            let inWidth = c.inputWidth(layer: layer)
            var out = [T](repeating: 0, count: shape.rows * width)
            var directions: [Direction<T>] = []
            for d in 0..<c.directions {
                let reversed = d == 1
                let source = reversed ? shape.reversed(x, width: inWidth, zero: 0) : x
                let direction = forward(c.cell, p, layout.directions[layer][d], hidden: h, input: source, shape: shape)
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
                directions.append(direction)
            }
            trace.directions.append(directions)
            x = out
        }
        return (x, trace)
    }

    /// Back-propagates `dOutput` (`rows x outputWidth`, zero on padding) through the layers,
    /// adding the weight gradients into `g` (same layout as `p`).
    /// - Returns: the gradient of the input, `rows x inputWidth(0)`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ p: UnsafePointer<T>, _ layout: ParameterLayout, _ c: NetworkConfiguration,
                                  trace: Trace<T>, dOutput: [T], shape: SequenceBatch,
                                  gradient g: UnsafeMutablePointer<T>) -> [T] {
        let h = c.hidden, width = c.outputWidth, bsz = shape.batch
        var dTop = dOutput
        for layer in stride(from: c.layers - 1, through: 0, by: -1) {
            let inWidth = c.inputWidth(layer: layer)
            var dIn = [T](repeating: 0, count: shape.rows * inWidth)
            for d in 0..<c.directions {
                let reversed = d == 1
                var dStates = [T](repeating: 0, count: shape.rows * h)
                for b in 0..<bsz {
                    for t in 0..<shape.lengths[b] {
                        let to = shape.row(reversed ? shape.mirrored(t, b) : t, b) * h, from = shape.row(t, b) * width + d * h
                        for k in 0..<h { dStates[to + k] = dTop[from + k] }
                    }
                }
                let dx = backward(c.cell, p, layout.directions[layer][d], hidden: h, trace: trace.directions[layer][d],
                                  dStates: dStates, shape: shape, gradient: g)
                for b in 0..<bsz {
                    for t in 0..<shape.lengths[b] {
                        let to = shape.row(reversed ? shape.mirrored(t, b) : t, b) * inWidth, from = shape.row(t, b) * inWidth
                        for k in 0..<inWidth { dIn[to + k] += dx[from + k] }
                    }
                }
            }
            dTop = dIn
        }
        return dTop
    }

    /// One direction forward: `input` is `rows x width` in the order the direction reads it.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ cell: CellKind, _ p: UnsafePointer<T>, _ dir: ParameterLayout.Direction, hidden h: Int,
                                 input: [T], shape: SequenceBatch) -> Direction<T> {
        let g = dir.input.rows, width = dir.input.cols, bsz = shape.batch, rows = shape.rows
        var pre = [T](repeating: 0, count: rows * g)
        var gates = [T](repeating: 0, count: rows * g)
        var auxiliary = [T](repeating: 0, count: cell == .rnn ? 0 : rows * h)
        var states = [T](repeating: 0, count: (shape.steps + 1) * bsz * h)
        var cells = [T](repeating: 0, count: cell == .lstm ? states.count : 0)
        var step = [T](repeating: 0, count: bsz * g)
        // W^T and U^T stored plainly, so that GEMM packs them with whole-vector copies (its
        // transposed-B packing is a scalar gather, paid again at every step for U).
        let wt = transposed(p + dir.input.offset, rows: g, cols: width), ut = transposed(p + dir.recurrent.offset, rows: g, cols: h)
        input.withUnsafeBufferPointer { x in
            pre.withUnsafeMutableBufferPointer { a in
                let a = a.baseAddress!
                GEMM.multiply(m: rows, n: g, k: width, a: x.baseAddress!, lda: width, b: wt.baseAddress!, ldb: g, c: a, ldc: g)
                for r in 0..<rows { RealKernels.axpy(1, p + dir.bias.offset, a + r * g, g) }
            }
        }
        pre.withUnsafeBufferPointer { pre in
            gates.withUnsafeMutableBufferPointer { gates in
                auxiliary.withUnsafeMutableBufferPointer { aux in
                    states.withUnsafeMutableBufferPointer { s in
                        cells.withUnsafeMutableBufferPointer { cs in
                            step.withUnsafeMutableBufferPointer { step in
                                let pre = pre.baseAddress!, gt = gates.baseAddress!, s = s.baseAddress!, r = step.baseAddress!
                                let u = UnsafePointer(ut.baseAddress!)
                                for t in 0..<shape.steps {
                                    let m = shape.active[t], prev = s + t * bsz * h, next = prev + bsz * h
                                    let base = t * bsz
                                    switch cell {
                                    case .gru:
                                        // r, z from U_rz h_{t-1}; n from U_n (r * h_{t-1}).
                                        GEMM.multiply(m: m, n: 2 * h, k: h, a: prev, lda: h, b: u, ldb: g, c: r, ldc: g)
                                        let rh = aux.baseAddress! + base * h
                                        for b in 0..<m {
                                            let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                            for k in 0..<(2 * h) { o[k] = T.sigmoid(a[k] + q[k]) }
                                            for k in 0..<h { rh[b * h + k] = o[k] * prev[b * h + k] }
                                        }
                                        GEMM.multiply(m: m, n: h, k: h, a: rh, lda: h, b: u + 2 * h, ldb: g, c: r + 2 * h, ldc: g)
                                        for b in 0..<m {
                                            let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                            for k in 0..<h {
                                                let n = T.tanh(a[2 * h + k] + q[2 * h + k]), z = o[h + k]
                                                o[2 * h + k] = n
                                                next[b * h + k] = (1 - z) * prev[b * h + k] + z * n
                                            }
                                        }
                                    case .lstm:
                                        GEMM.multiply(m: m, n: g, k: h, a: prev, lda: h, b: u, ldb: g, c: r, ldc: g)
                                        let cp = cs.baseAddress! + t * bsz * h, cn = cp + bsz * h
                                        let tc = aux.baseAddress! + base * h
                                        for b in 0..<m {
                                            let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                            for k in 0..<h {
                                                let i = T.sigmoid(a[k] + q[k]), f = T.sigmoid(a[h + k] + q[h + k])
                                                let gg = T.tanh(a[2 * h + k] + q[2 * h + k])
                                                let og = T.sigmoid(a[3 * h + k] + q[3 * h + k])
                                                o[k] = i; o[h + k] = f; o[2 * h + k] = gg; o[3 * h + k] = og
                                                let cv = f * cp[b * h + k] + i * gg
                                                cn[b * h + k] = cv
                                                let tcv = T.tanh(cv)
                                                tc[b * h + k] = tcv
                                                next[b * h + k] = og * tcv
                                            }
                                        }
                                        for k in (m * h)..<(bsz * h) { cn[k] = cp[k] }
                                    case .rnn:
                                        GEMM.multiply(m: m, n: h, k: h, a: prev, lda: h, b: u, ldb: g, c: r, ldc: g)
                                        for b in 0..<m {
                                            let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                            for k in 0..<h {
                                                let v = T.tanh(a[k] + q[k])
                                                o[k] = v
                                                next[b * h + k] = v
                                            }
                                        }
                                    }
                                    // Finished sentences carry their final state.
                                    for k in (m * h)..<(bsz * h) { next[k] = prev[k] }
                                }
                            }
                        }
                    }
                }
            }
        }
        wt.deallocate()
        ut.deallocate()
        return Direction(input: input, gates: gates, auxiliary: auxiliary, states: states, cells: cells)
    }

    /// A new `cols x rows` copy of the `rows x cols` matrix at `m` (the caller deallocates it).
    static func transposed<T: Real>(_ m: UnsafePointer<T>, rows: Int, cols: Int) -> UnsafeMutableBufferPointer<T> {
        let out = UnsafeMutableBufferPointer<T>.allocate(capacity: rows * cols)
        for i in 0..<rows { for j in 0..<cols { out[j * rows + i] = m[i * cols + j] } }
        return out
    }

    /// One direction backward: `dStates` (`rows x hidden`, in the direction's reading order,
    /// zero on padding) is the loss gradient of its outputs. Adds the weight gradients into
    /// `g` and returns the input gradient (`rows x width`, the direction's order).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ cell: CellKind, _ p: UnsafePointer<T>, _ dir: ParameterLayout.Direction, hidden h: Int,
                                  trace: Direction<T>, dStates: [T], shape: SequenceBatch,
                                  gradient: UnsafeMutablePointer<T>) -> [T] {
        let g = dir.input.rows, width = dir.input.cols, bsz = shape.batch, rows = shape.rows
        var dPre = [T](repeating: 0, count: rows * g)
        var carry = [T](repeating: 0, count: bsz * h)
        var cellCarry = [T](repeating: 0, count: cell == .lstm ? bsz * h : 0)
        var dReset = [T](repeating: 0, count: cell == .gru ? bsz * h : 0)
        var dInput = [T](repeating: 0, count: rows * width)
        let u = p + dir.recurrent.offset
        trace.gates.withUnsafeBufferPointer { gates in
            trace.auxiliary.withUnsafeBufferPointer { aux in
                trace.states.withUnsafeBufferPointer { s in
                    trace.cells.withUnsafeBufferPointer { cs in
                        dStates.withUnsafeBufferPointer { dS in
                            dPre.withUnsafeMutableBufferPointer { dPre in
                                carry.withUnsafeMutableBufferPointer { carry in
                                    cellCarry.withUnsafeMutableBufferPointer { cc in
                                        dReset.withUnsafeMutableBufferPointer { ds in
                                            let gt = gates.baseAddress!, s = s.baseAddress!, dS = dS.baseAddress!
                                            let dA = dPre.baseAddress!, c = carry.baseAddress!
                                            for t in stride(from: shape.steps - 1, through: 0, by: -1) {
                                                let m = shape.active[t], base = t * bsz, prev = s + base * h
                                                switch cell {
                                                case .gru:
                                                    let dsb = ds.baseAddress!
                                                    for b in 0..<m {
                                                        let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                        for k in 0..<h {
                                                            let dh = dS[(base + b) * h + k] + c[b * h + k]
                                                            let z = o[h + k], n = o[2 * h + k]
                                                            da[2 * h + k] = dh * z * (1 - n * n)
                                                            da[h + k] = dh * (n - prev[b * h + k]) * z * (1 - z)
                                                            c[b * h + k] = dh * (1 - z)
                                                        }
                                                    }
                                                    // n's pre-activation reads r * h_{t-1} through U_n.
                                                    GEMM.multiply(m: m, n: h, k: h, a: dA + base * g + 2 * h, lda: g,
                                                                  b: u + 2 * h * h, ldb: h, c: dsb, ldc: h)
                                                    for b in 0..<m {
                                                        let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                        for k in 0..<h {
                                                            let rk = o[k], dr = dsb[b * h + k]
                                                            da[k] = dr * prev[b * h + k] * rk * (1 - rk)
                                                            c[b * h + k] += dr * rk
                                                        }
                                                    }
                                                    GEMM.multiply(m: m, n: h, k: 2 * h, a: dA + base * g, lda: g, b: u, ldb: h,
                                                                  beta: 1, c: c, ldc: h)
                                                case .lstm:
                                                    let tc = aux.baseAddress! + base * h, cp = cs.baseAddress! + base * h
                                                    let dc0 = cc.baseAddress!
                                                    for b in 0..<m {
                                                        let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                        for k in 0..<h {
                                                            let j = b * h + k
                                                            let dh = dS[base * h + j] + c[j]
                                                            let i = o[k], f = o[h + k], gg = o[2 * h + k], og = o[3 * h + k]
                                                            let tcv = tc[j]
                                                            let dc = dc0[j] + dh * og * (1 - tcv * tcv)
                                                            dc0[j] = dc * f
                                                            da[k] = dc * gg * i * (1 - i)
                                                            da[h + k] = dc * cp[j] * f * (1 - f)
                                                            da[2 * h + k] = dc * i * (1 - gg * gg)
                                                            da[3 * h + k] = dh * tcv * og * (1 - og)
                                                        }
                                                    }
                                                    GEMM.multiply(m: m, n: h, k: g, a: dA + base * g, lda: g, b: u, ldb: h,
                                                                  c: c, ldc: h)
                                                case .rnn:
                                                    let next = prev + bsz * h
                                                    for b in 0..<m {
                                                        let da = dA + (base + b) * g
                                                        for k in 0..<h {
                                                            let j = b * h + k, v = next[j]
                                                            da[k] = (dS[base * h + j] + c[j]) * (1 - v * v)
                                                        }
                                                    }
                                                    GEMM.multiply(m: m, n: h, k: h, a: dA + base * g, lda: g, b: u, ldb: h,
                                                                  c: c, ldc: h)
                                                }
                                            }
                                            // dU += dA^T H_prev (GRU: the n block against r * h_{t-1}), over all steps.
                                            let du = gradient + dir.recurrent.offset
                                            if cell == .gru {
                                                GEMM.multiply(m: 2 * h, n: h, k: rows, a: dA, lda: g, transposeA: true,
                                                              b: s, ldb: h, beta: 1, c: du, ldc: h)
                                                GEMM.multiply(m: h, n: h, k: rows, a: dA + 2 * h, lda: g, transposeA: true,
                                                              b: aux.baseAddress!, ldb: h, beta: 1, c: du + 2 * h * h, ldc: h)
                                            } else {
                                                GEMM.multiply(m: g, n: h, k: rows, a: dA, lda: g, transposeA: true,
                                                              b: s, ldb: h, beta: 1, c: du, ldc: h)
                                            }
                                            for r in 0..<rows { RealKernels.axpy(1, dA + r * g, gradient + dir.bias.offset, g) }
                                            trace.input.withUnsafeBufferPointer { x in
                                                GEMM.multiply(m: g, n: width, k: rows, a: dA, lda: g, transposeA: true,
                                                              b: x.baseAddress!, ldb: width, beta: 1,
                                                              c: gradient + dir.input.offset, ldc: width)
                                            }
                                            dInput.withUnsafeMutableBufferPointer { dx in
                                                GEMM.multiply(m: rows, n: width, k: g, a: dA, lda: g, b: p + dir.input.offset,
                                                              ldb: width, c: dx.baseAddress!, ldc: width)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dInput
    }
}
