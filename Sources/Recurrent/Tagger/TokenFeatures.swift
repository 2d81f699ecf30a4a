/// What a tagger sees of a token besides its word vector: the spelling cues a lowercased
/// word2vec vocabulary loses or never had (a design in the spirit of Huang, Xu & Yu 2015's
/// spelling features and Ratnaparkhi 1996's suffixes).
///
/// - Nine fixed indicator inputs (`flags`): the case pattern, one of five (all lowercase,
///   Capitalised, ALL-CAPS with at least two letters, mIxEd, no letters), then "holds a
///   digit", "is a number" (only digits and `.,:/-`), "holds a hyphen", "holds no letter or digit".
/// - Learned suffix vectors: the last 1, 2 and 3 characters of the lowercased token (digits
///   mapped to 0; a token shorter than the suffix is marked with `^`), each hashed
///   (FNV-1a, with the length) into `buckets` rows of its own table. Suffixes carry most of
///   what a tagger needs for a word it has never seen (-ly, -ing, -ed, -s, -tion...).
public enum TokenFeatures {
    public static let flagCount = 9
    /// Suffix lengths 1...suffixLengths.
    public static let suffixLengths = 3

    /// The indicator bits of `token` (bit i = input i).
    /// - Complexity: O(characters).
    public static func flags(_ token: String) -> UInt16 {
        var letters = 0, upper = 0, lower = 0, digits = 0, hyphen = false, numeric = true
        var firstUpper = false
        for (i, c) in token.enumerated() {
            if c.isLetter {
                letters += 1
                if c.isUppercase { upper += 1; if i == 0 { firstUpper = true } }
                if c.isLowercase { lower += 1 }
            }
            if c.isNumber { digits += 1 } else if !".,:/-".contains(c) { numeric = false }
            if c == "-" { hyphen = true }
        }
        let casePattern: Int
        if letters == 0 { casePattern = 4 }
        else if upper == 0 { casePattern = 0 }
        else if firstUpper && upper == 1 { casePattern = 1 }
        else if upper == letters && letters >= 2 { casePattern = 2 }
        else { casePattern = 3 }
        var bits = UInt16(1) << casePattern
        if digits > 0 { bits |= 1 << 5 }
        if digits > 0 && numeric { bits |= 1 << 6 }
        if hyphen { bits |= 1 << 7 }
        if letters == 0 && digits == 0 { bits |= 1 << 8 }
        return bits
    }

    /// Rows of the suffix tables for `token`: `suffixLengths` values, the one for length n
    /// in `(n - 1) * buckets ..< n * buckets`.
    public static func suffixRows(_ token: String, buckets: Int) -> [Int32] {
        let folded = Array(token.lowercased().map { $0.isNumber ? "0" : $0 })
        return (1...suffixLengths).map { n in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(n)
            let piece = folded.count < n ? "^" + String(folded) : String(folded.suffix(n))
            for b in piece.utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return Int32((n - 1) * buckets + Int(hash % UInt64(buckets)))
        }
    }
}

/// A sentence ready for the network: per token its embedding row, its suffix-table rows
/// (`TokenFeatures.suffixLengths` per token) and its indicator bits.
public struct EncodedSentence: Sendable, Equatable {
    public var words: [Int32]
    public var suffixes: [Int32]
    public var flags: [UInt16]
    public var count: Int { words.count }

    public init(words: [Int32], suffixes: [Int32], flags: [UInt16]) {
        precondition(suffixes.count == words.count * TokenFeatures.suffixLengths && flags.count == words.count,
                     "EncodedSentence: feature arrays do not match the words")
        self.words = words
        self.suffixes = suffixes
        self.flags = flags
    }
}
