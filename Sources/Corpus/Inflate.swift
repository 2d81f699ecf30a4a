/// A streaming DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman
/// blocks, read from a `ByteSource` and written into a sliding output buffer that keeps the
/// 32 KiB window matches refer to. `GzipByteSource` adds the gzip framing (RFC 1952).
///
/// The hot loop (`decodeHuffman`) is zlib's `inflate_fast` idea in Swift: a 64-bit bit
/// buffer refilled eight bytes at a time (libdeflate's branchless refill), one table lookup
/// per code (`HuffmanTable`), matches copied eight bytes at a time when they do not
/// overlap. It stops between two symbols when the output buffer is nearly full, so the only
/// state carried between calls is the block being decoded.
///
/// Every malformed or truncated stream ends in `Inflater.Failure`, never a crash: each
/// read of bits checks that the bits exist, each distance is checked against the output
/// so far, each length list against its bounds.
///
/// - Complexity: O(compressed + decompressed bytes); memory O(window + output chunk +
///   input chunk), about 1.4 MiB.
final class Inflater {
    /// Why a stream was refused.
    enum Failure: Error, Equatable {
        case truncated
        case invalid(String)
    }

    static let windowSize = 32 << 10
    static let outputChunk = 1 << 20
    static let inputChunk = 256 << 10
    /// Room a match may need beyond its length (eight-byte copies) and the longest match.
    static let slack = 16, maxMatch = 258

    private let source: any ByteSource
    /// Bytes read from `source` so far.
    private(set) var consumed = 0

    // Input.
    private let input: UnsafeMutablePointer<UInt8>
    private var inPos = 8, inEnd = 8
    private var inputEnded = false
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    // Output: [0, outPos) decoded, the window being its last 32 KiB.
    let output: UnsafeMutablePointer<UInt8>
    private(set) var outPos = 0
    /// Position before which the current DEFLATE stream wrote nothing (distances may not
    /// reach before it).
    private var streamStart = 0
    private let outCapacity = windowSize + outputChunk

    // Block state.
    private enum BlockState { case header, stored(remaining: Int), huffman, done }
    private var state = BlockState.done
    private var finalBlock = false
    private var literals = HuffmanTable()
    private var distances = HuffmanTable()
    private var lengthCodes = HuffmanTable()

    init(source: any ByteSource) {
        self.source = source
        input = .allocate(capacity: Self.inputChunk + 16)
        input.initialize(repeating: 0, count: Self.inputChunk + 16)
        output = .allocate(capacity: Self.windowSize + Self.outputChunk + Self.slack + Self.maxMatch)
    }

    deinit {
        input.deallocate()
        output.deallocate()
    }

    // MARK: Input

