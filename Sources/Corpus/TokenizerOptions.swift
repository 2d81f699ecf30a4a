/// How raw text becomes tokens, beyond the fixed rules every path shares (split on ASCII
/// whitespace, repair invalid UTF-8, truncate tokens to `Tokenizer.maxTokenBytes`).
///
/// Both options are off by default, as in word2vec.c, which reads bytes as they are; the
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

    public init(lowercase: Bool = false, stripPunctuation: Bool = false) {
        self.lowercase = lowercase
        self.stripPunctuation = stripPunctuation
    }

    /// True when tokens pass through unchanged (the fast path).
    var isIdentity: Bool { !lowercase && !stripPunctuation }
}
