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
        let shared = GEMMOperands(a: a, b: b, c: c)
        split(m: m, n: n, k: k, threads: threads) { columns in
            block(m: m, columns: columns, k: k, alpha: alpha, a: shared.a, lda: lda, transposeA: transposeA,
                  b: shared.b, ldb: ldb, transposeB: transposeB, beta: beta, c: shared.c, ldc: ldc)
        }
    }

    /// `C[m x n] = alpha * op(A)[m x k] * B + beta * C` with `B` (`k x n`) packed beforehand by
    /// `pack`: for a right-hand matrix shared by many products (a recurrent layer's `U`, once
    /// per time step), which is then packed once instead of once per product.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    package static func multiply<T: Real>(m: Int, alpha: T = 1, a: UnsafePointer<T>, lda: Int, transposeA: Bool = false,
                                          packed b: GEMMPackedMatrix<T>,
                                          beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int, threads: Int = 1) {
        guard m > 0 && b.columns > 0 else { return }
        let shared = GEMMOperands(a: a, b: UnsafePointer(b.panels), c: c)
        let k = b.depth
        split(m: m, n: b.columns, k: k, threads: threads) { columns in
            block(m: m, columns: columns, k: k, alpha: alpha, a: shared.a, lda: lda, transposeA: transposeA,
                  b: nil, ldb: 0, transposeB: false, packed: shared.b, beta: beta, c: shared.c, ldc: ldc)
        }
    }

    /// Packs `op(B)` (`k x n`: `B`, or `B^T` with `transposeB` when `B` is stored `n x k`) as
    /// whole-depth 8-column panels, the form `multiply(m:...packed:...)` reads.
    /// - Complexity: O(k n) time and memory.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    package static func pack<T: Real>(k: Int, n: Int, b: UnsafePointer<T>, ldb: Int, transposeB: Bool = false) -> GEMMPackedMatrix<T> {
        let packed = GEMMPackedMatrix<T>(depth: k, columns: n)
        if k > 0 && n > 0 {
            packB(b, ldb: ldb, transposed: transposeB, rows: 0, depth: k, columns: 0, width: n, into: packed.panels)
        }
        return packed
    }

    /// Runs `body` on ranges of columns that start on 8-column panel boundaries: the whole
    /// `0..<n` on this thread for small products or `threads == 1`, else one range per thread.
    @inlinable
    static func split(m: Int, n: Int, k: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let panels = (n + nr - 1) / nr
        let parts = max(1, min(threads, panels, (m * n * max(k, 1)) / 200_000 + 1))
        if parts == 1 {
            body(0..<n)
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = GEMMBody(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let first = panels * part / parts, last = panels * (part + 1) / parts
                let columns = (first * nr) ..< min(n, last * nr)
                if !columns.isEmpty { shared.body(columns) }
            }
        }
    }

    /// One thread's share: the columns `columns` of `C`, all rows. `op(B)` is packed here block
    /// by block into this thread's workspace, or read from `packed` (all of `op(B)`, packed once
    /// by `pack`); `columns` starts on an 8-column panel boundary.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    static func block<T: Real>(m: Int, columns: Range<Int>, k: Int, alpha: T,
                               a: UnsafePointer<T>, lda: Int, transposeA: Bool,
                               b: UnsafePointer<T>?, ldb: Int, transposeB: Bool, packed: UnsafePointer<T>? = nil,
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
        let scratch = workspace(bytes: MemoryLayout<T>.stride * kc * (nc + nr + mc + mr))
            .bindMemory(to: T.self, capacity: kc * (nc + nr + mc + mr))
        let packedB = scratch, packedA = scratch + kc * (nc + nr)
        var jc = columns.lowerBound
        while jc < columns.upperBound {
            let ncb = min(nc, columns.upperBound - jc)
            var pc = 0
            while pc < k {
                let kcb = min(kc, k - pc)
                // Panel `jr / 8` of this (pc, jc) block starts at `panels + (jr / 8) * stride`.
                let panels: UnsafePointer<T>, stride: Int
                if let packed {
                    panels = packed + (jc / nr) * k * nr + pc * nr
                    stride = k * nr
                } else {
                    packB(b!, ldb: ldb, transposed: transposeB, rows: pc, depth: kcb, columns: jc, width: ncb, into: packedB)
                    panels = UnsafePointer(packedB)
                    stride = kcb * nr
                }
                var ic = 0
                while ic < m {
                    let mcb = min(mc, m - ic)
                    packA(a, lda: lda, transposed: transposeA, rows: ic, height: mcb, depth: pc, count: kcb, into: packedA)
                    var jr = 0
                    while jr < ncb {
                        var ir = 0
                        while ir < mcb {
                            tile(depth: kcb, a: packedA + ir * kcb, b: panels + (jr / nr) * stride,
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

    /// This thread's packing buffer, at least `bytes` long, allocated on the thread's first
    /// product and kept (grown when needed) until the thread ends: a product allocates nothing,
    /// where a fresh 2 MB buffer per call cost page faults on every step of a recurrent layer.
    @usableFromInline
    static func workspace(bytes: Int) -> UnsafeMutableRawPointer {
        GEMMWorkspace.current(bytes: bytes)
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

/// A column-range job handed to `GEMM.split`'s worker threads; the ranges are disjoint, and
/// each job writes only its own columns of `C`.
@usableFromInline
struct GEMMBody: @unchecked Sendable {
    @usableFromInline let body: (Range<Int>) -> Void
    @inlinable init(_ body: @escaping (Range<Int>) -> Void) { self.body = body }
}

/// `op(B)` packed once as whole-depth 8-column panels (panel `j` holds columns `8j ..< 8j+8`,
/// `depth x 8` row-major, the last zero-padded), shared read-only by many products.
package final class GEMMPackedMatrix<T: Real>: @unchecked Sendable {
    /// Rows of `op(B)` (the product's `k`) and columns (its `n`).
    package let depth: Int, columns: Int
    @usableFromInline let panels: UnsafeMutablePointer<T>

    @usableFromInline init(depth: Int, columns: Int) {
        self.depth = depth
        self.columns = columns
        let count = max(1, depth * ((columns + GEMM.nr - 1) / GEMM.nr) * GEMM.nr)
        panels = .allocate(capacity: count)
    }

    deinit { panels.deallocate() }
}
