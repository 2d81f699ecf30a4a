import Embeddings

/// Fuzzes the word2vec reader (`Word2VecReader.parse`) with arbitrary bytes. The first byte
/// picks the format (auto, text, binary) and an optional row limit; the rest is the file.
/// It must throw a described error or return consistent vectors: never crash, never read
/// out of bounds (AddressSanitizer), never return NaN or infinity.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVectors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let format: Word2VecReader.Format = [.auto, .text, .binary, .auto][Int(control & 3)]
    let limit: Int? = control & 4 != 0 ? Int(control >> 3) + 1 : nil
    do {
        let result = try Word2VecReader.parse(bytes, path: "fuzz", limit: limit, format: format)
        let e = result.embeddings
        if e.dimension < 1 || e.vectors.count != e.count * e.dimension || e.words.count != e.count {
            fatalError("inconsistent embeddings: \(e.count) words, dimension \(e.dimension), \(e.vectors.count) values")
        }
        if let limit, e.count > limit { fatalError("read \(e.count) rows with limit \(limit)") }
        if !e.vectors.allSatisfy(\.isFinite) { fatalError("non-finite value accepted") }
    } catch {
        if "\(error)".isEmpty { fatalError("empty error description") }
    }
    return 0
}
