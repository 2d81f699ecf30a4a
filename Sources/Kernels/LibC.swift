#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The C library functions whose plain names are shadowed where the sources call them: inside
/// `Real`'s `static func exp`, an unqualified `exp(x)` is the method itself, and inside a type
/// with its own `read` or `write` method, `write(fd, ...)` is that method. Spelling the C one as
/// `Glibc.exp` compiles on Linux only (macOS's module is `Darwin`, the static Linux SDK's is
/// `Musl`), so every such call goes through this namespace instead, as swift-numerics routes
/// its math through `_NumericsShims`. This file is the one place that names a platform's C
/// module; `.ci/run` fails on a `Glibc.`-qualified call anywhere else.
///
/// The math functions are `@inlinable` (they sit in the activation loops) and compile to the
/// same call as before; `read`/`write` are the POSIX system calls, returning the byte count or
/// -1 with `errno` set.
public enum LibC {
    @inlinable @inline(__always) public static func exp(_ x: Float) -> Float { cExp(x) }
    @inlinable @inline(__always) public static func log(_ x: Float) -> Float { cLog(x) }
    @inlinable @inline(__always) public static func tanh(_ x: Float) -> Float { cTanh(x) }
    @inlinable @inline(__always) public static func exp(_ x: Double) -> Double { cExp(x) }
    @inlinable @inline(__always) public static func log(_ x: Double) -> Double { cLog(x) }
    @inlinable @inline(__always) public static func tanh(_ x: Double) -> Double { cTanh(x) }

    /// POSIX `read(2)`: up to `count` bytes from `fd` into `buffer`.
    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        cRead(fd, buffer, count)
    }

    /// POSIX `write(2)`: up to `count` bytes of `buffer` to `fd`.
    public static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        cWrite(fd, buffer, count)
    }
}

// At file scope nothing shadows the C names, so these resolve to the imported module's functions.
@usableFromInline @inline(__always) func cExp(_ x: Float) -> Float { expf(x) }
@usableFromInline @inline(__always) func cLog(_ x: Float) -> Float { logf(x) }
@usableFromInline @inline(__always) func cTanh(_ x: Float) -> Float { tanhf(x) }
@usableFromInline @inline(__always) func cExp(_ x: Double) -> Double { exp(x) }
@usableFromInline @inline(__always) func cLog(_ x: Double) -> Double { log(x) }
@usableFromInline @inline(__always) func cTanh(_ x: Double) -> Double { tanh(x) }
private func cRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
private func cWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
