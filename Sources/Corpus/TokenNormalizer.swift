/// Applies `TokenizerOptions.lowercase`, `.stripPunctuation` and `.splitPunctuation` to one
/// token (valid UTF-8). With `splitPunctuation`, each punctuation character becomes a space
/// (`separator`) in `output`, a byte no token contains, and the caller cuts the result there.
///
/// ASCII tokens go through a byte table built from the same Unicode properties (each
/// ASCII byte is its own `Character`, so the result is identical); other tokens go through
/// `String.lowercased()` and `Character.isPunctuation`. Lowercasing can lengthen a token
/// (`İ` is 2 bytes, its lowercase 3), so the result is cut again at a scalar boundary to
/// `Tokenizer.maxTokenBytes`.
struct TokenNormalizer: ~Copyable {
    let options: TokenizerOptions
    /// The normalized token after `normalize`.
    let output: UnsafeMutablePointer<UInt8>
    /// ASCII byte -> its normalized byte, `removed` when it is removed (NUL is a byte like any other).
    private let asciiMap: UnsafeMutablePointer<UInt8>

    private static let removed: UInt8 = 0xFF
    /// What a punctuation character becomes under `splitPunctuation`.
    static let separator: UInt8 = 0x20

    init(options: TokenizerOptions) {
        self.options = options
        output = .allocate(capacity: Tokenizer.maxTokenBytes)
        asciiMap = .allocate(capacity: 128)
        for byte in 0..<128 {
            let character = Character(Unicode.Scalar(UInt8(byte)))
            var mapped = UInt8(byte)
            if options.lowercase, let lower = character.lowercased().utf8.first { mapped = lower }
            if options.stripPunctuation && character.isPunctuation { mapped = Self.removed }
            if options.splitPunctuation && character.isPunctuation { mapped = Self.separator }
            asciiMap[byte] = mapped
        }
    }

    deinit {
        output.deallocate()
        asciiMap.deallocate()
    }

    /// Normalizes `bytes` into `output`; returns the new length (0: the token vanished) and
    /// whether it had to be cut to fit.
    mutating func normalize(_ bytes: UnsafePointer<UInt8>, count: Int, isASCII: Bool) -> (count: Int, truncated: Bool) {
        if isASCII {
            var n = 0
            for i in 0..<count {
                let mapped = asciiMap[Int(bytes[i])]
                if mapped != Self.removed {
                    output[n] = mapped
                    n += 1
                }
            }
            return (n, false)
        }
        var text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        if options.lowercase { text = text.lowercased() }
        if options.splitPunctuation {
            text = String(text.map { $0.isPunctuation ? " " : $0 })
        } else if options.stripPunctuation {
            text = text.filter { !$0.isPunctuation }
        }
        return text.withUTF8 { utf8 in
            let kept = Self.scalarBoundary(utf8, atMost: Tokenizer.maxTokenBytes)
            if kept > 0 { output.update(from: utf8.baseAddress!, count: kept) }
            return (kept, kept < utf8.count)
        }
    }

    /// The largest length <= `limit` that does not split a scalar of valid UTF-8 `bytes`.
    static func scalarBoundary(_ bytes: UnsafeBufferPointer<UInt8>, atMost limit: Int) -> Int {
        guard bytes.count > limit else { return bytes.count }
        var cut = limit
        while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}
