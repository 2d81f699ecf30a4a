import Embeddings
import FuzzDriver

/// A structure-aware mutation (libFuzzer's `LLVMFuzzerCustomMutator`, as in its
/// "structure-aware fuzzing" guide) for the model-header inputs: half of the time it replaces
/// one whole JSON number of the header (any field: sizes, counts, dimensions, byte lengths)
/// by a value near a boundary, the other half it leaves the input to libFuzzer's own
/// mutations (dictionary tokens, byte edits, cross-over).
///
/// Why: libFuzzer's byte mutations rarely turn `"hidden":3` into a number of 10 or more
/// digits, since that takes inserting a dictionary token at exactly the digit (about one
/// chance in 10^5 per mutation for a 1 KB header), and the overflow class of issue 21's
/// defect 3 lives there. Replacing a whole number keeps the JSON valid, so the decoder's
/// checks, not the JSON parser, see the value. Which field is picked is random: the mutator
/// knows JSON, not the names of our fields.
enum HeaderNumberMutator {
    /// Replaces one number of the header part of `data` (the bytes after the kind byte, up to
    /// the `\n@@\n` line) and returns the new size, or nil when the header has no number or
    /// the result would exceed `maxSize`.
    static func mutate(_ data: UnsafeMutablePointer<UInt8>, size: Int, maxSize: Int, random: inout SeededGenerator) -> Int? {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        let numbers = numberRanges(in: bytes, from: 1, to: headerEnd(in: bytes))
        guard !numbers.isEmpty else { return nil }
        let range = numbers[Int(random.next() % UInt64(numbers.count))]
        let old = Int(String(decoding: bytes[range], as: UTF8.self)) ?? 0
        let replacement = Array(String(boundaryValue(near: old, random: &random)).utf8)
        let result = Array(bytes[..<range.lowerBound]) + replacement + Array(bytes[range.upperBound...])
        guard result.count <= maxSize else { return nil }
        result.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: result.count) }
        return result.count
    }

    /// A value where size arithmetic breaks: 0, ±1, powers of two and of ten (and one less)
    /// up to Int's limits, the old value scaled by a power of two, or a random 64-bit word.
    static func boundaryValue(near old: Int, random: inout SeededGenerator) -> Int {
        let r = random.next()
        let k = Int((r >> 8) % 64)
        switch r % 8 {
        case 0: return [0, 1, -1, Int.max, Int.min, Int(Int32.max), Int(UInt32.max)][Int((r >> 16) % 7)]
        case 1: return 1 << k
        case 2: return (1 << k) &- 1
        case 3: return Int(exactly: pow10(k % 19)) ?? Int.max
        case 4: return old &* (1 << (k % 40 + 1))
        case 5: return old &+ [-1, 1][Int((r >> 16) % 2)]
        case 6: return 0 &- (1 << k)
        default: return Int(bitPattern: UInt(random.next()))
        }
    }

    private static func pow10(_ k: Int) -> UInt64 { (0..<k).reduce(1) { p, _ in p * 10 } }

    /// The end of the header: the start of the first `\n@@\n`, or the end of the input.
    static func headerEnd(in bytes: [UInt8]) -> Int {
        let separator = Array("\n@@\n".utf8)
        guard bytes.count >= separator.count else { return bytes.count }
        for i in 0...(bytes.count - separator.count) where bytes[i ..< i + separator.count].elementsEqual(separator) {
            return i
        }
        return bytes.count
    }

    /// The ranges of the JSON numbers (an optional `-` and digits; fraction and exponent
    /// parts end the run) in `bytes[start..<end]`, outside strings. O(end - start).
    static func numberRanges(in bytes: [UInt8], from start: Int, to end: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var inString = false, escaped = false, i = start
        while i < end {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                i += 1
            } else if b == UInt8(ascii: "\"") {
                inString = true
                i += 1
            } else if b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) {
                let first = i
                i += 1
                while i < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                if i - first > 1 || b != UInt8(ascii: "-") { ranges.append(first ..< i) }
            } else {
                i += 1
            }
        }
        return ranges
    }
}

@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzModelHeadersMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    // Seeded by libFuzzer per call, so that a run with `-seed=N` is repeatable.
    var random = SeededGenerator(seed: UInt64(seed))
    if size > 1, random.next() % 2 == 0,
       let mutated = HeaderNumberMutator.mutate(data, size: size, maxSize: maxSize, random: &random) {
        return mutated
    }
    return LLVMFuzzerMutate(data, size, maxSize)
}
