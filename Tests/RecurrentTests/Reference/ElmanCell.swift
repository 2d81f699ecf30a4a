import Kernels
@testable import Recurrent

/// Elman (1990) simple recurrent unit: `h_t = tanh(W x_t + U h_{t-1} + b)`.
enum ElmanCell {
    /// Fills `trace.states` from `trace.projected`; `u` is the hidden x hidden matrix U.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func forward<T: Real>(_ u: UnsafePointer<T>, _ trace: inout DirectionTrace<T>) {
        let h = trace.hidden
        let pre = trace.projected
        trace.states.withUnsafeMutableBufferPointer { s in
            let s = s.baseAddress!
            for t in 0..<trace.steps {
                let a = s + (t + 1) * h
                for k in 0..<h { a[k] = pre[t * h + k] }
                RealKernels.multiplyAdd(u, rows: h, cols: h, s + t * h, into: a)
                for k in 0..<h { a[k] = T.tanh(a[k]) }
            }
        }
    }

    /// BPTT: writes dL/da_t into `dPre` (steps x hidden) and adds dL/dU into `dU`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func backward<T: Real>(_ u: UnsafePointer<T>, _ trace: DirectionTrace<T>, dStates: UnsafePointer<T>,
                                  dU: UnsafeMutablePointer<T>, dPre: UnsafeMutablePointer<T>) {
        let h = trace.hidden
        var carry = [T](repeating: 0, count: h)  // dL/dh_t through h_{t+1}
        trace.states.withUnsafeBufferPointer { s in
            carry.withUnsafeMutableBufferPointer { c in
                let s = s.baseAddress!, c = c.baseAddress!
                for t in stride(from: trace.steps - 1, through: 0, by: -1) {
                    let ht = s + (t + 1) * h, da = dPre + t * h
                    for k in 0..<h {
                        let dh = dStates[t * h + k] + c[k]
                        da[k] = dh * (1 - ht[k] * ht[k])
                        c[k] = 0
                    }
                    RealKernels.outerAdd(da, s + t * h, into: dU, rows: h, cols: h)
                    RealKernels.transposeMultiplyAdd(u, rows: h, cols: h, da, into: c)
                }
            }
        }
    }
}
