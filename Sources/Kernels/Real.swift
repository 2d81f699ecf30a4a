/// The scalar type of a network: `Float` for training speed, `Double` for the gradient
/// checks (central finite differences need the extra precision to resolve a relative
/// error below 1e-6).
///
/// Hot generic code is `@inlinable` or carries `@_specialize(where T == Float)` and `(where T == Double)`,
/// so it runs specialised even when the caller is compiled without optimisation.
public protocol Real: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
}

extension Float: Real {
    @inlinable @inline(__always) public static func exp(_ x: Float) -> Float { LibC.exp(x) }
    @inlinable @inline(__always) public static func log(_ x: Float) -> Float { LibC.log(x) }
    @inlinable @inline(__always) public static func tanh(_ x: Float) -> Float { LibC.tanh(x) }
}

extension Double: Real {
    @inlinable @inline(__always) public static func exp(_ x: Double) -> Double { LibC.exp(x) }
    @inlinable @inline(__always) public static func log(_ x: Double) -> Double { LibC.log(x) }
    @inlinable @inline(__always) public static func tanh(_ x: Double) -> Double { LibC.tanh(x) }
}

extension Real {
    /// The logistic function 1 / (1 + e^-x), computed without overflow for large |x|.
    @inlinable @inline(__always) package static func sigmoid(_ x: Self) -> Self {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }
}
