/// The dense linear algebra of the per-sentence recurrent layers, generic over `Real` (`Float`
/// for training, `Double` for gradient checks): dot products and AXPYs over contiguous
/// rows, with explicit `SIMD8` accumulators (`acc += x * y`, never `addProduct`, which does
/// not vectorise on the default x86-64 target). Matrices are row-major.
///
/// Every routine is `@inlinable`, so it is specialised for `Float` and `Double` in the caller;
/// callers pass raw pointers so the loops carry no bounds checks or copy-on-write checks.
package enum RealKernels {
    /// `x . y` over `count` elements.
    /// - Complexity: O(count).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable @inline(__always)
    package static func dot<T: Real>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ count: Int) -> T {
        var acc0 = SIMD8<T>()
        var acc1 = SIMD8<T>()
        var k = 0
        while k + 16 <= count {
            acc0 += load8(x + k) * load8(y + k)
            acc1 += load8(x + k + 8) * load8(y + k + 8)
            k += 16
        }
        if k + 8 <= count {
            acc0 += load8(x + k) * load8(y + k)
            k += 8
        }
        var sum = (acc0 + acc1).sum()
        while k < count {
            sum += x[k] * y[k]
            k += 1
        }
        return sum
    }

    /// `y += a * x` over `count` elements.
    /// - Complexity: O(count).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inlinable @inline(__always)
    package static func axpy<T: Real>(_ a: T, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ count: Int) {
        let a8 = SIMD8<T>(repeating: a)
        var k = 0
        while k + 8 <= count {
            store8(load8(y + k) + a8 * load8(x + k), y + k)
            k += 8
        }
        while k < count {
            y[k] += a * x[k]
            k += 1
        }
    }

    /// `y += M x` for an `rows x cols` matrix `M`.
    /// - Complexity: O(rows x cols).
    @inlinable package static func multiplyAdd<T: Real>(_ m: UnsafePointer<T>, rows: Int, cols: Int,
                                     _ x: UnsafePointer<T>, into y: UnsafeMutablePointer<T>) {
        for i in 0..<rows { y[i] += dot(m + i * cols, x, cols) }
    }

    /// `x += M^T y` for an `rows x cols` matrix `M` (the input gradient of `M x`).
    /// - Complexity: O(rows x cols).
    @inlinable package static func transposeMultiplyAdd<T: Real>(_ m: UnsafePointer<T>, rows: Int, cols: Int,
                                              _ y: UnsafePointer<T>, into x: UnsafeMutablePointer<T>) {
        for i in 0..<rows where y[i] != 0 { axpy(y[i], m + i * cols, x, cols) }
    }

    /// `M += y x^T` for an `rows x cols` matrix `M` (the weight gradient of `M x`).
    /// - Complexity: O(rows x cols).
    @inlinable package static func outerAdd<T: Real>(_ y: UnsafePointer<T>, _ x: UnsafePointer<T>,
                                  into m: UnsafeMutablePointer<T>, rows: Int, cols: Int) {
        for i in 0..<rows where y[i] != 0 { axpy(y[i], x, m + i * cols, cols) }
    }

    @inlinable @inline(__always)
    package static func load8<T: Real>(_ p: UnsafePointer<T>) -> SIMD8<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
    }

    @inlinable @inline(__always)
    package static func store8<T: Real>(_ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<T>.self)
    }
}
