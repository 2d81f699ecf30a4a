import Corpus
import SkipGram

/// Fuzzes the checkpoint reader twice per input: the bytes as a whole file (header and
/// trailer checks), and the bytes as a payload wrapped in a valid header and trailer with
/// the right CRC-32, so that mutations reach the field decoder instead of stopping at the
/// checksum. Decoding must throw or return a consistent checkpoint; never crash, never
/// allocate what the input cannot hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? Checkpoint.decode(raw, path: "fuzz")

    var file = Checkpoint.magic
    withUnsafeBytes(of: Checkpoint.version.littleEndian) { file.append(contentsOf: $0) }
    file += [0, 0, 0, 0]
    file.append(contentsOf: raw)
    withUnsafeBytes(of: UInt64(size).littleEndian) { file.append(contentsOf: $0) }
    withUnsafeBytes(of: CRC32.checksum(raw).littleEndian) { file.append(contentsOf: $0) }
    file += Checkpoint.trailerMagic
    do {
        let checkpoint = try file.withUnsafeBytes { try Checkpoint.decode($0, path: "fuzz") }
        let header = checkpoint.header
        let cells = header.vocabulary.count * header.configuration.dimension
        if checkpoint.input.count != cells || checkpoint.output.count != cells || header.workers.count != header.configuration.threads {
            fatalError("inconsistent checkpoint accepted")
        }
        _ = checkpoint.embeddings(.inputPlusOutput)
    } catch {
        if "\(error)".isEmpty { fatalError("empty error description") }
    }
    return 0
}
