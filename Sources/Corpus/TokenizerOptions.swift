/// How raw text becomes tokens, beyond the fixed rules every path shares (split on ASCII
/// whitespace, repair invalid UTF-8, truncate tokens to `Tokenizer.maxTokenBytes`).
///
/// All options are off by default, as in word2vec.c, which reads bytes as they are; the
/// default path then never builds a `String` per token and stays byte-level fast.
public struct TokenizerOptions: Sendable, Equatable {
    /// Lowercase each token with Unicode rules (`String.lowercased()`): `Écoles` -> `écoles`.
    public var lowercase: Bool = false
    /// Remove every Unicode punctuation character (`Character.isPunctuation`: general
    /// categories Pc, Pd, Ps, Pe, Pi, Pf, Po) anywhere in the token, so `"well-known,"`
    /// becomes `wellknown`; a token that becomes empty is dropped.
    ///
    /// Symbols (`Character.isSymbol`: `$ + < = > ^ | ~ €`, emoji) are kept on purpose:
    /// they carry meaning (`$`, `+`, `😀` in reviews) and are tokens in their own right.
    public var stripPunctuation: Bool = false
    /// Make every punctuation character (the same `Character.isPunctuation` as
    /// `stripPunctuation`) a token separator, so `doesn't` becomes `doesn`, `t` and
    /// `well-made` becomes `well`, `made`: the shape of text8-style corpora, whose cleaning
    /// replaced punctuation by spaces, so their vectors know these pieces. Empty pieces are
    /// dropped. It takes precedence over `stripPunctuation` when both are set.
    public var splitPunctuation: Bool = false

    public init(lowercase: Bool = false, stripPunctuation: Bool = false, splitPunctuation: Bool = false) {
        self.lowercase = lowercase
        self.stripPunctuation = stripPunctuation
        self.splitPunctuation = splitPunctuation
    }

    /// True when tokens pass through unchanged (the fast path).
    var isIdentity: Bool { !lowercase && !stripPunctuation && !splitPunctuation }
}
