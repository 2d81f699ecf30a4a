/// The corpus tokenization rules applied to one sentence, for downstream users (a
/// classifier must tokenize its input exactly as the vectors' corpus was).
///
/// Rules: split on ASCII whitespace (space, \t, \n, \v, \f, \r); each maximal invalid UTF-8
/// subsequence (possible only in `tokens(in bytes:)`) becomes U+FFFD; tokens longer than
/// `maxTokenBytes` are cut at a scalar boundary; then the `TokenizerOptions` apply, and a
/// token they empty is dropped. Newlines inside `line` are ordinary whitespace here.
///
/// Note: tokens are compared as bytes, as in word2vec.c, so canonically equivalent
/// spellings (precomposed `é` and `e` + U+0301) are distinct words, though Swift `String`s
/// compare them equal.
public struct Tokenizer: Sendable {
    /// Longest token kept, in UTF-8 bytes (word2vec.c's `MAX_STRING` is 100; this is
    /// generous for real words and bounds memory for pathological input).
    public static let maxTokenBytes = 1024

    public let options: TokenizerOptions

    public init(options: TokenizerOptions = .init()) {
        self.options = options
    }

    /// The tokens of `line`.
    public func tokens(in line: String) -> [String] {
        var line = line
        return line.withUTF8 { tokens(inUTF8: $0) }
    }

    /// The tokens of raw bytes, which need not be valid UTF-8.
    public func tokens(in bytes: [UInt8]) -> [String] {
        bytes.withUnsafeBufferPointer { tokens(inUTF8: $0) }
    }

    private func tokens(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var scanner = TokenScanner(options: options)
        var collector = StringCollector()
        scanner.feed(bytes, into: &collector)
        scanner.finish(into: &collector)
        return collector.tokens
    }
}

/// Collects tokens as `String`s.
private struct StringCollector: TokenSink {
    var tokens: [String] = []

    mutating func token(_ bytes: UnsafePointer<UInt8>, count: Int) {
        tokens.append(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
    }

    mutating func lineEnd() {}
}
