import Kernels

/// The activations of one recurrent layer over a chunk of `steps x batch` tokens (time-major:
/// row `t * batch + b`), kept for the backward pass.
struct LayerTrace<T: Real> {
    /// The layer's input, `steps*batch x width` (after dropout).
    var input: [T]
    /// Post-activation gates, `steps*batch x G*H` (GRU r, z, n; LSTM i, f, g, o; Elman h).
    var gates: [T] = []
    /// GRU only: `U_n h_{t-1} + c_n`, `steps*batch x H` (the reset gate multiplies it).
    var recurrentN: [T] = []
    /// Hidden states, `(steps + 1)*batch x H`: block 0 is the carried-in state, blocks
    /// 1... the outputs, contiguous.
    var states: [T] = []
    /// LSTM only: memory cells, laid out as `states`.
    var cells: [T] = []
}

/// One recurrent layer over a batch of streams and a run of time steps, as matrix products
/// (the cuDNN/PyTorch formulation): the input projection of every step at once
/// (`steps*batch x in` times `in x G*H`), one product of the batch's hidden states with `U`
/// per step, and in the backward pass the weight gradients as three GEMMs over all steps.
/// Elementwise gate arithmetic sits between the products.
///
/// - Complexity: O(steps x batch x G*H x (in + H)) arithmetic, nearly all in `GEMM.multiply`.
enum BatchedLayer {
    /// Runs the layer forward from `trace.states` block 0 (and `trace.cells` block 0 for LSTM),
    /// filling the rest of `trace`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ cell: CellKind, steps: Int, batch: Int, hidden h: Int, width: Int,
                                 parameters p: UnsafePointer<T>, layer: LanguageModelLayout.Layer,
                                 trace: inout LayerTrace<T>, threads: Int) {
        let g = cell.gateCount * h, rows = steps * batch
        var pre = [T](repeating: 0, count: rows * g)
        var step = [T](repeating: 0, count: batch * g)
        trace.gates = [T](repeating: 0, count: rows * g)
        if cell == .gru { trace.recurrentN = [T](repeating: 0, count: rows * h) }
        trace.input.withUnsafeBufferPointer { x in
            pre.withUnsafeMutableBufferPointer { a in
                GEMM.multiply(m: rows, n: g, k: width, a: x.baseAddress!, lda: width, b: p + layer.input, ldb: width,
                              transposeB: true, c: a.baseAddress!, ldc: g, threads: threads)
                for r in 0..<rows { RealKernels.axpy(1, p + layer.bias, a.baseAddress! + r * g, g) }
            }
        }
        PhaseClock.mark(.inputProjection)
        pre.withUnsafeBufferPointer { a in
            step.withUnsafeMutableBufferPointer { rbuf in
                trace.states.withUnsafeMutableBufferPointer { s in
                    trace.gates.withUnsafeMutableBufferPointer { gates in
                        trace.recurrentN.withUnsafeMutableBufferPointer { rn in
                            trace.cells.withUnsafeMutableBufferPointer { cs in
                                let a = a.baseAddress!, r = rbuf.baseAddress!, s = s.baseAddress!, gt = gates.baseAddress!
                                // U^T packed once for the chunk's `steps` products.
                                let recurrent = GEMM.pack(k: h, n: g, b: p + layer.recurrent, ldb: h, transposeB: true)
                                for t in 0..<steps {
                                    let prev = s + t * batch * h, next = s + (t + 1) * batch * h
                                    GEMM.multiply(m: batch, a: prev, lda: h, packed: recurrent, c: r, ldc: g, threads: threads)
                                    PhaseClock.mark(.recurrentProduct)
                                    for b in 0..<batch {
                                        let ar = a + (t * batch + b) * g, rr = r + b * g, gr = gt + (t * batch + b) * g
                                        let hp = prev + b * h, hn = next + b * h, c = p + layer.recurrentBias
                                        switch cell {
                                        case .gru:
                                            let nOut = rn.baseAddress! + (t * batch + b) * h
                                            gruGates(ar, rr, c, gates: gr, recurrentN: nOut, previous: hp, next: hn, hidden: h)
                                        case .lstm:
                                            let cp = cs.baseAddress! + (t * batch + b) * h, cn = cp + batch * h
                                            for k in 0..<h {
                                                let i = T.sigmoid(ar[k] + rr[k] + c[k])
                                                let f = T.sigmoid(ar[h + k] + rr[h + k] + c[h + k])
                                                let gg = T.tanh(ar[2 * h + k] + rr[2 * h + k] + c[2 * h + k])
                                                let o = T.sigmoid(ar[3 * h + k] + rr[3 * h + k] + c[3 * h + k])
                                                gr[k] = i; gr[h + k] = f; gr[2 * h + k] = gg; gr[3 * h + k] = o
                                                cn[k] = f * cp[k] + i * gg
                                                hn[k] = o * T.tanh(cn[k])
                                            }
                                        case .rnn:
                                            for k in 0..<h {
                                                let v = T.tanh(ar[k] + rr[k] + c[k])
                                                gr[k] = v
                                                hn[k] = v
                                            }
                                        }
                                    }
                                    PhaseClock.mark(.gates)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One row of GRU gates (PyTorch's `GRU`: `r = s(a_r + u_r + c_r)`, `z = s(a_z + u_z + c_z)`,
    /// `n = tanh(a_n + r (u_n + c_n))`, `h' = (1 - z) n + z h`), `a` the input projection (its bias
    /// included), `u` the recurrent product. `Float` runs eight lanes at a time on the SIMD
    /// sigmoid and tanh; the scalar loop (`Double`, and any tail) is the reference.
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

    /// Back-propagates `dOutput` (`steps*batch x H`, the loss gradient of the outputs) through
    /// the layer, adds the weight gradients into `gradient` and returns the input gradient
    /// (`steps*batch x width`). The carried-in state is detached: no gradient flows into it.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ cell: CellKind, steps: Int, batch: Int, hidden h: Int, width: Int,
                                  parameters p: UnsafePointer<T>, layer: LanguageModelLayout.Layer,
                                  trace: LayerTrace<T>, dOutput: [T], gradient: UnsafeMutablePointer<T>,
                                  threads: Int) -> [T] {
        let g = cell.gateCount * h, rows = steps * batch
        var dA = [T](repeating: 0, count: rows * g)
        var dR = cell == .gru ? [T](repeating: 0, count: rows * g) : []
        var carry = [T](repeating: 0, count: batch * h)
        var cellCarry = [T](repeating: 0, count: cell == .lstm ? batch * h : 0)
        var dInput = [T](repeating: 0, count: rows * width)
        trace.states.withUnsafeBufferPointer { s in
            trace.gates.withUnsafeBufferPointer { gates in
                trace.recurrentN.withUnsafeBufferPointer { rn in
                    trace.cells.withUnsafeBufferPointer { cs in
                        dOutput.withUnsafeBufferPointer { dOut in
                            dA.withUnsafeMutableBufferPointer { dAbuf in
                                dR.withUnsafeMutableBufferPointer { dRbuf in
                                    carry.withUnsafeMutableBufferPointer { carryBuf in
                                        cellCarry.withUnsafeMutableBufferPointer { cc in
                                            let s = s.baseAddress!, gt = gates.baseAddress!, carry = carryBuf.baseAddress!
                                            let dA = dAbuf.baseAddress!
                                            // Elman and LSTM read the same pre-activation through W and U.
                                            let dR = cell == .gru ? dRbuf.baseAddress! : dA
                                            let recurrent = GEMM.pack(k: g, n: h, b: p + layer.recurrent, ldb: h)
                                            PhaseClock.mark(.other)
                                            for t in stride(from: steps - 1, through: 0, by: -1) {
                                                for b in 0..<batch {
                                                    let row = t * batch + b
                                                    let gr = gt + row * g, da = dA + row * g, dr = dR + row * g
                                                    let hp = s + row * h, hNew = s + (row + batch) * h
                                                    let dh0 = dOut.baseAddress! + row * h, cb = carry + b * h
                                                    switch cell {
                                                    case .gru:
                                                        let un = rn.baseAddress! + row * h
                                                        for k in 0..<h {
                                                            let dh = dh0[k] + cb[k]
                                                            let r = gr[k], z = gr[h + k], n = gr[2 * h + k]
                                                            let dan = dh * (1 - z) * (1 - n * n)
                                                            let dar = dan * un[k] * r * (1 - r)
                                                            let daz = dh * (hp[k] - n) * z * (1 - z)
                                                            da[k] = dar; da[h + k] = daz; da[2 * h + k] = dan
                                                            dr[k] = dar; dr[h + k] = daz; dr[2 * h + k] = dan * r
                                                            cb[k] = dh * z
                                                        }
                                                    case .lstm:
                                                        let cp = cs.baseAddress! + row * h, cn = cp + batch * h
                                                        let dc0 = cc.baseAddress! + b * h
                                                        for k in 0..<h {
                                                            let dh = dh0[k] + cb[k]
                                                            let i = gr[k], f = gr[h + k], gg = gr[2 * h + k], o = gr[3 * h + k]
                                                            let tc = T.tanh(cn[k])
                                                            let dc = dc0[k] + dh * o * (1 - tc * tc)
                                                            da[k] = dc * gg * i * (1 - i)
                                                            da[h + k] = dc * cp[k] * f * (1 - f)
                                                            da[2 * h + k] = dc * i * (1 - gg * gg)
                                                            da[3 * h + k] = dh * tc * o * (1 - o)
                                                            dc0[k] = dc * f
                                                            cb[k] = 0
                                                        }
                                                    case .rnn:
                                                        for k in 0..<h {
                                                            let dh = dh0[k] + cb[k], v = hNew[k]
                                                            da[k] = dh * (1 - v * v)
                                                            cb[k] = 0
                                                        }
                                                    }
                                                }
                                                PhaseClock.mark(.gateGradients)
                                                // carry += dR_t U  (batch x G*H times G*H x H)
                                                GEMM.multiply(m: batch, a: dR + t * batch * g, lda: g, packed: recurrent,
                                                              beta: 1, c: carry, ldc: h, threads: threads)
                                                PhaseClock.mark(.carryProduct)
                                            }
                                            // dU += dR^T H_prev, dc += colsum dR, over all steps at once.
                                            GEMM.multiply(m: g, n: h, k: rows, a: dR, lda: g, transposeA: true,
                                                          b: s, ldb: h, beta: 1, c: gradient + layer.recurrent, ldc: h,
                                                          threads: threads)
                                            PhaseClock.mark(.recurrentWeights)
                                            for r in 0..<rows {
                                                RealKernels.axpy(1, dR + r * g, gradient + layer.recurrentBias, g)
                                                RealKernels.axpy(1, dA + r * g, gradient + layer.bias, g)
                                            }
                                            PhaseClock.mark(.biasGradients)
                                            trace.input.withUnsafeBufferPointer { x in
                                                GEMM.multiply(m: g, n: width, k: rows, a: dA, lda: g, transposeA: true,
                                                              b: x.baseAddress!, ldb: width, beta: 1,
                                                              c: gradient + layer.input, ldc: width, threads: threads)
                                            }
                                            PhaseClock.mark(.inputWeights)
                                            dInput.withUnsafeMutableBufferPointer { dx in
                                                GEMM.multiply(m: rows, n: width, k: g, a: dA, lda: g, b: p + layer.input,
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
