import Dispatch

/// General matrix multiply, `C = alpha * op(A) * op(B) + beta * C` on row-major matrices
/// (BLAS `sgemm`/`dgemm` semantics), as the BLIS/gemmlowp micro-kernel design does it:
/// `op(B)` is packed into `kc x 8` column panels and `op(A)` into `kc x 6` row panels (zero
/// padded, so the inner loop never branches), and a 6 x 8 register tile of `SIMD8`
/// accumulators is updated once per `k` (12 SSE registers of the 16 on baseline x86-64; one
/// broadcast of A and one load of B feed 48 multiply-adds). Partial tiles at the matrix edges
/// are computed whole on the padded panels and written back by a scalar loop.
///
/// The accumulators use `acc += a * b`, never `addProduct`: the default x86-64 target has no
/// FMA and `addProduct` would become a software `fmaf` per lane (DESIGN.md, performance traps).
/// Generic over `Real`, pre-specialised here for `Float` (training) and `Double` (gradient
/// checks) with `@_specialize`, so even a generic caller runs the specialised loops. `reference` is the scalar loop it is tested against.
///
/// - Complexity: O(m n k) arithmetic; O(kc (nc + mc)) packing memory per thread.
package enum GEMM {
    /// Rows of a register tile (of `op(A)` and `C`).
    @usableFromInline static let mr = 6
    /// Columns of a register tile (of `op(B)` and `C`): one `SIMD8`.
    @usableFromInline static let nr = 8
    /// Depth of one packed block (`kc x 8` B panels stay in L1, `mc x kc` of A in L2).
    @usableFromInline static let kc = 256
    @usableFromInline static let mc = 96
    @usableFromInline static let nc = 2048

    /// `C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C`. `op(A)` is `A` (row `i` at
    /// `a + i * lda`) or, with `transposeA`, `A^T` (A stored `k x m`); likewise `op(B)`.
    /// `beta == 0` overwrites `C` (NaN in it does not propagate). With `threads > 1` the
    /// columns of `C` are split into that many ranges of whole 8-column panels (fewer when
    /// there are fewer panels), each packed and computed by its own thread.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    package static func multiply<T: Real>(m: Int, n: Int, k: Int, alpha: T = 1,
                                          a: UnsafePointer<T>, lda: Int, transposeA: Bool = false,
                                          b: UnsafePointer<T>, ldb: Int, transposeB: Bool = false,
                                          beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int, threads: Int = 1) {
        guard m > 0 && n > 0 else { return }
        let panels = (n + nr - 1) / nr
        let parts = max(1, min(threads, panels, (m * n * max(k, 1)) / 200_000 + 1))
        if parts == 1 {
            block(m: m, columns: 0..<n, k: k, alpha: alpha, a: a, lda: lda, transposeA: transposeA,
                  b: b, ldb: ldb, transposeB: transposeB, beta: beta, c: c, ldc: ldc)
            return
        }
        let shared = GEMMOperands(a: a, b: b, c: c)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let first = panels * part / parts, last = panels * (part + 1) / parts
            let columns = (first * nr) ..< min(n, last * nr)
            guard !columns.isEmpty else { return }
            block(m: m, columns: columns, k: k, alpha: alpha, a: shared.a, lda: lda, transposeA: transposeA,
                  b: shared.b, ldb: ldb, transposeB: transposeB, beta: beta, c: shared.c, ldc: ldc)
        }
    }

    /// One thread's share: the columns `columns` of `C`, all rows.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    static func block<T: Real>(m: Int, columns: Range<Int>, k: Int, alpha: T,
                               a: UnsafePointer<T>, lda: Int, transposeA: Bool,
                               b: UnsafePointer<T>, ldb: Int, transposeB: Bool,
                               beta: T, c: UnsafeMutablePointer<T>, ldc: Int) {
        if beta != 1 {
            for i in 0..<m {
                let row = c + i * ldc
                if beta == 0 {
                    for j in columns { row[j] = 0 }
                } else {
                    for j in columns { row[j] *= beta }
                }
            }
        }
        guard k > 0 && alpha != 0 else { return }
        // Packing buffers sized to this product, not to the largest block: a small recurrent
        // product (batch x hidden) then allocates tens of kilobytes, not 2 MB per call.
        let depth = min(kc, k), width = min(nc, columns.count), height = min(mc, m)
        let packedB = UnsafeMutablePointer<T>.allocate(capacity: depth * ((width + nr - 1) / nr * nr))
        let packedA = UnsafeMutablePointer<T>.allocate(capacity: depth * ((height + mr - 1) / mr * mr))
        defer { packedB.deallocate(); packedA.deallocate() }
        var jc = columns.lowerBound
        while jc < columns.upperBound {
            let ncb = min(nc, columns.upperBound - jc)
            var pc = 0
            while pc < k {
                let kcb = min(kc, k - pc)
                packB(b, ldb: ldb, transposed: transposeB, rows: pc, depth: kcb, columns: jc, width: ncb, into: packedB)
                var ic = 0
                while ic < m {
                    let mcb = min(mc, m - ic)
                    packA(a, lda: lda, transposed: transposeA, rows: ic, height: mcb, depth: pc, count: kcb, into: packedA)
                    var jr = 0
                    while jr < ncb {
                        var ir = 0
                        while ir < mcb {
                            tile(depth: kcb, a: packedA + ir * kcb, b: packedB + jr * kcb,
                                 c: c + (ic + ir) * ldc + jc + jr, ldc: ldc, alpha: alpha,
                                 rows: min(mr, mcb - ir), cols: min(nr, ncb - jr))
                            ir += mr
                        }
                        jr += nr
                    }
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }

    /// Packs `op(B)[rows ..< rows + depth, columns ..< columns + width]` as consecutive
    /// `depth x 8` panels (row-major within a panel), the last one zero-padded.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    static func packB<T: Real>(_ b: UnsafePointer<T>, ldb: Int, transposed: Bool, rows: Int, depth: Int,
                               columns: Int, width: Int, into out: UnsafeMutablePointer<T>) {
        var j0 = 0
        var panel = out
        while j0 < width {
            let w = min(nr, width - j0)
            if !transposed && w == nr {
                for p in 0..<depth {
                    let source = b + (rows + p) * ldb + columns + j0
                    UnsafeMutableRawPointer(panel + p * nr).storeBytes(
                        of: UnsafeRawPointer(source).loadUnaligned(as: SIMD8<T>.self), as: SIMD8<T>.self)
                }
            } else {
                for p in 0..<depth {
                    let target = panel + p * nr
                    for j in 0..<nr {
                        if j < w {
                            let col = columns + j0 + j, row = rows + p
                            target[j] = transposed ? b[col * ldb + row] : b[row * ldb + col]
                        } else {
                            target[j] = 0
                        }
                    }
                }
            }
            panel += depth * nr
            j0 += nr
        }
    }

    /// Packs `op(A)[rows ..< rows + height, depth ..< depth + count]` as consecutive
    /// `count x 6` panels (k-major: the 6 values of one `k` side by side), zero-padded.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    static func packA<T: Real>(_ a: UnsafePointer<T>, lda: Int, transposed: Bool, rows: Int, height: Int,
                               depth: Int, count: Int, into out: UnsafeMutablePointer<T>) {
        var i0 = 0
        var panel = out
        while i0 < height {
            let h = min(mr, height - i0)
            if transposed {
                for p in 0..<count {
                    let source = a + (depth + p) * lda + rows + i0
                    let target = panel + p * mr
                    for i in 0..<mr { target[i] = i < h ? source[i] : 0 }
                }
            } else {
                for i in 0..<mr {
                    if i < h {
                        let source = a + (rows + i0 + i) * lda + depth
                        for p in 0..<count { panel[p * mr + i] = source[p] }
                    } else {
                        for p in 0..<count { panel[p * mr + i] = 0 }
                    }
                }
            }
            panel += count * mr
            i0 += mr
        }
    }

    /// The micro-kernel: `C[rows x cols] += alpha * Apanel * Bpanel` over `depth`, with a
    /// 6 x 8 tile of accumulators in registers.
    @inlinable @inline(__always)
    static func tile<T: Real>(depth: Int, a: UnsafePointer<T>, b: UnsafePointer<T>,
                              c: UnsafeMutablePointer<T>, ldc: Int, alpha: T, rows: Int, cols: Int) {
        var c0 = SIMD8<T>(), c1 = SIMD8<T>(), c2 = SIMD8<T>()
        var c3 = SIMD8<T>(), c4 = SIMD8<T>(), c5 = SIMD8<T>()
        var pa = a, pb = b
        for _ in 0..<depth {
            let bv = UnsafeRawPointer(pb).loadUnaligned(as: SIMD8<T>.self)
            c0 += SIMD8(repeating: pa[0]) * bv
            c1 += SIMD8(repeating: pa[1]) * bv
            c2 += SIMD8(repeating: pa[2]) * bv
            c3 += SIMD8(repeating: pa[3]) * bv
            c4 += SIMD8(repeating: pa[4]) * bv
            c5 += SIMD8(repeating: pa[5]) * bv
            pa += 6
            pb += 8
        }
        let s = SIMD8(repeating: alpha)
        if rows == 6 && cols == 8 {
            @inline(__always) func add(_ v: SIMD8<T>, _ row: Int) {
                let p = UnsafeMutableRawPointer(c + row * ldc)
                p.storeBytes(of: p.loadUnaligned(as: SIMD8<T>.self) + s * v, as: SIMD8<T>.self)
            }
            add(c0, 0); add(c1, 1); add(c2, 2); add(c3, 3); add(c4, 4); add(c5, 5)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD8<T>.self, capacity: 6) { all in
                all[0] = c0; all[1] = c1; all[2] = c2; all[3] = c3; all[4] = c4; all[5] = c5
                for i in 0..<rows {
                    let v = s * all[i]
                    for j in 0..<cols { c[i * ldc + j] += v[j] }
                }
            }
        }
    }

    /// Scalar reference for `multiply`: the triple loop, summed in `Double`.
    /// - Complexity: O(m n k).
    package static func reference<T: Real>(m: Int, n: Int, k: Int, alpha: T = 1,
                                           a: UnsafePointer<T>, lda: Int, transposeA: Bool = false,
                                           b: UnsafePointer<T>, ldb: Int, transposeB: Bool = false,
                                           beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = T(Double(alpha) * sum + old)
            }
        }
    }
}

/// The three matrix pointers of one product, handed to the worker threads of `GEMM.multiply`.
/// Each thread writes a disjoint range of columns of `c`; `a` and `b` are only read.
@usableFromInline
struct GEMMOperands<T>: @unchecked Sendable {
    @usableFromInline let a: UnsafePointer<T>
    @usableFromInline let b: UnsafePointer<T>
    @usableFromInline let c: UnsafeMutablePointer<T>
    @inlinable init(a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>) {
        self.a = a
        self.b = b
        self.c = c
    }
}
