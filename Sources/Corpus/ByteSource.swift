/// Where corpus bytes come from, chunk by chunk: a file (`FileByteSource`), standard input,
/// a gzip file decompressed on the fly (`GzipByteSource`), several of these one after the
/// other (`ConcatenatedByteSource`), or bytes in memory. The tokenizer sees only this.
///
/// Sources are classes: a source owns a descriptor or buffers and is read once, in order.
protocol ByteSource: AnyObject {
    /// Size of the whole input as stored (compressed size for gzip), for progress reports;
    /// 0 when unknown (a pipe).
    var totalBytes: Int { get }
    /// Stored bytes consumed so far, on the scale of `totalBytes`.
    var position: Int { get }
    /// Fills `buffer` as far as possible; returns the bytes read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes already in memory (tests, small inputs), served in the same chunks as a file.
final class MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    private(set) var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var totalBytes: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
