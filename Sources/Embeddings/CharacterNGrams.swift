/// fastText's character n-grams and their hash (Bojanowski et al. 2017; fastText 0.9
/// `Dictionary::computeSubwords`, `Dictionary::hash`, `Dictionary::pushHash`), shared by the
/// subword trainer and the `.bin` reader, which composes vectors for words it has no row for.
public enum CharacterNGrams {
    /// fastText `Dictionary::hash`: FNV-1a over the bytes, each byte sign-extended to 32 bits
    /// first (`uint32_t(int8_t(c))`), so bytes of 0x80 and above differ from plain FNV-1a.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var h: UInt32 = 2_166_136_261
        for byte in bytes {
            h ^= UInt32(bitPattern: Int32(Int8(bitPattern: byte)))
            h = h &* 16_777_619
        }
        return h
    }

    /// The n-grams of `<word>` in fastText's order (by start code point, then length), as
    /// `Dictionary::computeSubwords` makes them: lengths in code points, and the lone `<` and
    /// `>` skipped when `lengths` starts at 1. fastText never computes n-grams of `</s>`.
    public static func ngrams(_ word: String, lengths: ClosedRange<Int>) -> [[UInt8]] {
        guard word != "</s>" else { return [] }
        let bytes = [UInt8(ascii: "<")] + Array(word.utf8) + [UInt8(ascii: ">")]
        var out: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            defer { i += 1 }
            if bytes[i] & 0xC0 == 0x80 { continue }
            var j = i, n = 1
            var gram: [UInt8] = []
            while j < bytes.count && n <= lengths.upperBound {
                gram.append(bytes[j]); j += 1
                while j < bytes.count && bytes[j] & 0xC0 == 0x80 { gram.append(bytes[j]); j += 1 }
                if n >= lengths.lowerBound && !(n == 1 && (i == 0 || j == bytes.count)) { out.append(gram) }
                n += 1
            }
        }
        return out
    }

    /// The bucket rows of `word`'s n-grams: `offset + hash % buckets` (fastText `pushHash`
    /// with no pruning).
    public static func bucketRows(_ word: String, lengths: ClosedRange<Int>, buckets: Int, offset: Int) -> [Int32] {
        ngrams(word, lengths: lengths).map { Int32(offset + Int(hash($0) % UInt32(buckets))) }
    }
}
