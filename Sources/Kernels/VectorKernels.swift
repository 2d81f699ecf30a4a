/// The one set of SIMD kernels of the package (issue 9 merged the trainer's, the queries' and the
/// recurrent layers' copies here): every routine is `@inlinable` with `package` access, so the
/// hot loops of SkipGram, Embeddings and Recurrent inline them across the module boundary and
/// are compiled with the caller's flags; each has the plain scalar loop it must agree with beside
/// it, which `KernelsTests` compares on random data.
///
/// The trainer's kernels (`dot(_:_:count:)`, `axpy`, `combine`) come each with the plain scalar loop it must agree with
/// (`dotReference`, `combineReference`), which the tests compare on random data.
///
/// Their lengths are multiples of 16 (rows are padded by `SharedMatrix`), so there is no tail loop.
/// The accumulators use `acc += x * y`, never `addProduct`: `addProduct` promises a fused
/// multiply-add, which the baseline x86-64 target lacks, and becomes a call to a software
/// `fmaf` per lane (20x slower, measured in DESIGN.md). With `W2V_NATIVE=1` the compiler
/// fuses `acc += x * y` into FMA instructions by itself.
package enum VectorKernels {
    package typealias Chunk = SIMD16<Float>

    @inlinable @inline(__always)
    package static func load(_ p: UnsafePointer<Float>) -> Chunk {
        UnsafeRawPointer(p).loadUnaligned(as: Chunk.self)
    }

    @inlinable @inline(__always)
    package static func store(_ v: Chunk, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Chunk.self)
    }

    /// Asks the CPU to start loading `count` floats at `p` into cache (x86 `prefetcht0`), so a
    /// row needed by the next window arrives while this one is computed. Swift has no public
    /// prefetch API; this binds LLVM's `llvm.prefetch` intrinsic by name, which the compiler
    /// lowers to the instruction (or to nothing on a target without one). A hint only: it
    /// never faults and changes no value.
    @inlinable @inline(__always)
    package static func prefetch(_ p: UnsafePointer<Float>, count: Int) {
        var offset = 0
        while offset < count {
            llvmPrefetch(UnsafeRawPointer(p + offset), 0, 3, 1)
            offset &+= 16
        }
    }

    /// `sum(a[i] * b[i])` for `i < count`; `count` a multiple of 16.
    /// - Complexity: O(count), two independent accumulators.
    @inlinable @inline(__always)
    package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = Chunk()
        var acc1 = Chunk()
        var i = 0
        while i &+ 32 <= count {
            acc0 += load(a + i) * load(b + i)
            acc1 += load(a + (i &+ 16)) * load(b + (i &+ 16))
            i &+= 32
        }
        if i < count { acc0 += load(a + i) * load(b + i) }
        return (acc0 + acc1).sum()
    }

    /// Scalar reference for `dot`.
    @inlinable package static func dotReference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum: Float = 0
        for i in 0..<count { sum += a[i] * b[i] }
        return sum
    }

    /// `y += alpha * x` over `count` floats (a multiple of 16).
    @inlinable @inline(__always)
    package static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let a = Chunk(repeating: alpha)
        var i = 0
        while i < count {
            store(load(y + i) + a * load(x + i), y + i)
            i &+= 16
        }
    }

    /// Scalar reference for `axpy`.
    @inlinable package static func axpyReference(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// A small matrix product, one output row: `destination (+)= sum_j coefficients[j * coefficientStride] * rows[j]`,
    /// over `count` floats (a multiple of 16). With `accumulate == false` the destination is overwritten.
    /// Each 16-float chunk of the destination is loaded and stored once, so the `rows.count`
    /// source rows (a window's worth, L1-resident) are streamed through registers.
    /// - Complexity: O(rowCount x count).
    @inlinable @inline(__always)
    package static func combine(into destination: UnsafeMutablePointer<Float>, accumulate: Bool,
                               coefficients: UnsafePointer<Float>, coefficientStride: Int,
                               rows: UnsafePointer<UnsafeMutablePointer<Float>>, rowCount: Int, count: Int) {
        var i = 0
        while i < count {
            var acc = accumulate ? load(destination + i) : Chunk()
            for j in 0..<rowCount {
                acc += Chunk(repeating: coefficients[j &* coefficientStride]) * load(rows[j] + i)
            }
            store(acc, destination + i)
            i &+= 16
        }
    }

    /// Scalar reference for `combine`.
    @inlinable package static func combineReference(into destination: UnsafeMutablePointer<Float>, accumulate: Bool,
                                        coefficients: UnsafePointer<Float>, coefficientStride: Int,
                                        rows: UnsafePointer<UnsafeMutablePointer<Float>>, rowCount: Int, count: Int) {
        for i in 0..<count {
            var sum: Float = accumulate ? destination[i] : 0
            for j in 0..<rowCount { sum += coefficients[j * coefficientStride] * rows[j][i] }
            destination[i] = sum
        }
    }
}

/// LLVM's prefetch intrinsic: (address, 0 = read, locality 3 = keep in all levels, 1 = data cache).
@usableFromInline @_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)
