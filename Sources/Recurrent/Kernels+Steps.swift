/// The per-step products of a recurrent layer's input weights, over all the steps of a
/// sentence at once: four steps share each load of a weight row (register blocking, as
/// the micro-kernels of Goto & van de Geijn 2008, much simplified). The input projection
/// and its two gradients are about two thirds of a layer's work and, unlike the recurrent
/// product, do not wait on the previous step. Rows of `x`, `y`, `dx`, `dy` are one per step.
extension Kernels {
    /// `y_t += M x_t` for `steps` steps; `x` is steps x cols, `y` steps x rows.
    /// - Complexity: O(steps x rows x cols).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func multiplyAddSteps<T: Real>(_ m: UnsafePointer<T>, rows: Int, cols: Int, _ x: UnsafePointer<T>,
                                          steps: Int, into y: UnsafeMutablePointer<T>) {
        var t = 0
        while t + 4 <= steps {
            let x0 = x + t * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols
            for i in 0..<rows {
                let w = m + i * cols
                var a0 = SIMD8<T>(), a1 = SIMD8<T>(), a2 = SIMD8<T>(), a3 = SIMD8<T>()
                var k = 0
                while k + 8 <= cols {
                    let wk = load8(w + k)
                    a0 += wk * load8(x0 + k)
                    a1 += wk * load8(x1 + k)
                    a2 += wk * load8(x2 + k)
                    a3 += wk * load8(x3 + k)
                    k += 8
                }
                var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
                while k < cols {
                    s0 += w[k] * x0[k]; s1 += w[k] * x1[k]; s2 += w[k] * x2[k]; s3 += w[k] * x3[k]
                    k += 1
                }
                y[t * rows + i] += s0
                y[(t + 1) * rows + i] += s1
                y[(t + 2) * rows + i] += s2
                y[(t + 3) * rows + i] += s3
            }
            t += 4
        }
        while t < steps {
            multiplyAdd(m, rows: rows, cols: cols, x + t * cols, into: y + t * rows)
            t += 1
        }
    }

    /// `dx_t += M^T dy_t` for `steps` steps; `dy` is steps x rows, `dx` steps x cols.
    /// - Complexity: O(steps x rows x cols).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func transposeMultiplyAddSteps<T: Real>(_ m: UnsafePointer<T>, rows: Int, cols: Int, _ dy: UnsafePointer<T>,
                                                   steps: Int, into dx: UnsafeMutablePointer<T>) {
        var t = 0
        while t + 4 <= steps {
            let d0 = dx + t * cols, d1 = d0 + cols, d2 = d1 + cols, d3 = d2 + cols
            for i in 0..<rows {
                let g0 = dy[t * rows + i], g1 = dy[(t + 1) * rows + i], g2 = dy[(t + 2) * rows + i], g3 = dy[(t + 3) * rows + i]
                if g0 == 0 && g1 == 0 && g2 == 0 && g3 == 0 { continue }
                let w = m + i * cols
                let b0 = SIMD8<T>(repeating: g0), b1 = SIMD8<T>(repeating: g1), b2 = SIMD8<T>(repeating: g2), b3 = SIMD8<T>(repeating: g3)
                var k = 0
                while k + 8 <= cols {
                    let wk = load8(w + k)
                    store8(load8(d0 + k) + b0 * wk, d0 + k)
                    store8(load8(d1 + k) + b1 * wk, d1 + k)
                    store8(load8(d2 + k) + b2 * wk, d2 + k)
                    store8(load8(d3 + k) + b3 * wk, d3 + k)
                    k += 8
                }
                while k < cols {
                    d0[k] += g0 * w[k]; d1[k] += g1 * w[k]; d2[k] += g2 * w[k]; d3[k] += g3 * w[k]
                    k += 1
                }
            }
            t += 4
        }
        while t < steps {
            transposeMultiplyAdd(m, rows: rows, cols: cols, dy + t * rows, into: dx + t * cols)
            t += 1
        }
    }

    /// `M += sum_t dy_t x_t^T` over `steps` steps; `dy` is steps x rows, `x` steps x cols.
    /// - Complexity: O(steps x rows x cols).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func outerAddSteps<T: Real>(_ dy: UnsafePointer<T>, _ x: UnsafePointer<T>, steps: Int,
                                       into m: UnsafeMutablePointer<T>, rows: Int, cols: Int) {
        var t = 0
        while t + 4 <= steps {
            let x0 = x + t * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols
            for i in 0..<rows {
                let g0 = dy[t * rows + i], g1 = dy[(t + 1) * rows + i], g2 = dy[(t + 2) * rows + i], g3 = dy[(t + 3) * rows + i]
                if g0 == 0 && g1 == 0 && g2 == 0 && g3 == 0 { continue }
                let w = m + i * cols
                let b0 = SIMD8<T>(repeating: g0), b1 = SIMD8<T>(repeating: g1), b2 = SIMD8<T>(repeating: g2), b3 = SIMD8<T>(repeating: g3)
                var k = 0
                while k + 8 <= cols {
                    var acc = load8(w + k)
                    acc += b0 * load8(x0 + k)
                    acc += b1 * load8(x1 + k)
                    acc += b2 * load8(x2 + k)
                    acc += b3 * load8(x3 + k)
                    store8(acc, w + k)
                    k += 8
                }
                while k < cols {
                    w[k] += g0 * x0[k] + g1 * x1[k] + g2 * x2[k] + g3 * x3[k]
                    k += 1
                }
            }
            t += 4
        }
        while t < steps {
            outerAdd(dy + t * rows, x + t * cols, into: m, rows: rows, cols: cols)
            t += 1
        }
    }
}
