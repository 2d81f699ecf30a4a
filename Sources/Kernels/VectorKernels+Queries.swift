/// The queries' kernels: dot products over `Float` rows of any length, and the padded scans
/// over a row-major matrix (zero-padded, aligned queries; bfloat16 rows).
///
/// The accumulators use `acc += x * y` rather than `addProduct`: without `-target-cpu` (the
/// default x86-64 build) `addProduct` becomes a libm `fmaf` call per lane, about 20x slower.
/// Every kernel has a scalar twin (`scalarDot`) that tests compare against.
extension VectorKernels {
    /// `sum(a[i] * b[i])` for `i < n`, in SIMD16/SIMD8 chunks plus a scalar tail.
    /// Unaligned loads: rows of a row-major matrix start anywhere.
    @inlinable @inline(__always)
    package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc16 = SIMD16<Float>()
        var k = 0
        while k + 16 <= n {
            acc16 += ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD16<Float>.self)
            k += 16
        }
        var acc8 = acc16.lowHalf + acc16.highHalf
        if k + 8 <= n {
            acc8 += ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            k += 8
        }
        let acc4 = acc8.lowHalf + acc8.highHalf
        var sum = (acc4[0] + acc4[2]) + (acc4[1] + acc4[3])
        while k < n {
            sum += a[k] * b[k]
            k += 1
        }
        return sum
    }

    // MARK: Padded kernels
    //
    // Scans over a row-major matrix read every row in whole SIMD8 chunks, `chunks = ceil(d / 8)`:
    // the query is stored zero-padded to `8 x chunks` values, so the few values read past the
    // end of a row (the start of the next row) are multiplied by zero. No scalar tail per row.
    // Only the matrix's last rows, whose over-read would leave the buffer, go through a padded copy.

    /// `query` zero-padded to a multiple of 8 values.
    @inlinable package static func padded(_ query: [Float]) -> [Float] {
        query + [Float](repeating: 0, count: (query.count + 7) / 8 * 8 - query.count)
    }

    @inlinable @inline(__always)
    package static func load8(_ p: UnsafeRawPointer, _ chunk: Int) -> SIMD8<Float> {
        p.loadUnaligned(fromByteOffset: chunk * 32, as: SIMD8<Float>.self)
    }

    /// Zero-padded queries in 32-byte aligned memory: aligned loads let the compiler fold the
    /// query operand into `mulps` (legacy SSE only folds aligned memory operands), saving a
    /// load per chunk in the scan's inner loop.
    @inlinable package static func withAlignedQueries<R>(_ queries: [[Float]], _ body: (UnsafePointer<Float>, Int) throws -> R) rethrows -> R {
        let chunks = ((queries.first?.count ?? 0) + 7) / 8
        let count = queries.count * chunks * 8
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 8) * 4, alignment: 32)
        defer { raw.deallocate() }
        let floats = raw.bindMemory(to: Float.self, capacity: Swift.max(count, 8))
        floats.initialize(repeating: 0, count: Swift.max(count, 8))
        for (q, query) in queries.enumerated() {
            for (j, value) in query.enumerated() { floats[q * chunks * 8 + j] = value }
        }
        return try body(UnsafePointer(floats), chunks)
    }

    @inlinable @inline(__always)
    package static func loadAligned8(_ p: UnsafeRawPointer, _ chunk: Int) -> SIMD8<Float> {
        p.load(fromByteOffset: chunk * 32, as: SIMD8<Float>.self)
    }

    /// Dot product of a row with a zero-padded query (32-byte aligned, see `withAlignedQueries`),
    /// over `chunks` SIMD8 chunks.
    @inlinable @inline(__always)
    package static func paddedDot(_ row: UnsafePointer<Float>, _ query: UnsafePointer<Float>, chunks: Int) -> Float {
        let r = UnsafeRawPointer(row), q = UnsafeRawPointer(query)
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var c = 0
        while c + 2 <= chunks {
            acc0 += load8(r, c) * loadAligned8(q, c)
            acc1 += load8(r, c + 1) * loadAligned8(q, c + 1)
            c += 2
        }
        if c < chunks { acc0 += load8(r, c) * loadAligned8(q, c) }
        return horizontalSum(acc0 + acc1)
    }

    /// Dot product of a bfloat16 row (the top 16 bits of each float) with a zero-padded aligned
    /// query: each half is widened to a float by a 16-bit shift (see `NeighbourIndex`).
    @inlinable @inline(__always)
    package static func bfloat16Dot(_ row: UnsafePointer<UInt16>, _ query: UnsafePointer<Float>, chunks: Int) -> Float {
        let r = UnsafeRawPointer(row), q = UnsafeRawPointer(query)
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var c = 0
        while c + 2 <= chunks {
            let h0 = r.loadUnaligned(fromByteOffset: c * 16, as: SIMD8<UInt16>.self)
            let h1 = r.loadUnaligned(fromByteOffset: c * 16 + 16, as: SIMD8<UInt16>.self)
            acc0 += unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: h0) &<< 16, to: SIMD8<Float>.self) * loadAligned8(q, c)
            acc1 += unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: h1) &<< 16, to: SIMD8<Float>.self) * loadAligned8(q, c + 1)
            c += 2
        }
        if c < chunks {
            let h = r.loadUnaligned(fromByteOffset: c * 16, as: SIMD8<UInt16>.self)
            acc0 += unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: h) &<< 16, to: SIMD8<Float>.self) * loadAligned8(q, c)
        }
        return horizontalSum(acc0 + acc1)
    }

    /// Dot products of a row with three zero-padded queries stored back to back
    /// (32-byte aligned, see `withAlignedQueries`).
    @inlinable @inline(__always)
    package static func paddedDot3(_ row: UnsafePointer<Float>, _ queries: UnsafePointer<Float>, chunks: Int) -> SIMD4<Float> {
        let r = UnsafeRawPointer(row)
        let qa = UnsafeRawPointer(queries), qb = qa + chunks * 32, qc = qb + chunks * 32
        var sa = SIMD8<Float>(), sb = SIMD8<Float>(), sc = SIMD8<Float>()
        for c in 0..<chunks {
            let v = load8(r, c)
            sa += v * loadAligned8(qa, c)
            sb += v * loadAligned8(qb, c)
            sc += v * loadAligned8(qc, c)
        }
        return SIMD4(horizontalSum(sa), horizontalSum(sb), horizontalSum(sc), 0)
    }

    /// Dot products of a row with four zero-padded queries stored back to back
    /// (32-byte aligned, see `withAlignedQueries`).
    @inlinable @inline(__always)
    package static func paddedDot4(_ row: UnsafePointer<Float>, _ queries: UnsafePointer<Float>, chunks: Int) -> SIMD4<Float> {
        let r = UnsafeRawPointer(row)
        let q0 = UnsafeRawPointer(queries), q1 = q0 + chunks * 32, q2 = q1 + chunks * 32, q3 = q2 + chunks * 32
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        for c in 0..<chunks {
            let v = load8(r, c)
            s0 += v * loadAligned8(q0, c)
            s1 += v * loadAligned8(q1, c)
            s2 += v * loadAligned8(q2, c)
            s3 += v * loadAligned8(q3, c)
        }
        return SIMD4(horizontalSum(s0), horizontalSum(s1), horizontalSum(s2), horizontalSum(s3))
    }

    @inlinable @inline(__always)
    package static func horizontalSum(_ v: SIMD8<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        return (h[0] + h[2]) + (h[1] + h[3])
    }

    /// Reference: the plain loop, summed in `Double`.
    @inlinable package static func scalarDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var sum = 0.0
        for k in 0..<n { sum += Double(a[k]) * Double(b[k]) }
        return Float(sum)
    }

    /// `v / |v|` (a zero vector stays zero), computed in `Double`.
    @inlinable package static func normalized(_ v: [Float]) -> [Float] {
        var unit = v
        v.withUnsafeBufferPointer { source in
            unit.withUnsafeMutableBufferPointer { _ = normalize(source.baseAddress!, into: $0.baseAddress!, count: v.count) }
        }
        return unit
    }

    /// Writes `source / |source|` to `target` (a copy of a zero row) and returns `|source|`.
    /// The squares are summed in `Double`: every finite `Float` squared is a normal `Double`
    /// (1e19^2 overflows `Float`, 1e-23^2 underflows it), so the cosine of any two finite
    /// rows is right, as gensim's `KeyedVectors.fill_norms` gets in float64.
    /// - Complexity: O(count).
    @inlinable @discardableResult
    package static func normalize(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var sum = 0.0
        for k in 0..<count { sum += Double(source[k]) * Double(source[k]) }
        let norm = sum.squareRoot()
        guard norm > 0 else {
            if target != UnsafeMutablePointer(mutating: source) { target.update(from: source, count: count) }
            return 0
        }
        let inverse = 1 / norm
        for k in 0..<count { target[k] = Float(Double(source[k]) * inverse) }
        return Float(norm)
    }
}