    /// Compacts the input buffer (keeping 8 bytes of history so the bit buffer can be
    /// returned to byte alignment) and reads more. Returns false at the end of the source.
    private func fillInput() throws -> Bool {
        if inputEnded { return false }
        let keep = min(8, inPos)
        let live = inEnd - inPos + keep
        (input).update(from: input + inPos - keep, count: live)
        inPos = keep
        inEnd = live
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: input + inEnd, count: Self.inputChunk + 8 - inEnd))
        if n == 0 { inputEnded = true; return false }
        consumed += n
        inEnd += n
        return true
    }

    /// Adds whole bytes to the bit buffer until it holds at least 56 bits (at most 63) or the
    /// input ends.
    private func refillSlow() throws {
        while bitCount < 56 {
            if try atEnd() { return }
            bitBuffer |= UInt64(input[inPos]) << UInt64(bitCount)
            inPos += 1
            bitCount += 8
        }
    }

    /// The next `n` (0...32) bits, least significant first.
    func bits(_ n: Int) throws -> UInt32 {
        if bitCount < n {
            try refillSlow()
            if bitCount < n { throw Failure.truncated }
        }
        let value = UInt32(truncatingIfNeeded: bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        return value
    }

    /// Drops the bits up to the next byte boundary and gives whole buffered bytes back to
    /// the input, so that byte-level reads (`byte()`, stored blocks) start there.
    func alignToByte() {
        bitCount -= bitCount & 7
        inPos -= bitCount >> 3
        bitBuffer = 0
        bitCount = 0
    }

    /// The next byte after `alignToByte()`, or nil at the end of the input.
    func byte() throws -> UInt8? {
        if try atEnd() { return nil }
        defer { inPos += 1 }
        return input[inPos]
    }

    /// True when the input has no byte left (after `alignToByte()`).
    func atEnd() throws -> Bool {
        inPos == inEnd ? !(try fillInput()) : false
    }

    // MARK: Output

    /// Makes room for another chunk: moves the last 32 KiB to the front. Call only when the
    /// decoded bytes have been taken.
    func slideWindow() {
        guard outPos > Self.windowSize else { return }
        let shift = outPos - Self.windowSize
        output.update(from: output + shift, count: Self.windowSize)
        outPos = Self.windowSize
        streamStart = max(0, streamStart - shift)
    }

    /// Starts a new DEFLATE stream at the current input position.
    func beginStream() {
        streamStart = outPos
        state = .header
        finalBlock = false
    }

    /// True when the current stream's final block has been decoded.
    var streamFinished: Bool {
        if case .done = state { return true }
        return false
    }

    /// Decodes until the output buffer is nearly full or the stream ends.
    func decode() throws {
        let limit = outCapacity - Self.maxMatch
        while outPos < limit {
            switch state {
            case .done:
                return
            case .header:
                finalBlock = try bits(1) == 1
                switch try bits(2) {
                case 0:
                    alignToByte()
                    var header = [UInt8]()
                    for _ in 0..<4 {
                        guard let b = try byte() else { throw Failure.truncated }
                        header.append(b)
                    }
                    let length = Int(header[0]) | Int(header[1]) << 8
                    let check = Int(header[2]) | Int(header[3]) << 8
                    guard length == check ^ 0xFFFF else {
                        throw Failure.invalid("stored block length \(length) does not match its complement \(check)")
                    }
                    state = .stored(remaining: length)
                case 1:
                    _ = Self.fixedLiteralLengths.withUnsafeBufferPointer { literals.build($0) }
                    _ = Self.fixedDistanceLengths.withUnsafeBufferPointer { distances.build($0) }
                    state = .huffman
                case 2:
                    try readDynamicTables()
                    state = .huffman
                default:
                    throw Failure.invalid("invalid block type 3")
                }
            case .stored(let remaining):
                var left = remaining
                while left > 0 && outPos < limit {
                    if try atEnd() { throw Failure.truncated }
                    let n = min(left, inEnd - inPos, limit - outPos)
                    (output + outPos).update(from: input + inPos, count: n)
                    inPos += n
                    outPos += n
                    left -= n
                }
                state = left > 0 ? .stored(remaining: left) : (finalBlock ? .done : .header)
            case .huffman:
                if try decodeHuffman(limit: limit) {
                    state = finalBlock ? .done : .header
                }
            }
        }
    }

    // MARK: Huffman blocks

    static let lengthBase: [UInt16] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                       35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                       3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [UInt16] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                         257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                         8193, 12289, 16385, 24577]
    static let distanceExtra: [UInt8] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                         7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// Packed: base << 8 | extra bits, for lengths (29) then distances (30).
    private static let lengthTable: [UInt32] = zip(lengthBase, lengthExtra).map { UInt32($0) << 8 | UInt32($1) }
    private static let distanceTable: [UInt32] = zip(distanceBase, distanceExtra).map { UInt32($0) << 8 | UInt32($1) }

    /// The fixed code's lengths (RFC 1951 3.2.6).
    static let fixedLiteralLengths: [UInt8] = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }
    static let fixedDistanceLengths = [UInt8](repeating: 5, count: 30)

    /// Order in which the code-length code's lengths are stored (RFC 1951 3.2.7).
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Reads a dynamic block's code lengths and builds its two codes.
    private func readDynamicTables() throws {
        let literalCount = Int(try bits(5)) + 257
        let distanceCount = Int(try bits(5)) + 1
        let codeLengthCount = Int(try bits(4)) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw Failure.invalid("dynamic block declares \(literalCount) literal/length and \(distanceCount) distance codes (at most 286 and 30)")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[i]] = UInt8(try bits(3)) }
        if let reason = codeLengthLengths.withUnsafeBufferPointer({ lengthCodes.build($0) }) {
            throw Failure.invalid("code-length code: \(reason)")
        }
        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var i = 0
        while i < lengths.count {
            let symbol = try decodeSymbol(lengthCodes)
            switch symbol {
            case 0...15:
                lengths[i] = UInt8(symbol)
                i += 1
            case 16:
                guard i > 0 else { throw Failure.invalid("repeat code 16 with no previous length") }
                let n = 3 + Int(try bits(2))
                guard i + n <= lengths.count else { throw Failure.invalid("code lengths overflow the declared count") }
                for _ in 0..<n { lengths[i] = lengths[i - 1]; i += 1 }
            case 17, 18:
                let n = symbol == 17 ? 3 + Int(try bits(3)) : 11 + Int(try bits(7))
                guard i + n <= lengths.count else { throw Failure.invalid("code lengths overflow the declared count") }
                i += n
            default:
                throw Failure.invalid("invalid code-length symbol \(symbol)")
            }
        }
        guard lengths[256] != 0 else { throw Failure.invalid("the end-of-block code has no length") }
        try lengths.withUnsafeBufferPointer { all in
            if let reason = literals.build(UnsafeBufferPointer(rebasing: all[0..<literalCount])) {
                throw Failure.invalid("literal/length code: \(reason)")
            }
            if let reason = distances.build(UnsafeBufferPointer(rebasing: all[literalCount...])) {
                throw Failure.invalid("distance code: \(reason)")
            }
        }
    }

    /// One symbol of `table`, with every bit checked (headers; not the hot loop).
    private func decodeSymbol(_ table: borrowing HuffmanTable) throws -> Int {
        if bitCount < 16 { try refillSlow() }
        var entry = table.fast[Int(bitBuffer & HuffmanTable.fastMask)]
        if entry == 0 { entry = table.slowDecode(bitBuffer) }
        guard entry != 0 else { throw bitCount < 16 ? Failure.truncated : Failure.invalid("invalid Huffman code") }
        let length = Int(entry & 0xFF)
        guard length <= bitCount else { throw Failure.truncated }
        bitBuffer >>= UInt64(length)
        bitCount -= length
        return Int(entry >> 16)
    }

    /// One symbol through `fast` (the table's lookup) or the table's slow search, with the
    /// length checked against the bits present.
    @inline(__always)
    private static func decode(_ fast: UnsafeMutablePointer<UInt32>, _ table: borrowing HuffmanTable,
                               _ bb: inout UInt64, _ bc: inout Int, _ what: StaticString) throws -> Int {
        var entry = fast[Int(bb & HuffmanTable.fastMask)]
        if entry == 0 {
            entry = table.slowDecode(bb)
            if entry == 0 { throw bc < 16 ? Failure.truncated : Failure.invalid("invalid \(what) code") }
        }
        let length = Int(entry & 0xFF)
        if length > bc { throw Failure.truncated }
        bb >>= UInt64(length)
        bc -= length
        return Int(entry >> 16)
    }

    /// A length or distance: the packed base plus its extra bits.
    @inline(__always)
    private static func extra(_ code: UInt32, _ bb: inout UInt64, _ bc: inout Int) throws -> Int {
        let n = Int(code & 0xFF)
        if n > bc { throw Failure.truncated }
        let value = Int(code >> 8) + Int(bb & ((1 << UInt64(n)) - 1))
        bb >>= UInt64(n)
        bc -= n
        return value
    }

    /// Decodes literal/length and distance codes until the end-of-block code (returns true)
    /// or until the output reaches `limit` (returns false; call again after sliding).
    private func decodeHuffman(limit: Int) throws -> Bool {
        var bb = bitBuffer, bc = bitCount
        var ip = inPos
        var op = outPos
        defer {
            bitBuffer = bb
            bitCount = bc
            inPos = ip
            outPos = op
        }
        let out = output
        let inp = input
        let litFast = literals.fast, distFast = distances.fast
        let floor = streamStart
        return try Self.lengthTable.withUnsafeBufferPointer { lengthTable in
            try Self.distanceTable.withUnsafeBufferPointer { distanceTable in
                while op < limit {
                    // Refill: at least 56 bits after this unless the input is nearly done.
                    if inEnd - ip >= 8 {
                        bb |= UInt64(littleEndian: UnsafeRawPointer(inp + ip).loadUnaligned(as: UInt64.self)) << UInt64(bc)
                        ip += (63 - bc) >> 3
                        bc |= 56
                    } else {
                        (bitBuffer, bitCount, inPos) = (bb, bc, ip)
                        try refillSlow()
                        (bb, bc, ip) = (bitBuffer, bitCount, inPos)
                    }
                    let symbol = try Self.decode(litFast, literals, &bb, &bc, "literal/length")
                    if symbol < 256 {
                        out[op] = UInt8(truncatingIfNeeded: symbol)
                        op += 1
                        // A second literal without a refill when the bits are there.
                        if bc >= 15 {
                            let next = litFast[Int(bb & HuffmanTable.fastMask)]
                            if next != 0 && next >> 16 < 256 {
                                let n = Int(next & 0xFF)
                                bb >>= UInt64(n)
                                bc -= n
                                out[op] = UInt8(truncatingIfNeeded: next >> 16)
                                op += 1
                            }
                        }
                        continue
                    }
                    if symbol == 256 { return true }
                    guard symbol <= 285 else { throw Failure.invalid("invalid length symbol \(symbol)") }
                    let length = try Self.extra(lengthTable[symbol - 257], &bb, &bc)

                    if bc < 28 {
                        (bitBuffer, bitCount, inPos) = (bb, bc, ip)
                        try refillSlow()
                        (bb, bc, ip) = (bitBuffer, bitCount, inPos)
                    }
                    let dSymbol = try Self.decode(distFast, distances, &bb, &bc, "distance")
                    guard dSymbol < 30 else { throw Failure.invalid("invalid distance symbol \(dSymbol)") }
                    let distance = try Self.extra(distanceTable[dSymbol], &bb, &bc)
                    guard distance <= op - floor else {
                        throw Failure.invalid("a match refers \(distance) bytes back, before the start of the data")
                    }
                    var src = out + op - distance
                    var dst = out + op
                    op += length
                    if distance >= 8 {
                        var n = length
                        while true {
                            UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: UInt64.self), as: UInt64.self)
                            if n <= 8 { break }
                            src += 8
                            dst += 8
                            n -= 8
                        }
                    } else if distance == 1 {
                        dst.update(repeating: src.pointee, count: length)
                    } else {
                        for i in 0..<length { dst[i] = src[i] }
                    }
                }
                return false
            }
        }
    }
}
