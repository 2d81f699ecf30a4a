/// A canonical Huffman code of DEFLATE (RFC 1951 section 3.2.2), built from code lengths,
/// decoded least-significant bit first as DEFLATE packs it.
///
/// Decoding is table-driven (as stb_image's zlib and zlib's inflate_fast): the next
/// `fastBits` bits index `fast`, whose entry holds the symbol and its code length; the few
/// longer codes fall back to a canonical search over at most 15 - `fastBits` lengths
/// (`slowDecode`).
///
/// - Complexity: building O(2^fastBits + symbols); decoding O(1) for codes of at most
///   `fastBits` bits.
struct HuffmanTable: ~Copyable {
    static let fastBits = 10
    static let fastMask: UInt64 = (1 << UInt64(fastBits)) - 1

    /// `fast[bits]` = symbol << 16 | length, or 0 when the code is longer than `fastBits`
    /// (or no code starts with these bits).
    let fast: UnsafeMutablePointer<UInt32>
    /// `maxCode[l]`: the first 16-bit left-aligned code value above the codes of length l.
    private var maxCode = [Int](repeating: 0, count: 17)
    private var firstCode = [Int](repeating: 0, count: 16)
    private var firstSymbol = [Int](repeating: 0, count: 16)
    /// Symbols in canonical order, and their code lengths.
    private var sortedSymbols = [UInt16](repeating: 0, count: 288)
    private var sortedLengths = [UInt8](repeating: 0, count: 288)

    init() {
        fast = .allocate(capacity: 1 << Self.fastBits)
        fast.initialize(repeating: 0, count: 1 << Self.fastBits)
    }

    deinit { fast.deallocate() }

    /// Builds the code for `lengths[symbol]` (0 = symbol unused). Incomplete codes are
    /// allowed (RFC 1951 permits a single distance code); over-subscribed ones are refused.
    /// Returns a reason on failure.
    mutating func build(_ lengths: UnsafeBufferPointer<UInt8>) -> String? {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0, k = 0
        for length in 1..<16 {
            nextCode[length] = code
            firstCode[length] = code
            firstSymbol[length] = k
            code += counts[length]
            if counts[length] != 0 && code - 1 >= 1 << length {
                return "over-subscribed Huffman code lengths"
            }
            maxCode[length] = code << (16 - length)
            code <<= 1
            k += counts[length]
        }
        maxCode[16] = 1 << 16
        fast.update(repeating: 0, count: 1 << Self.fastBits)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            let s = Int(length)
            let canonical = nextCode[s] - firstCode[s] + firstSymbol[s]
            sortedSymbols[canonical] = UInt16(symbol)
            sortedLengths[canonical] = length
            if s <= Self.fastBits {
                var j = Self.reverse(nextCode[s], bits: s)
                let entry = UInt32(symbol) << 16 | UInt32(s)
                while j < 1 << Self.fastBits {
                    fast[j] = entry
                    j += 1 << s
                }
            }
            nextCode[s] += 1
        }
        return nil
    }

    /// The low `bits` bits of `value` in reverse order.
    @inline(__always)
    static func reverse(_ value: Int, bits: Int) -> Int {
        var v = UInt16(truncatingIfNeeded: value)
        v = (v & 0xAAAA) >> 1 | (v & 0x5555) << 1
        v = (v & 0xCCCC) >> 2 | (v & 0x3333) << 2
        v = (v & 0xF0F0) >> 4 | (v & 0x0F0F) << 4
        v = (v & 0xFF00) >> 8 | (v & 0x00FF) << 8
        return Int(v) >> (16 - bits)
    }

    /// Decodes a code longer than `fastBits` from the low 16 bits of `bits`: returns
    /// symbol << 16 | length, or 0 when no code matches (an invalid stream).
    func slowDecode(_ bits: UInt64) -> UInt32 {
        let k = Self.reverse(Int(truncatingIfNeeded: bits & 0xFFFF), bits: 16)
        var s = Self.fastBits + 1
        while s < 16 && k >= maxCode[s] { s += 1 }
        guard s < 16 else { return 0 }
        let canonical = (k >> (16 - s)) - firstCode[s] + firstSymbol[s]
        guard canonical >= 0 && canonical < 288 && Int(sortedLengths[canonical]) == s else { return 0 }
        return UInt32(sortedSymbols[canonical]) << 16 | UInt32(s)
    }
}
