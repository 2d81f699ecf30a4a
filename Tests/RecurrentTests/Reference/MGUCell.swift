import Kernels
@testable import Recurrent

/// Minimal gated unit (Zhou et al. 2016), gate blocks stacked f, n:
///
///     f = sigmoid(W_f x + U_f h_{t-1} + b_f)     n = tanh(W_n x + U_n (f * h_{t-1}) + b_n)
///     h_t = (1 - f) * h_{t-1} + f * n
enum MGUCell {
    static func forward<T: Real>(_ u: UnsafePointer<T>, _ trace: inout DirectionTrace<T>) {
        let h = trace.hidden, steps = trace.steps
        var gates = [T](repeating: 0, count: steps * 2 * h)
        var gated = [T](repeating: 0, count: steps * h)
        for t in 0..<steps {
            let prev = Array(trace.states[t * h ..< (t + 1) * h])
            var f = Array(trace.projected[t * 2 * h ..< t * 2 * h + h])
            f.withUnsafeMutableBufferPointer { RealKernels.multiplyAdd(u, rows: h, cols: h, prev, into: $0.baseAddress!) }
            for k in 0..<h { f[k] = T.sigmoid(f[k]) }
            let fh = (0..<h).map { f[$0] * prev[$0] }
            var n = Array(trace.projected[t * 2 * h + h ..< (t + 1) * 2 * h])
            n.withUnsafeMutableBufferPointer { RealKernels.multiplyAdd(u + h * h, rows: h, cols: h, fh, into: $0.baseAddress!) }
            for k in 0..<h {
                n[k] = T.tanh(n[k])
                gates[t * 2 * h + k] = f[k]
                gates[t * 2 * h + h + k] = n[k]
                gated[t * h + k] = fh[k]
                trace.states[(t + 1) * h + k] = (1 - f[k]) * prev[k] + f[k] * n[k]
            }
        }
        trace.gates = gates
        trace.auxiliary = gated
    }

    static func backward<T: Real>(_ u: UnsafePointer<T>, _ trace: DirectionTrace<T>, dStates: UnsafePointer<T>,
                                  dU: UnsafeMutablePointer<T>, dPre: UnsafeMutablePointer<T>) {
        let h = trace.hidden
        var carry = [T](repeating: 0, count: h)
        for t in stride(from: trace.steps - 1, through: 0, by: -1) {
            let prev = Array(trace.states[t * h ..< (t + 1) * h]), base = t * 2 * h
            var next = [T](repeating: 0, count: h), dn = [T](repeating: 0, count: h), dfh = [T](repeating: 0, count: h)
            var dh = [T](repeating: 0, count: h)
            for k in 0..<h {
                dh[k] = dStates[t * h + k] + carry[k]
                let f = trace.gates[base + k], n = trace.gates[base + h + k]
                dn[k] = dh[k] * f * (1 - n * n)
                next[k] = dh[k] * (1 - f)
            }
            // f * h_{t-1} reaches n through U_n.
            dn.withUnsafeBufferPointer { RealKernels.transposeMultiplyAdd(u + h * h, rows: h, cols: h, $0.baseAddress!, into: &dfh) }
            var df = [T](repeating: 0, count: h)
            for k in 0..<h {
                let f = trace.gates[base + k], n = trace.gates[base + h + k]
                df[k] = (dh[k] * (n - prev[k]) + dfh[k] * prev[k]) * f * (1 - f)
                next[k] += dfh[k] * f
                dPre[base + k] = df[k]
                dPre[base + h + k] = dn[k]
            }
            let gated = Array(trace.auxiliary[t * h ..< (t + 1) * h])
            RealKernels.outerAdd(df, prev, into: dU, rows: h, cols: h)
            RealKernels.outerAdd(dn, gated, into: dU + h * h, rows: h, cols: h)
            df.withUnsafeBufferPointer { RealKernels.transposeMultiplyAdd(u, rows: h, cols: h, $0.baseAddress!, into: &next) }
            carry = next
        }
    }
}
