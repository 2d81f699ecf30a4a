import Dispatch

/// General matrix multiply, `C = alpha * op(A) * op(B) + beta * C` on row-major matrices
/// (BLAS `sgemm`/`dgemm` semantics), as the BLIS micro-kernel design does it (Van Zee & van de
/// Geijn, "BLIS", ACM TOMS 2015; Goto & van de Geijn 2008): `op(B)` is packed into `kc x nr`
/// column panels and `op(A)` into `kc x 6` row panels (zero padded, so the inner loop never
/// branches), and a `6 x nr` register tile is updated once per `k` from one broadcast of A per
/// row and the `nr` values of B. Partial tiles at the matrix edges are computed whole on the
/// padded panels and written back by a scalar loop.
///
/// The tile is six rows of one vector `V` of `nr` lanes, 12 ymm accumulators on AVX2 for both
/// types: `SIMD16<Float>` (a 6 x 16 tile, two 8-lane loads of B and six broadcasts feed 12
/// FMAs per `k`) or `SIMD8<Double>` (6 x 8). Builds for x86-64-v3 or the host CPU define
/// `W2V_FMA` (Package.swift) and accumulate with `addingProduct` (`vfmadd231ps`); the portable
/// x86-64 build has no FMA, where `addingProduct` would be a software `fmaf` per lane (DESIGN.md,
/// performance traps), so it keeps `acc += a * b` on a 6 x 8 tile (12 SSE registers for Float).
/// AArch64 has fused multiply-add in its base instruction set (NEON `fmla`), so every arm64
/// build takes the FMA path with no CPU flag: the 6 x 16 Float tile is 24 of its 32 q registers.
/// Generic over `Real`, pre-specialised for `Float` (training) and `Double` (gradient checks)
/// with `@_specialize`, so even a generic caller runs the specialised loops. `reference` is the
/// scalar loop it is tested against.
///
/// - Complexity: O(m n k) arithmetic; O(kc (nc + mc)) packing memory per thread.
package enum GEMM {
    /// Rows of a register tile (of `op(A)` and `C`).
    @usableFromInline static let mr = 6
    /// Depth of one packed block (`kc x nr` B panels stay in L1, `mc x kc` of A in L2).
    @usableFromInline static let kc = 256
    @usableFromInline static let mc = 96
    @usableFromInline static let nc = 2048

    /// Columns of a register tile (of `op(B)` and `C`) for scalar type `T`: 16 `Float`s (two
    /// ymm registers a row) on FMA builds, else 8. The packed panels are this wide.
    @inlinable @inline(__always)
    package static func nr<T: Real>(_: T.Type) -> Int {
        #if W2V_FMA || arch(arm64)
        return T.self == Float.self ? 16 : 8
        #else
        return 8
        #endif
    }

    /// `C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C`. `op(A)` is `A` (row `i` at
    /// `a + i * lda`) or, with `transposeA`, `A^T` (A stored `k x m`); likewise `op(B)`.
    /// `beta == 0` overwrites `C` (NaN in it does not propagate). With `threads > 1` the
    /// product is split (`split`) into that many blocks of rows or of columns of `C`, each
    /// packed and computed by its own thread.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    package static func multiply<T: Real>(m: Int, n: Int, k: Int, alpha: T = 1,
                                          a: UnsafePointer<T>, lda: Int, transposeA: Bool = false,
                                          b: UnsafePointer<T>, ldb: Int, transposeB: Bool = false,
                                          beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int, threads: Int = 1) {
        guard m > 0 && n > 0 else { return }
        let shared = GEMMOperands(a: a, b: b, c: c)
        split(m: m, n: n, k: k, panel: nr(T.self), threads: threads) { rows, columns in
            block(rows: rows, columns: columns, k: k, alpha: alpha, a: shared.a, lda: lda, transposeA: transposeA,
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
        split(m: m, n: b.columns, k: k, panel: nr(T.self), threads: threads) { rows, columns in
            block(rows: rows, columns: columns, k: k, alpha: alpha, a: shared.a, lda: lda, transposeA: transposeA,
                  b: nil, ldb: 0, transposeB: false, packed: shared.b, beta: beta, c: shared.c, ldc: ldc)
        }
    }

    /// Packs `op(B)` (`k x n`: `B`, or `B^T` with `transposeB` when `B` is stored `n x k`) as
    /// whole-depth `nr`-column panels, the form `multiply(m:...packed:...)` reads.
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

    /// Runs `body(rows, columns)` on blocks of `C`: the whole `0..<m, 0..<n` on this thread for
    /// small products or `threads == 1`, else one block per thread. The split is along the
    /// longer side, so that the duplicated work, packing the operand every thread needs whole,
    /// falls on the smaller one: rows (whole 6-row panels; each thread packs all of `op(B)`)
    /// when `m > n`, as for the decoder's `dZ Wo` (1120 x 256 x 5393), where a column split had
    /// each thread pack the whole 1120 x 5393 `dZ`; else columns (whole `panel`-column panels;
    /// each thread packs all of `op(A)`).
    @inlinable
    static func split(m: Int, n: Int, k: Int, panel: Int, threads: Int, _ body: (Range<Int>, Range<Int>) -> Void) {
        let byRows = m > n
        let extent = byRows ? m : n, unit = byRows ? mr : panel
        let units = (extent + unit - 1) / unit
        let parts = max(1, min(threads, units, (m * n * max(k, 1)) / 200_000 + 1))
        if parts == 1 {
            body(0..<m, 0..<n)
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = GEMMBody(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let first = units * part / parts, last = units * (part + 1) / parts
                let range = (first * unit) ..< min(extent, last * unit)
                if range.isEmpty { return }
                if byRows { shared.body(range, 0..<n) } else { shared.body(0..<m, range) }
            }
        }
    }

    /// One thread's share: rows `rows` and columns `columns` of `C`. `op(B)` is packed here
    /// block by block into this thread's workspace, or read from `packed` (all of `op(B)`,
    /// packed once by `pack`); `columns` starts on an `nr`-column panel boundary. `beta` is
    /// applied by the first depth block's tiles as they write `C` (no separate pass over `C`).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable
    static func block<T: Real>(rows: Range<Int>, columns: Range<Int>, k: Int, alpha: T,
                               a: UnsafePointer<T>, lda: Int, transposeA: Bool,
                               b: UnsafePointer<T>?, ldb: Int, transposeB: Bool, packed: UnsafePointer<T>? = nil,
                               beta: T, c: UnsafeMutablePointer<T>, ldc: Int) {
        guard k > 0 && alpha != 0 else {
            if beta == 1 { return }
            for i in rows {
                let row = c + i * ldc
                for j in columns { row[j] = beta == 0 ? 0 : row[j] * beta }
            }
            return
        }
        let nr = GEMM.nr(T.self)
        let scratch = workspace(bytes: MemoryLayout<T>.stride * kc * (nc + nr + mc + mr))
            .bindMemory(to: T.self, capacity: kc * (nc + nr + mc + mr))
        let packedB = scratch, packedA = scratch + kc * (nc + nr)
        var jc = columns.lowerBound
        while jc < columns.upperBound {
            let ncb = min(nc, columns.upperBound - jc)
            var pc = 0
            while pc < k {
                let kcb = min(kc, k - pc)
                let scale = pc == 0 ? beta : 1
                // Panel `jr / nr` of this (pc, jc) block starts at `panels + (jr / nr) * stride`.
                let panels: UnsafePointer<T>, stride: Int
                if let packed {
                    panels = packed + (jc / nr) * k * nr + pc * nr
                    stride = k * nr
                } else {
                    packB(b!, ldb: ldb, transposed: transposeB, rows: pc, depth: kcb, columns: jc, width: ncb, into: packedB)
                    panels = UnsafePointer(packedB)
                    stride = kcb * nr
                }
                var ic = rows.lowerBound
                while ic < rows.upperBound {
                    let mcb = min(mc, rows.upperBound - ic)
                    packA(a, lda: lda, transposed: transposeA, rows: ic, height: mcb, depth: pc, count: kcb, into: packedA)
                    var jr = 0
                    while jr < ncb {
                        var ir = 0
                        while ir < mcb {
                            tile(depth: kcb, a: packedA + ir * kcb, b: panels + (jr / nr) * stride,
                                 c: c + (ic + ir) * ldc + jc + jr, ldc: ldc, alpha: alpha, beta: scale,
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

    /// Packs `lanes x depth` values into consecutive `width`-lane panels, depth-major inside a
    /// panel (the `width` lane values of one depth index side by side, where the micro-kernel
    /// loads them), the last panel zero-padded. Both operands use it: `op(A)`'s rows are the
    /// lanes of `mr`-wide panels, `op(B)`'s columns the lanes of `nr`-wide panels. With
    /// `lanesContiguous`, value (lane `l`, depth `d`) is at `source[d * ld + l]` and full panels
    /// of a multiple of 8 lanes (B's) are copied eight at a time; otherwise it is at
    /// `source[l * ld + d]`, read one source line at a time, contiguous reads and stores
    /// `width` apart inside a panel that stays in L1. A transposed operand swaps the two.
    /// - Complexity: O(ceil(lanes / width) x width x depth).
    @inlinable @inline(__always)
    static func packPanels<T: Real>(_ source: UnsafePointer<T>, ld: Int, lanesContiguous: Bool, lanes: Int, depth: Int,
                                    width: Int, into out: UnsafeMutablePointer<T>) {
        var l0 = 0
        var panel = out
        while l0 < lanes {
            let w = min(width, lanes - l0)
            if lanesContiguous {
                let first = source + l0
                if w == width && width % 8 == 0 {
                    for p in 0..<depth {
                        let from = UnsafeRawPointer(first + p * ld), to = UnsafeMutableRawPointer(panel + p * width)
                        var q = 0
                        while q < width {
                            let offset = q * MemoryLayout<T>.stride
                            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: SIMD8<T>.self),
                                          toByteOffset: offset, as: SIMD8<T>.self)
                            q += 8
                        }
                    }
                } else {
                    for p in 0..<depth {
                        let from = first + p * ld, to = panel + p * width
                        for j in 0..<width { to[j] = j < w ? from[j] : 0 }
                    }
                }
            } else {
                for j in 0..<width {
                    if j < w {
                        let line = source + (l0 + j) * ld
                        for p in 0..<depth { panel[p * width + j] = line[p] }
                    } else {
                        for p in 0..<depth { panel[p * width + j] = 0 }
                    }
                }
            }
            panel += depth * width
            l0 += width
        }
    }

    /// `op(B)[rows ..< rows + depth, columns ..< columns + width]` as `depth x nr` panels.
    @inlinable @inline(__always)
    static func packB<T: Real>(_ b: UnsafePointer<T>, ldb: Int, transposed: Bool, rows: Int, depth: Int,
                               columns: Int, width: Int, into out: UnsafeMutablePointer<T>) {
        packPanels(transposed ? b + columns * ldb + rows : b + rows * ldb + columns, ld: ldb, lanesContiguous: !transposed,
                   lanes: width, depth: depth, width: GEMM.nr(T.self), into: out)
    }

    /// `op(A)[rows ..< rows + height, depth ..< depth + count]` as `count x mr` panels.
    @inlinable @inline(__always)
    static func packA<T: Real>(_ a: UnsafePointer<T>, lda: Int, transposed: Bool, rows: Int, height: Int,
                               depth: Int, count: Int, into out: UnsafeMutablePointer<T>) {
        packPanels(transposed ? a + depth * lda + rows : a + rows * lda + depth, ld: lda, lanesContiguous: transposed,
                   lanes: height, depth: count, width: mr, into: out)
    }

    /// The micro-kernel: `C[rows x cols] = alpha * Apanel * Bpanel + beta * C` over `depth`
    /// (`beta == 0`: `C` is not read), on a tile of `6 x nr` accumulators in registers: six
    /// `SIMD16<Float>` (FMA builds) or `SIMD8<T>`.
    @inlinable @inline(__always)
    static func tile<T: Real>(depth: Int, a: UnsafePointer<T>, b: UnsafePointer<T>,
                              c: UnsafeMutablePointer<T>, ldc: Int, alpha: T, beta: T, rows: Int, cols: Int) {
        if nr(T.self) == 16 {
            tile(SIMD16<T>.self, depth: depth, a: a, b: b, c: c, ldc: ldc, alpha: alpha, beta: beta, rows: rows, cols: cols)
        } else {
            tile(SIMD8<T>.self, depth: depth, a: a, b: b, c: c, ldc: ldc, alpha: alpha, beta: beta, rows: rows, cols: cols)
        }
    }

    /// `tile` on six accumulators of vector type `V` (`V.scalarCount == nr`).
    @inlinable @inline(__always)
    static func tile<V: SIMD>(_: V.Type, depth: Int, a: UnsafePointer<V.Scalar>, b: UnsafePointer<V.Scalar>,
                              c: UnsafeMutablePointer<V.Scalar>, ldc: Int, alpha: V.Scalar, beta: V.Scalar,
                              rows: Int, cols: Int) where V.Scalar: Real {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var pa = a, pb = b
        for _ in 0..<depth {
            let bv = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
            #if W2V_FMA || arch(arm64)
            c0 = c0.addingProduct(V(repeating: pa[0]), bv)
            c1 = c1.addingProduct(V(repeating: pa[1]), bv)
            c2 = c2.addingProduct(V(repeating: pa[2]), bv)
            c3 = c3.addingProduct(V(repeating: pa[3]), bv)
            c4 = c4.addingProduct(V(repeating: pa[4]), bv)
            c5 = c5.addingProduct(V(repeating: pa[5]), bv)
            #else
            c0 += V(repeating: pa[0]) * bv
            c1 += V(repeating: pa[1]) * bv
            c2 += V(repeating: pa[2]) * bv
            c3 += V(repeating: pa[3]) * bv
            c4 += V(repeating: pa[4]) * bv
            c5 += V(repeating: pa[5]) * bv
            #endif
            pa += 6
            pb += V.scalarCount
        }
        let s = V(repeating: alpha)
        if rows == 6 && cols == V.scalarCount {
            @inline(__always) func store(_ v: V, _ row: Int) {
                let p = UnsafeMutableRawPointer(c + row * ldc)
                if beta == 0 {
                    p.storeBytes(of: s * v, as: V.self)
                } else if beta == 1 {
                    p.storeBytes(of: p.loadUnaligned(as: V.self) + s * v, as: V.self)
                } else {
                    p.storeBytes(of: V(repeating: beta) * p.loadUnaligned(as: V.self) + s * v, as: V.self)
                }
            }
            store(c0, 0); store(c1, 1); store(c2, 2); store(c3, 3); store(c4, 4); store(c5, 5)
        } else {
            withUnsafeTemporaryAllocation(of: V.self, capacity: 6) { all in
                all[0] = c0; all[1] = c1; all[2] = c2; all[3] = c3; all[4] = c4; all[5] = c5
                for i in 0..<rows {
                    let v = s * all[i], row = c + i * ldc
                    for j in 0..<cols { row[j] = beta == 0 ? v[j] : beta * row[j] + v[j] }
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
/// Each thread writes a disjoint block of `c`; `a` and `b` are only read.
@usableFromInline
/// `@unchecked Sendable` on those terms: the pointers outlive `multiply`, which joins its threads.
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

/// A (rows, columns) block job handed to `GEMM.split`'s worker threads; the blocks are
/// disjoint, and each job writes only its own block of `C`.
@usableFromInline
/// `@unchecked Sendable` on those terms: the closure captures `GEMMOperands` and values only.
struct GEMMBody: @unchecked Sendable {
    @usableFromInline let body: (Range<Int>, Range<Int>) -> Void
    @inlinable init(_ body: @escaping (Range<Int>, Range<Int>) -> Void) { self.body = body }
}

/// `op(B)` packed once as whole-depth `nr`-column panels (`GEMM.nr(T.self)`: panel `j` holds
/// columns `nr j ..< nr (j+1)`, `depth x nr` row-major, the last zero-padded), shared
/// read-only by many products.
/// `@unchecked Sendable`: `panels` is filled before the value is shared and only read after, and
/// freed in `deinit`.
package final class GEMMPackedMatrix<T: Real>: @unchecked Sendable {
    /// Rows of `op(B)` (the product's `k`) and columns (its `n`).
    package let depth: Int, columns: Int
    @usableFromInline let panels: UnsafeMutablePointer<T>

    @usableFromInline init(depth: Int, columns: Int) {
        self.depth = depth
        self.columns = columns
        let nr = GEMM.nr(T.self)
        let count = max(1, depth * ((columns + nr - 1) / nr) * nr)
        panels = .allocate(capacity: count)
    }

    deinit { panels.deallocate() }
}
