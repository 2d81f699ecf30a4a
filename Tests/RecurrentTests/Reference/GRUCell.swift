import Kernels
@testable import Recurrent

/// Gated recurrent unit (Cho et al. 2014, eq. 5-8), gate blocks stacked r, z, n:
///
///     r = sigmoid(W_r x + U_r h_{t-1} + b_r)        z = sigmoid(W_z x + U_z h_{t-1} + b_z)
///     n = tanh(W_n x + U_n (r * h_{t-1}) + b_n)     h_t = (1 - z) * h_{t-1} + z * n
enum GRUCell {
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ u: UnsafePointer<T>, _ trace: inout DirectionTrace<T>) {
        let h = trace.hidden, steps = trace.steps
        var gates = [T](repeating: 0, count: steps * 3 * h)
        var reset = [T](repeating: 0, count: steps * h)
        trace.projected.withUnsafeBufferPointer { pre in
            trace.states.withUnsafeMutableBufferPointer { s in
                gates.withUnsafeMutableBufferPointer { g in
                    reset.withUnsafeMutableBufferPointer { r in
                        let pre = pre.baseAddress!, s = s.baseAddress!, g = g.baseAddress!, r = r.baseAddress!
                        for t in 0..<steps {
                            let p = pre + t * 3 * h, gt = g + t * 3 * h
                            let prev = s + t * h, next = s + (t + 1) * h, rh = r + t * h
                            for k in 0..<(2 * h) { gt[k] = p[k] }
                            RealKernels.multiplyAdd(u, rows: 2 * h, cols: h, prev, into: gt)
                            for k in 0..<(2 * h) { gt[k] = T.sigmoid(gt[k]) }
                            for k in 0..<h {
                                rh[k] = gt[k] * prev[k]
                                gt[2 * h + k] = p[2 * h + k]
                            }
                            RealKernels.multiplyAdd(u + 2 * h * h, rows: h, cols: h, rh, into: gt + 2 * h)
                            for k in 0..<h {
                                let n = T.tanh(gt[2 * h + k]), z = gt[h + k]
                                gt[2 * h + k] = n
                                next[k] = (1 - z) * prev[k] + z * n
                            }
                        }
                    }
                }
            }
        }
        trace.gates = gates
        trace.auxiliary = reset
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ u: UnsafePointer<T>, _ trace: DirectionTrace<T>, dStates: UnsafePointer<T>,
                                  dU: UnsafeMutablePointer<T>, dPre: UnsafeMutablePointer<T>) {
        let h = trace.hidden
        var carry = [T](repeating: 0, count: h)
        var dReset = [T](repeating: 0, count: h)
        trace.states.withUnsafeBufferPointer { s in
            trace.gates.withUnsafeBufferPointer { g in
                trace.auxiliary.withUnsafeBufferPointer { r in
                    carry.withUnsafeMutableBufferPointer { c in
                        dReset.withUnsafeMutableBufferPointer { ds in
                            let s = s.baseAddress!, g = g.baseAddress!, r = r.baseAddress!
                            let c = c.baseAddress!, ds = ds.baseAddress!
                            for t in stride(from: trace.steps - 1, through: 0, by: -1) {
                                let gt = g + t * 3 * h, prev = s + t * h, da = dPre + t * 3 * h
                                for k in 0..<h {
                                    let dh = dStates[t * h + k] + c[k]
                                    let z = gt[h + k], n = gt[2 * h + k]
                                    da[2 * h + k] = dh * z * (1 - n * n)
                                    da[h + k] = dh * (n - prev[k]) * z * (1 - z)
                                    c[k] = dh * (1 - z)
                                    ds[k] = 0
                                }
                                // n's pre-activation reads s = r * h_{t-1} through U_n.
                                RealKernels.transposeMultiplyAdd(u + 2 * h * h, rows: h, cols: h, da + 2 * h, into: ds)
                                RealKernels.outerAdd(da + 2 * h, r + t * h, into: dU + 2 * h * h, rows: h, cols: h)
                                for k in 0..<h {
                                    let rk = gt[k]
                                    da[k] = ds[k] * prev[k] * rk * (1 - rk)
                                    c[k] += ds[k] * rk
                                }
                                RealKernels.transposeMultiplyAdd(u, rows: 2 * h, cols: h, da, into: c)
                                RealKernels.outerAdd(da, prev, into: dU, rows: 2 * h, cols: h)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The reset-after GRU (PyTorch's `nn.GRU`): `r = s(a_r + U_r h + c_r)`, `z = s(a_z + U_z h + c_z)`,
    /// `n = tanh(a_n + r * (U_n h + c_n))`, `h' = (1 - z) * n + z * h`; `trace.auxiliary` keeps
    /// `U_n h + c_n`.
    static func forwardResetAfter<T: Real>(_ u: UnsafePointer<T>, _ c: UnsafePointer<T>, _ trace: inout DirectionTrace<T>) {
        let h = trace.hidden, steps = trace.steps
        var gates = [T](repeating: 0, count: steps * 3 * h)
        var recurrentN = [T](repeating: 0, count: steps * h)
        var q = [T](repeating: 0, count: 3 * h)
        for t in 0..<steps {
            let prev = Array(trace.states[t * h ..< (t + 1) * h])
            for k in 0..<(3 * h) { q[k] = 0 }
            q.withUnsafeMutableBufferPointer { RealKernels.multiplyAdd(u, rows: 3 * h, cols: h, prev, into: $0.baseAddress!) }
            let pre = t * 3 * h
            for k in 0..<h {
                let r = T.sigmoid(trace.projected[pre + k] + q[k] + c[k])
                let z = T.sigmoid(trace.projected[pre + h + k] + q[h + k] + c[h + k])
                let un = q[2 * h + k] + c[2 * h + k]
                let n = T.tanh(trace.projected[pre + 2 * h + k] + r * un)
                gates[pre + k] = r; gates[pre + h + k] = z; gates[pre + 2 * h + k] = n
                recurrentN[t * h + k] = un
                trace.states[(t + 1) * h + k] = (1 - z) * n + z * prev[k]
            }
        }
        trace.gates = gates
        trace.auxiliary = recurrentN
    }

    /// Backward of `forwardResetAfter`: `dPre` gets the gradients of `W x + b`, `dC` of `c`.
    static func backwardResetAfter<T: Real>(_ u: UnsafePointer<T>, _ trace: DirectionTrace<T>, dStates: UnsafePointer<T>,
                                            dU: UnsafeMutablePointer<T>, dPre: UnsafeMutablePointer<T>, dC: inout [T]) {
        let h = trace.hidden
        var carry = [T](repeating: 0, count: h)
        var dq = [T](repeating: 0, count: 3 * h)
        for t in stride(from: trace.steps - 1, through: 0, by: -1) {
            let base = t * 3 * h
            let prev = Array(trace.states[t * h ..< (t + 1) * h])
            var next = [T](repeating: 0, count: h)
            for k in 0..<h {
                let dh = dStates[t * h + k] + carry[k]
                let r = trace.gates[base + k], z = trace.gates[base + h + k], n = trace.gates[base + 2 * h + k]
                let un = trace.auxiliary[t * h + k]
                let dan = dh * (1 - z) * (1 - n * n)
                let dar = dan * un * r * (1 - r)
                let daz = dh * (prev[k] - n) * z * (1 - z)
                dPre[base + k] = dar; dPre[base + h + k] = daz; dPre[base + 2 * h + k] = dan
                dq[k] = dar; dq[h + k] = daz; dq[2 * h + k] = dan * r
                next[k] = dh * z
            }
            for k in 0..<(3 * h) { dC[k] += dq[k] }
            dq.withUnsafeBufferPointer { dq in
                RealKernels.outerAdd(dq.baseAddress!, prev, into: dU, rows: 3 * h, cols: h)
                next.withUnsafeMutableBufferPointer { RealKernels.transposeMultiplyAdd(u, rows: 3 * h, cols: h, dq.baseAddress!, into: $0.baseAddress!) }
            }
            carry = next
        }
    }
}
