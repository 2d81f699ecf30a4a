/// Receives what `TokenScanner` finds, in order.
protocol TokenSink: ~Copyable {
    /// One token: valid UTF-8, 1...`Tokenizer.maxTokenBytes` bytes. The memory is valid
    /// only during the call.
    mutating func token(_ bytes: UnsafePointer<UInt8>, count: Int)
    /// A newline byte (empty lines included), and once more after the last byte.
    mutating func lineEnd()
}

/// The tokenizer proper, over a stream of byte chunks: splits on ASCII whitespace (space,
/// \t, \n, \v, \f, \r, so CRLF files work), reports each \n as a line end, and hands tokens
/// to a `TokenSink`. A token may span chunks.
///
/// The fast path, an all-ASCII token inside one chunk and at most `Tokenizer.maxTokenBytes`
/// long, hands the sink a pointer into the chunk: no copy, no `String`. Anything else goes
/// through `TokenBuilder` (UTF-8 repair, truncation) and, when options are set,
/// `TokenNormalizer`. NUL and other control bytes are ordinary token bytes.
///
/// - Complexity: O(bytes); memory O(`Tokenizer.maxTokenBytes`) whatever the input.
struct TokenScanner: ~Copyable {
    private var builder = TokenBuilder()
    private var normalizer: TokenNormalizer
    private let identity: Bool
    private let splits: Bool
    /// A token is in `builder`, waiting for the next chunk.
    private var inToken = false
    private var lastByte: UInt8 = 0

    private(set) var bytesRead = 0
    private(set) var newlines = 0
    private(set) var tokens = 0
    private(set) var truncatedTokens = 0
    var replacements: Int { builder.replacements }
    /// Lines, counting a last line that lacks its newline.
    var lines: Int { newlines + (bytesRead > 0 && lastByte != 10 ? 1 : 0) }

    init(options: TokenizerOptions) {
        normalizer = TokenNormalizer(options: options)
        identity = options.isIdentity
        splits = options.splitPunctuation
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte <= 32 && (byte == 32 || (byte >= 9 && byte <= 13))
    }

    /// Scans the next chunk of the stream.
    mutating func feed<Sink: TokenSink & ~Copyable>(_ chunk: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        let n = chunk.count
        guard n > 0, let p = chunk.baseAddress else { return }
        bytesRead += n
        lastByte = p[n - 1]
        var i = 0
        if inToken {
            while i < n && !Self.isSpace(p[i]) { i += 1 }
            builder.append(p, count: i)
            if i == n { return }
            inToken = false
            emitBuilt(into: &sink)
        }
        while true {
            while i < n {
                let byte = p[i]
                if !Self.isSpace(byte) { break }
                if byte == 10 {
                    newlines += 1
                    sink.lineEnd()
                }
                i += 1
            }
            if i == n { return }
            let start = i
            var high: UInt8 = 0
            while i < n {
                let byte = p[i]
                if Self.isSpace(byte) { break }
                high |= byte
                i += 1
            }
            let length = i - start
            builder.start()
            if i == n { // may continue in the next chunk
                builder.append(p + start, count: length)
                inToken = true
                return
            }
            if high < 0x80 && length <= Tokenizer.maxTokenBytes {
                emit(p + start, count: length, isASCII: true, truncated: false, into: &sink)
            } else {
                builder.append(p + start, count: length)
                emitBuilt(into: &sink)
            }
        }
    }

    /// Ends the stream: emits a token still open and closes the last line.
    mutating func finish<Sink: TokenSink & ~Copyable>(into sink: inout Sink) {
        if inToken {
            inToken = false
            emitBuilt(into: &sink)
        }
        sink.lineEnd()
    }

    private mutating func emitBuilt<Sink: TokenSink & ~Copyable>(into sink: inout Sink) {
        builder.finish()
        emit(builder.buffer, count: builder.count, isASCII: builder.isASCII, truncated: builder.truncated, into: &sink)
    }

    @inline(__always)
    private mutating func emit<Sink: TokenSink & ~Copyable>(_ bytes: UnsafePointer<UInt8>, count: Int, isASCII: Bool,
                                                          truncated: Bool, into sink: inout Sink) {
        if identity {
            tokens += 1
            if truncated { truncatedTokens += 1 }
            sink.token(bytes, count: count)
            return
        }
        let normalized = normalizer.normalize(bytes, count: count, isASCII: isASCII)
        guard normalized.count > 0 else { return }
        if splits {
            emitPieces(normalized.count, truncated: truncated || normalized.truncated, into: &sink)
            return
        }
        tokens += 1
        if truncated || normalized.truncated { truncatedTokens += 1 }
        sink.token(normalizer.output, count: normalized.count)
    }

    /// `splitPunctuation`: emits the non-empty pieces of the normalized token between
    /// separators; a truncated token counts once, with its first piece.
    private mutating func emitPieces<Sink: TokenSink & ~Copyable>(_ count: Int, truncated: Bool, into sink: inout Sink) {
        let output = normalizer.output
        var start = 0
        var first = true
        for i in 0...count where i == count || output[i] == TokenNormalizer.separator {
            if i > start {
                tokens += 1
                if truncated && first { truncatedTokens += 1 }
                first = false
                sink.token(output + start, count: i - start)
            }
            start = i + 1
        }
    }
}
