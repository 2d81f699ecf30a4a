import Kernels

/// One direction of one layer over a batch, kept for the backward pass.
struct RecurrentActivations<T: Real> {
    /// The input as this direction reads it (reversed per sequence for a backward
    /// direction), `rows x width`.
    var input: [T]
    /// Gates after their non-linearity, `rows x gates` (GRU r, z, n; LSTM i, f, g, o; Elman h).
    var gates: [T]
    /// GRU with the reset before the product: `r * h_{t-1}`; with the reset after it:
    /// `U_n h_{t-1} + c_n`; MGU: `f * h_{t-1}`; LSTM: `tanh(c_t)`. `rows x hidden`; empty for Elman.
    var auxiliary: [T]
    /// Hidden states, `(steps + 1) x batch x hidden`: block 0 is the initial (carried-in)
    /// state; a finished sequence's state is carried forward, so block `steps` holds every
    /// final state.
    var states: [T]
    /// LSTM memory cells, laid out as `states` (empty for the other cells).
    var cells: [T]
}

/// The one recurrent engine: a layer direction over a padded, time-major batch
/// (`SequenceBatch`, row `t * batch + b`) as matrix products, the cuDNN / PyTorch formulation
/// (`pack_padded_sequence` for ragged batches): the input projection of every step at once,
/// per step one product of the running sequences' states with `U` (two for the GRU whose
/// reset acts before `U_n`), and in the backward pass the weight gradients as GEMMs over all
/// steps. The classifier, the tagger and the language model all run on it, through
/// `RecurrentEngine+Stack` (layers and directions).
///
/// Ragged batches: sequences are sorted longest first, so those still running at step `t` are
/// the first `active[t]` rows. Padding is never read: a finished sequence's state is carried
/// unchanged and its rows get zero state gradient, so their gate gradients are zero and add
/// nothing to the weight products. A sequence's result does not depend on the other sequences
/// of its batch (each row of a GEMM is summed in the same order whatever the row count).
///
/// Carried state (truncated BPTT): `initial` is block 0 of the states; no gradient flows into
/// it (PyTorch's `repackage_hidden`).
///
/// The scalar reference every cell, direction count and depth is checked against (loss and
/// every gradient, in `Double`) is the per-sequence transcription in
/// `Tests/RecurrentTests/Reference` (`BatchedEquivalenceTests`).
///
/// - Complexity: O(rows x gates x (width + hidden)), nearly all in `GEMM.multiply`.
enum RecurrentEngine {
    /// Runs one direction forward over `input` (`rows x width`, in the order the direction
    /// reads it), from `initial` (`batch x hidden`; zero when nil) and, for LSTM, `initialCells`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ cell: RecurrentCell, _ p: UnsafePointer<T>, _ w: RecurrentWeights, input: [T],
                                 shape: SequenceBatch, initial: [T]? = nil, initialCells: [T]? = nil,
                                 threads: Int = 1) -> RecurrentActivations<T> {
        let h = cell.hidden, g = cell.gates, width = w.width, bsz = shape.batch, rows = shape.rows
        let kind = cell.kind, afterReset = kind == .gru && cell.gru == .resetAfterProduct
        var pre = [T](repeating: 0, count: rows * g)
        var gates = [T](repeating: 0, count: rows * g)
        var auxiliary = [T](repeating: 0, count: kind == .rnn ? 0 : rows * h)
        var states = [T](repeating: 0, count: (shape.steps + 1) * bsz * h)
        var cells = [T](repeating: 0, count: kind == .lstm ? states.count : 0)
        if let initial {
            precondition(initial.count == bsz * h, "RecurrentEngine: initial state of \(initial.count) values for \(bsz) x \(h)")
            states.replaceSubrange(0 ..< bsz * h, with: initial)
        }
        if kind == .lstm, let initialCells {
            precondition(initialCells.count == bsz * h, "RecurrentEngine: initial cells of \(initialCells.count) values")
            cells.replaceSubrange(0 ..< bsz * h, with: initialCells)
        }
        var step = [T](repeating: 0, count: bsz * g)
        // The reset-after GRU keeps c_n apart (it sits inside r * (U_n h + c_n)) and adds c_r,
        // c_z with the recurrent product; every other cell adds c where it adds b.
        let zeros = [T](repeating: 0, count: afterReset && w.recurrentBias == nil ? g : 0)
        input.withUnsafeBufferPointer { x in
            pre.withUnsafeMutableBufferPointer { a in
                let a = a.baseAddress!
                GEMM.multiply(m: rows, n: g, k: width, a: x.baseAddress!, lda: width, b: p + w.input, ldb: width,
                              transposeB: true, c: a, ldc: g, threads: threads)
                for r in 0..<rows {
                    RealKernels.axpy(1, p + w.bias, a + r * g, g)
                    if !afterReset, let c = w.recurrentBias { RealKernels.axpy(1, p + c, a + r * g, g) }
                }
            }
        }
        PhaseClock.mark(.inputProjection)
        // U^T packed once for the `steps` products; a cell whose gate multiplies the state before
        // the candidate's product (the reset-before GRU, MGU) packs the gate rows and U_n apart.
        let u = p + w.recurrent
        let split = kind == .mgu || (kind == .gru && !afterReset), gateRows = g - h
        let packed = GEMM.pack(k: h, n: split ? gateRows : g, b: u, ldb: h, transposeB: true)
        let packedN = split ? GEMM.pack(k: h, n: h, b: u + gateRows * h, ldb: h, transposeB: true) : nil
        zeros.withUnsafeBufferPointer { zeros in
            pre.withUnsafeBufferPointer { pre in
                gates.withUnsafeMutableBufferPointer { gates in
                    auxiliary.withUnsafeMutableBufferPointer { aux in
                        states.withUnsafeMutableBufferPointer { s in
                            cells.withUnsafeMutableBufferPointer { cs in
                                step.withUnsafeMutableBufferPointer { step in
                                    let pre = pre.baseAddress!, gt = gates.baseAddress!, s = s.baseAddress!, r = step.baseAddress!
                                    let c = w.recurrentBias.map { p + $0 } ?? UnsafePointer(zeros.baseAddress)
                                    for t in 0..<shape.steps {
                                        let m = shape.active[t], prev = s + t * bsz * h, next = prev + bsz * h
                                        let base = t * bsz
                                        GEMM.multiply(m: m, a: prev, lda: h, packed: packed, c: r, ldc: g, threads: threads)
                                        PhaseClock.mark(.recurrentProduct)
                                        switch kind {
                                        case .gru where afterReset:
                                            for b in 0..<m {
                                                gruGates(pre + (base + b) * g, r + b * g, c!, gates: gt + (base + b) * g,
                                                         recurrentN: aux.baseAddress! + (base + b) * h, previous: prev + b * h,
                                                         next: next + b * h, hidden: h)
                                            }
                                        case .gru:
                                            // r, z from U_rz h_{t-1}; n from U_n (r * h_{t-1}).
                                            let rh = aux.baseAddress! + base * h
                                            for b in 0..<m {
                                                let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                                for k in 0..<(2 * h) { o[k] = T.sigmoid(a[k] + q[k]) }
                                                for k in 0..<h { rh[b * h + k] = o[k] * prev[b * h + k] }
                                            }
                                            GEMM.multiply(m: m, a: rh, lda: h, packed: packedN!, c: r + 2 * h, ldc: g, threads: threads)
                                            for b in 0..<m {
                                                let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                                for k in 0..<h {
                                                    let n = T.tanh(a[2 * h + k] + q[2 * h + k]), z = o[h + k]
                                                    o[2 * h + k] = n
                                                    next[b * h + k] = (1 - z) * prev[b * h + k] + z * n
                                                }
                                            }
                                        case .mgu:
                                            // f from U_f h_{t-1}; n from U_n (f * h_{t-1}).
                                            let fh = aux.baseAddress! + base * h
                                            for b in 0..<m {
                                                let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                                for k in 0..<h {
                                                    o[k] = T.sigmoid(a[k] + q[k])
                                                    fh[b * h + k] = o[k] * prev[b * h + k]
                                                }
                                            }
                                            GEMM.multiply(m: m, a: fh, lda: h, packed: packedN!, c: r + h, ldc: g, threads: threads)
                                            for b in 0..<m {
                                                let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                                for k in 0..<h {
                                                    let n = T.tanh(a[h + k] + q[h + k]), f = o[k]
                                                    o[h + k] = n
                                                    next[b * h + k] = (1 - f) * prev[b * h + k] + f * n
                                                }
                                            }
                                        case .lstm:
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
                                            for b in 0..<m {
                                                let a = pre + (base + b) * g, q = r + b * g, o = gt + (base + b) * g
                                                for k in 0..<h {
                                                    let v = T.tanh(a[k] + q[k])
                                                    o[k] = v
                                                    next[b * h + k] = v
                                                }
                                            }
                                        }
                                        // Finished sequences carry their final state.
                                        for k in (m * h)..<(bsz * h) { next[k] = prev[k] }
                                        PhaseClock.mark(.gates)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return RecurrentActivations(input: input, gates: gates, auxiliary: auxiliary, states: states, cells: cells)
    }

    /// One row of reset-after GRU gates (PyTorch's `nn.GRU`): `r = s(a_r + u_r + c_r)`,
    /// `z = s(a_z + u_z + c_z)`, `n = tanh(a_n + r (u_n + c_n))`, `h' = (1 - z) n + z h`, with `a`
    /// the input projection (its bias included) and `u` the recurrent product. `Float` runs
    /// eight lanes at a time on the SIMD sigmoid and tanh; the scalar loop (`Double`, and any
    /// tail) is the reference (`LanguageModelKernelTests`).
    /// - Complexity: O(hidden).
    @inline(__always)
    static func gruGates<T: Real>(_ a: UnsafePointer<T>, _ u: UnsafePointer<T>, _ c: UnsafePointer<T>,
                                  gates: UnsafeMutablePointer<T>, recurrentN: UnsafeMutablePointer<T>,
                                  previous: UnsafePointer<T>, next: UnsafeMutablePointer<T>, hidden h: Int, scalar: Bool = false) {
        var k = 0
        if T.self == Float.self && !scalar {
            func f(_ p: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
            func f(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
                UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
            }
            let a = f(a), u = f(u), c = f(c), g = f(gates), rn = f(recurrentN), hp = f(previous), hn = f(next)
            while k + 8 <= h {
                let r = VectorKernels.sigmoid(load8(a + k) + load8(u + k) + load8(c + k))
                let z = VectorKernels.sigmoid(load8(a + h + k) + load8(u + h + k)
                                              + load8(c + h + k))
                let un = load8(u + 2 * h + k) + load8(c + 2 * h + k)
                let n = VectorKernels.tanh(load8(a + 2 * h + k) + r * un)
                store8(r, g + k)
                store8(z, g + h + k)
                store8(n, g + 2 * h + k)
                store8(un, rn + k)
                store8((1 - z) * n + z * load8(hp + k), hn + k)
                k += 8
            }
        }
        while k < h {
            let rg = T.sigmoid(a[k] + u[k] + c[k])
            let z = T.sigmoid(a[h + k] + u[h + k] + c[h + k])
            let un = u[2 * h + k] + c[2 * h + k]
            let n = T.tanh(a[2 * h + k] + rg * un)
            gates[k] = rg; gates[h + k] = z; gates[2 * h + k] = n
            recurrentN[k] = un
            next[k] = (1 - z) * n + z * previous[k]
            k += 1
        }
    }

    /// One direction backward: `dStates` (`rows x hidden`, in the direction's reading order,
    /// zero on padding) is the loss gradient of its outputs. Adds the weight gradients into
    /// `gradient` (laid out as `p`) and returns the input gradient (`rows x width`, the
    /// direction's order). The initial state gets no gradient (it is detached).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ cell: RecurrentCell, _ p: UnsafePointer<T>, _ w: RecurrentWeights,
                                  trace: RecurrentActivations<T>, dStates: [T], shape: SequenceBatch,
                                  gradient: UnsafeMutablePointer<T>, threads: Int = 1) -> [T] {
        let h = cell.hidden, g = cell.gates, width = w.width, bsz = shape.batch, rows = shape.rows
        let kind = cell.kind, afterReset = kind == .gru && cell.gru == .resetAfterProduct
        var dPre = [T](repeating: 0, count: rows * g)
        // The reset-after GRU's recurrent product reads its own gradient (r * dn for n).
        var dRecurrent = [T](repeating: 0, count: afterReset ? rows * g : 0)
        var carry = [T](repeating: 0, count: bsz * h)
        var cellCarry = [T](repeating: 0, count: kind == .lstm ? bsz * h : 0)
        let split = kind == .mgu || (kind == .gru && !afterReset), gateRows = g - h
        var dReset = [T](repeating: 0, count: split ? bsz * h : 0)
        var dInput = [T](repeating: 0, count: rows * width)
        let u = p + w.recurrent
        // U packed as the right-hand side of `carry = dA U` (split cells: the gate rows and U_n apart).
        let packed = GEMM.pack(k: split ? gateRows : g, n: h, b: u, ldb: h)
        let packedN = split ? GEMM.pack(k: h, n: h, b: u + gateRows * h, ldb: h) : nil
        PhaseClock.mark(.other)
        trace.gates.withUnsafeBufferPointer { gates in
            trace.auxiliary.withUnsafeBufferPointer { aux in
                trace.states.withUnsafeBufferPointer { s in
                    trace.cells.withUnsafeBufferPointer { cs in
                        dStates.withUnsafeBufferPointer { dS in
                            dPre.withUnsafeMutableBufferPointer { dPre in
                                dRecurrent.withUnsafeMutableBufferPointer { dRecurrent in
                                    carry.withUnsafeMutableBufferPointer { carry in
                                        cellCarry.withUnsafeMutableBufferPointer { cc in
                                            dReset.withUnsafeMutableBufferPointer { ds in
                                                let gt = gates.baseAddress!, s = s.baseAddress!, dS = dS.baseAddress!
                                                let dA = dPre.baseAddress!, c = carry.baseAddress!
                                                // What multiplies U in the forward pass, per gate row.
                                                let dR = afterReset ? dRecurrent.baseAddress! : dA
                                                for t in stride(from: shape.steps - 1, through: 0, by: -1) {
                                                    let m = shape.active[t], base = t * bsz, prev = s + base * h
                                                    switch kind {
                                                    case .gru where afterReset:
                                                        let un = aux.baseAddress! + base * h
                                                        for b in 0..<m {
                                                            let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                            let dr = dR + (base + b) * g
                                                            for k in 0..<h {
                                                                let j = b * h + k
                                                                let dh = dS[base * h + j] + c[j]
                                                                let r = o[k], z = o[h + k], n = o[2 * h + k]
                                                                let dan = dh * (1 - z) * (1 - n * n)
                                                                let dar = dan * un[j] * r * (1 - r)
                                                                let daz = dh * (prev[j] - n) * z * (1 - z)
                                                                da[k] = dar; da[h + k] = daz; da[2 * h + k] = dan
                                                                dr[k] = dar; dr[h + k] = daz; dr[2 * h + k] = dan * r
                                                                c[j] = dh * z
                                                            }
                                                        }
                                                        PhaseClock.mark(.gateGradients)
                                                        // carry += dR_t U
                                                        GEMM.multiply(m: m, a: dR + base * g, lda: g, packed: packed, beta: 1,
                                                                      c: c, ldc: h, threads: threads)
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
                                                        PhaseClock.mark(.gateGradients)
                                                        // n's pre-activation reads r * h_{t-1} through U_n.
                                                        GEMM.multiply(m: m, a: dA + base * g + 2 * h, lda: g, packed: packedN!,
                                                                      c: dsb, ldc: h, threads: threads)
                                                        for b in 0..<m {
                                                            let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                            for k in 0..<h {
                                                                let rk = o[k], dr = dsb[b * h + k]
                                                                da[k] = dr * prev[b * h + k] * rk * (1 - rk)
                                                                c[b * h + k] += dr * rk
                                                            }
                                                        }
                                                        GEMM.multiply(m: m, a: dA + base * g, lda: g, packed: packed, beta: 1,
                                                                      c: c, ldc: h, threads: threads)
                                                    case .mgu:
                                                        let dsb = ds.baseAddress!
                                                        for b in 0..<m {
                                                            let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                            for k in 0..<h {
                                                                let dh = dS[(base + b) * h + k] + c[b * h + k]
                                                                let f = o[k], n = o[h + k]
                                                                da[h + k] = dh * f * (1 - n * n)
                                                                // f's share through h' = (1 - f) h + f n; its share
                                                                // through f * h_{t-1} is added below.
                                                                da[k] = dh * (n - prev[b * h + k])
                                                                c[b * h + k] = dh * (1 - f)
                                                            }
                                                        }
                                                        PhaseClock.mark(.gateGradients)
                                                        GEMM.multiply(m: m, a: dA + base * g + h, lda: g, packed: packedN!,
                                                                      c: dsb, ldc: h, threads: threads)
                                                        for b in 0..<m {
                                                            let o = gt + (base + b) * g, da = dA + (base + b) * g
                                                            for k in 0..<h {
                                                                let f = o[k], dr = dsb[b * h + k]
                                                                da[k] = (da[k] + dr * prev[b * h + k]) * f * (1 - f)
                                                                c[b * h + k] += dr * f
                                                            }
                                                        }
                                                        GEMM.multiply(m: m, a: dA + base * g, lda: g, packed: packed, beta: 1,
                                                                      c: c, ldc: h, threads: threads)
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
                                                        PhaseClock.mark(.gateGradients)
                                                        GEMM.multiply(m: m, a: dA + base * g, lda: g, packed: packed,
                                                                      c: c, ldc: h, threads: threads)
                                                    case .rnn:
                                                        let next = prev + bsz * h
                                                        for b in 0..<m {
                                                            let da = dA + (base + b) * g
                                                            for k in 0..<h {
                                                                let j = b * h + k, v = next[j]
                                                                da[k] = (dS[base * h + j] + c[j]) * (1 - v * v)
                                                            }
                                                        }
                                                        PhaseClock.mark(.gateGradients)
                                                        GEMM.multiply(m: m, a: dA + base * g, lda: g, packed: packed,
                                                                      c: c, ldc: h, threads: threads)
                                                    }
                                                    PhaseClock.mark(.carryProduct)
                                                }
                                                // dU += dR^T H_prev over all steps (the reset-before GRU: its n
                                                // block against r * h_{t-1}).
                                                let du = gradient + w.recurrent
                                                if split {
                                                    GEMM.multiply(m: gateRows, n: h, k: rows, a: dA, lda: g, transposeA: true,
                                                                  b: s, ldb: h, beta: 1, c: du, ldc: h, threads: threads)
                                                    GEMM.multiply(m: h, n: h, k: rows, a: dA + gateRows, lda: g, transposeA: true,
                                                                  b: aux.baseAddress!, ldb: h, beta: 1, c: du + gateRows * h, ldc: h,
                                                                  threads: threads)
                                                } else {
                                                    GEMM.multiply(m: g, n: h, k: rows, a: dR, lda: g, transposeA: true,
                                                                  b: s, ldb: h, beta: 1, c: du, ldc: h, threads: threads)
                                                }
                                                PhaseClock.mark(.recurrentWeights)
                                                for r in 0..<rows {
                                                    RealKernels.axpy(1, dA + r * g, gradient + w.bias, g)
                                                    if let cb = w.recurrentBias { RealKernels.axpy(1, dR + r * g, gradient + cb, g) }
                                                }
                                                PhaseClock.mark(.biasGradients)
                                                trace.input.withUnsafeBufferPointer { x in
                                                    GEMM.multiply(m: g, n: width, k: rows, a: dA, lda: g, transposeA: true,
                                                                  b: x.baseAddress!, ldb: width, beta: 1,
                                                                  c: gradient + w.input, ldc: width, threads: threads)
                                                }
                                                PhaseClock.mark(.inputWeights)
                                                dInput.withUnsafeMutableBufferPointer { dx in
                                                    GEMM.multiply(m: rows, n: width, k: g, a: dA, lda: g, b: p + w.input,
                                                                  ldb: width, c: dx.baseAddress!, ldc: width, threads: threads)
                                                }
                                                PhaseClock.mark(.inputGradient)
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

/// Eight `Float`s from `p`, unaligned. Concrete (not `RealKernels.load8<T>`): the generic
/// one, called from this module with `T == Float`, was left unspecialised (a witness-table
/// call per vector, ten times slower than the scalar loop it replaced).
@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

/// Stores eight `Float`s at `p`, unaligned (see `load8`).
@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self) }
