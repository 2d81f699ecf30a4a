import Kernels
@testable import Recurrent

/// Long short-term memory (Hochreiter & Schmidhuber 1997; forget gate of Gers et al. 2000),
/// gate blocks stacked i, f, g, o, without peepholes:
///
///     i, f, o = sigmoid(W x + U h_{t-1} + b)   g = tanh(W_g x + U_g h_{t-1} + b_g)
///     c_t = f * c_{t-1} + i * g                h_t = o * tanh(c_t)
enum LSTMCell {
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ u: UnsafePointer<T>, _ trace: inout DirectionTrace<T>) {
        let h = trace.hidden, steps = trace.steps
        var gates = [T](repeating: 0, count: steps * 4 * h)
        var tanhCell = [T](repeating: 0, count: steps * h)
        // c_0 is the carried-in cell when the caller set one.
        var cells = trace.cells.count == (steps + 1) * h ? trace.cells : [T](repeating: 0, count: (steps + 1) * h)
        trace.projected.withUnsafeBufferPointer { pre in
            trace.states.withUnsafeMutableBufferPointer { s in
                gates.withUnsafeMutableBufferPointer { g in
                    tanhCell.withUnsafeMutableBufferPointer { tc in
                        cells.withUnsafeMutableBufferPointer { cs in
                            let pre = pre.baseAddress!, s = s.baseAddress!, g = g.baseAddress!
                            let tc = tc.baseAddress!, cs = cs.baseAddress!
                            for t in 0..<steps {
                                let gt = g + t * 4 * h
                                for k in 0..<(4 * h) { gt[k] = pre[t * 4 * h + k] }
                                RealKernels.multiplyAdd(u, rows: 4 * h, cols: h, s + t * h, into: gt)
                                for k in 0..<h {
                                    let i = T.sigmoid(gt[k]), f = T.sigmoid(gt[h + k])
                                    let gg = T.tanh(gt[2 * h + k]), o = T.sigmoid(gt[3 * h + k])
                                    gt[k] = i; gt[h + k] = f; gt[2 * h + k] = gg; gt[3 * h + k] = o
                                    let c = f * cs[t * h + k] + i * gg
                                    cs[(t + 1) * h + k] = c
                                    let tcv = T.tanh(c)
                                    tc[t * h + k] = tcv
                                    s[(t + 1) * h + k] = o * tcv
                                }
                            }
                        }
                    }
                }
            }
        }
        trace.gates = gates
        trace.auxiliary = tanhCell
        trace.cells = cells
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ u: UnsafePointer<T>, _ trace: DirectionTrace<T>, dStates: UnsafePointer<T>,
                                  dU: UnsafeMutablePointer<T>, dPre: UnsafeMutablePointer<T>) {
        let h = trace.hidden
        var dhCarry = [T](repeating: 0, count: h)
        var dcCarry = [T](repeating: 0, count: h)
        trace.states.withUnsafeBufferPointer { s in
            trace.gates.withUnsafeBufferPointer { g in
                trace.auxiliary.withUnsafeBufferPointer { tc in
                    trace.cells.withUnsafeBufferPointer { cs in
                        dhCarry.withUnsafeMutableBufferPointer { dhc in
                            dcCarry.withUnsafeMutableBufferPointer { dcc in
                                let s = s.baseAddress!, g = g.baseAddress!, tc = tc.baseAddress!
                                let cs = cs.baseAddress!, dhc = dhc.baseAddress!, dcc = dcc.baseAddress!
                                for t in stride(from: trace.steps - 1, through: 0, by: -1) {
                                    let gt = g + t * 4 * h, da = dPre + t * 4 * h
                                    for k in 0..<h {
                                        let dh = dStates[t * h + k] + dhc[k]
                                        let i = gt[k], f = gt[h + k], gg = gt[2 * h + k], o = gt[3 * h + k]
                                        let tcv = tc[t * h + k]
                                        let dc = dcc[k] + dh * o * (1 - tcv * tcv)
                                        dcc[k] = dc * f
                                        da[k] = dc * gg * i * (1 - i)
                                        da[h + k] = dc * cs[t * h + k] * f * (1 - f)
                                        da[2 * h + k] = dc * i * (1 - gg * gg)
                                        da[3 * h + k] = dh * tcv * o * (1 - o)
                                        dhc[k] = 0
                                    }
                                    RealKernels.transposeMultiplyAdd(u, rows: 4 * h, cols: h, da, into: dhc)
                                    RealKernels.outerAdd(da, s + t * h, into: dU, rows: 4 * h, cols: h)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
