/// A byte-level parser for decimal floating-point numbers such as `-0.123456`, `1.2345678e-05`,
/// `.5` or `3.` (the forms word2vec.c, gensim, GloVe and fastText write), returning the
/// correctly rounded `Float`, the same value as `Float(String)`.
///
/// Fast path (Clinger 1990): up to 19 significant digits are gathered into a `UInt64`; when the
/// mantissa fits in 53 bits and the decimal exponent is within ±22, `Double(m) * 10^e` (or `/`)
/// is one correctly rounded operation on exact operands. Rounding that `Double` to `Float` is
/// correct unless the `Double` lies exactly half-way between two floats (double rounding), which
/// is detected; that case, long mantissas and large exponents fall back to `Float(String)`.
enum DecimalFloatParser {
    /// Exact powers of ten representable in a `Double`.
    private static let powersOfTen: [Double] = (0...22).map { e in
        var value = 1.0
        for _ in 0..<e { value *= 10 }
        return value
    }

    /// Parses a number starting at `bytes[start]`. The caller guarantees that a byte which
    /// cannot continue a number (a space, a newline...) follows somewhere before the buffer ends.
    /// - Returns: the value (possibly infinite when it overflows `Float`) and the index of the
    ///   first byte after it, or nil when no number starts there (including `nan`, `inf`).
    @inline(__always)
    static func parse(_ bytes: UnsafePointer<UInt8>, at start: Int) -> (value: Float, end: Int)? {
        var i = start
        var c = bytes[i]
        var negative = false
        if c == UInt8(ascii: "-") {
            negative = true
            i += 1
            c = bytes[i]
        } else if c == UInt8(ascii: "+") {
            i += 1
            c = bytes[i]
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var dropped = false
        while c &- 48 < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(c &- 48)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if c != 48 { dropped = true }
            }
            digits += 1
            i += 1
            c = bytes[i]
        }
        if c == UInt8(ascii: ".") {
            i += 1
            c = bytes[i]
            while c &- 48 < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(c &- 48)
                    exponent -= 1
                    if mantissa != 0 { significant += 1 }
                } else if c != 48 {
                    dropped = true
                }
                digits += 1
                i += 1
                c = bytes[i]
            }
        }
        guard digits > 0 else { return nil }
        if c | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var e = bytes[j]
            var exponentNegative = false
            if e == UInt8(ascii: "-") {
                exponentNegative = true
                j += 1
                e = bytes[j]
            } else if e == UInt8(ascii: "+") {
                j += 1
                e = bytes[j]
            }
            guard e &- 48 < 10 else { return nil }
            var value = 0
            while e &- 48 < 10 {
                if value < 100_000 { value = value * 10 + Int(e &- 48) }
                j += 1
                e = bytes[j]
            }
            exponent += exponentNegative ? -value : value
            i = j
        }
        if mantissa == 0 && !dropped { return (negative ? -0.0 : 0.0, i) }
        if !dropped && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var d = Double(mantissa)
            d = exponent < 0 ? d / powersOfTen[-exponent] : d * powersOfTen[exponent]
            // A Double exactly half-way between two Floats may have been rounded onto that
            // midpoint from either side: only then can Double -> Float differ from direct rounding.
            if d.bitPattern & 0x1FFF_FFFF != 0x1000_0000 {
                let f = Float(d)
                return (negative ? -f : f, i)
            }
        }
        return slowParse(bytes, from: start, to: i)
    }

    /// `Float(String)` (correctly rounded) on the bytes of one token.
    private static func slowParse(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Float, end: Int)? {
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
        guard let value = Float(text) else { return nil }
        return (value, end)
    }

    /// Parses a whole string (tests and small inputs): nil unless all of `text` is one number.
    static func parse(_ text: String) -> Float? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let (value, end) = parse(buffer.baseAddress!, at: 0), end == buffer.count - 1 else { return nil }
            return value
        }
    }
}
