/// Assembles one token from raw bytes that may arrive in several pieces (a token that
/// crosses a read-chunk boundary, or one longer than the fast path takes), repairing
/// invalid UTF-8 and truncating on the way, in bounded memory.
///
/// Repair policy: each maximal invalid subsequence becomes U+FFFD, the "substitution of
/// maximal subparts" practice of the Unicode Standard (ch. 3, U+FFFD substitution) that
/// `String(decoding:as: UTF8.self)` follows. Because ASCII whitespace can never be part of
/// a multi-byte sequence, repairing token by token gives the same text, and the same count,
/// as decoding the whole file at once.
///
/// Truncation: output stops at the last whole scalar that fits in `Tokenizer.maxTokenBytes`
/// bytes; the rest of the token is still validated (its replacements are counted) but not kept.
struct TokenBuilder: ~Copyable {
    /// The token so far: valid UTF-8, `count` bytes.
    let buffer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    /// True when bytes were dropped to stay within `Tokenizer.maxTokenBytes`.
    private(set) var truncated = false
    /// True while every byte fed was ASCII.
    private(set) var isASCII = true
    /// Replacements made since this builder was created (all tokens).
    private(set) var replacements = 0

    // A multi-byte sequence in progress: its bytes so far (first byte lowest), how many
    // there are, how many continuation bytes are still needed, and the range the next one
    // must fall in (narrower after E0, ED, F0 and F4, which exclude overlong forms,
    // surrogates and values above U+10FFFF).
    private var sequence: UInt32 = 0
    private var sequenceLength = 0
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    init() {
        buffer = .allocate(capacity: Tokenizer.maxTokenBytes)
    }

    deinit { buffer.deallocate() }

    /// Starts a new token.
    mutating func start() {
        count = 0
        truncated = false
        isASCII = true
        needed = 0
    }

    /// Feeds the next raw bytes of the token (no ASCII whitespace among them).
    mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        var i = 0
        while i < n {
            let byte = bytes[i]
            if needed > 0 {
                if byte >= lower && byte <= upper {
                    sequence |= UInt32(byte) << UInt32(8 * sequenceLength)
                    sequenceLength += 1
                    needed -= 1
                    lower = 0x80
                    upper = 0xBF
                    if needed == 0 { put(sequence, length: sequenceLength) }
                    i += 1
                    continue
                }
                // The sequence so far is a maximal invalid subpart; `byte` starts afresh.
                needed = 0
                replace()
                continue
            }
            i += 1
            if byte < 0x80 {
                put(UInt32(byte), length: 1)
                continue
            }
            isASCII = false
            switch byte {
            case 0xC2...0xDF: begin(byte, needed: 1, lower: 0x80, upper: 0xBF)
            case 0xE0: begin(byte, needed: 2, lower: 0xA0, upper: 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: begin(byte, needed: 2, lower: 0x80, upper: 0xBF)
            case 0xED: begin(byte, needed: 2, lower: 0x80, upper: 0x9F)
            case 0xF0: begin(byte, needed: 3, lower: 0x90, upper: 0xBF)
            case 0xF1...0xF3: begin(byte, needed: 3, lower: 0x80, upper: 0xBF)
            case 0xF4: begin(byte, needed: 3, lower: 0x80, upper: 0x8F)
            default: replace() // a stray continuation byte, C0, C1 or F5...FF
            }
        }
    }

    /// Ends the token: a sequence still incomplete is replaced.
    mutating func finish() {
        if needed > 0 {
            needed = 0
            replace()
        }
    }

    private mutating func begin(_ byte: UInt8, needed: Int, lower: UInt8, upper: UInt8) {
        sequence = UInt32(byte)
        sequenceLength = 1
        self.needed = needed
        self.lower = lower
        self.upper = upper
    }

    private mutating func replace() {
        replacements += 1
        isASCII = false
        put(0xBD_BF_EF, length: 3) // U+FFFD is EF BF BD
    }

    /// Appends one scalar's bytes (first byte lowest in `packed`), unless the token is full.
    @inline(__always)
    private mutating func put(_ packed: UInt32, length: Int) {
        guard !truncated else { return }
        guard count + length <= Tokenizer.maxTokenBytes else {
            truncated = true
            return
        }
        var packed = packed
        for _ in 0..<length {
            buffer[count] = UInt8(truncatingIfNeeded: packed)
            packed >>= 8
            count += 1
        }
    }
}
