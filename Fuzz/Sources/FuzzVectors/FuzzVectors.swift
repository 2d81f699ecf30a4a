import Embeddings
import FuzzDriver

/// Fuzzes the word2vec reader (`Word2VecReader.parse`) with arbitrary bytes. The first byte
/// picks the format (auto, text, binary) and an optional row limit; the rest is the file.
/// It must throw a described error or return consistent vectors: never crash, never read
/// out of bounds (AddressSanitizer), never return NaN or infinity, and never allocate more
/// than `fuzz_allocation_bound` (64 bytes per input byte plus 16 KiB) in one block: the
/// size-plausibility invariant that catches a header or a line count promising more rows than
/// the file can hold (issue 13, defects 1 and 2).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVectors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let format: Word2VecReader.Format = [.auto, .text, .binary, .auto][Int(control & 3)]
    let limit: Int? = control & 4 != 0 ? Int(control >> 3) + 1 : nil
    _ = fuzz_limit_allocations(fuzz_allocation_bound(size, 16 << 10))
    defer { _ = fuzz_limit_allocations(0) }
    do {
        let result = try Word2VecReader.parse(bytes, path: "fuzz", limit: limit, format: format)
        let e = result.embeddings
        if e.dimension < 1 || e.vectors.count != e.count * e.dimension || e.words.count != e.count {
            fuzz_fail("inconsistent embeddings: \(e.count) words, dimension \(e.dimension), \(e.vectors.count) values")
        }
        if let limit, e.count > limit { fuzz_fail("read \(e.count) rows with limit \(limit)") }
        if !e.vectors.allSatisfy(\.isFinite) { fuzz_fail("non-finite value accepted") }
        // Words are distinct by their bytes (code points), never merged by canonical equivalence.
        if Set(e.words.map { Array($0.utf8) }).count != e.count { fuzz_fail("duplicate words kept") }
        for (row, word) in e.words.enumerated() where e.row(of: word) != row {
            fuzz_fail("word '\(word)' of row \(row) does not look up to its own row")
        }
        for case let .duplicateWord(word, at, first) in result.warnings where !e.words[first].utf8.elementsEqual(word.utf8) {
            fuzz_fail("\(at): '\(word)' dropped as a duplicate of row \(first), '\(e.words[first])', whose bytes differ")
        }
    } catch {
        if "\(error)".isEmpty { fuzz_fail("empty error description") }
    }
    return 0
}
