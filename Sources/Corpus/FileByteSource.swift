#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Kernels

/// A file, a pipe or FIFO, or standard input, read with POSIX `read` through its one
/// `InputFile` descriptor, so the text is never held whole in memory.
final class FileByteSource: ByteSource {
    /// The path, or `SourceFile.standardInput` ("-").
    let path: String
    let totalBytes: Int
    private let input: InputFile
    private(set) var position = 0

    init(path: String) throws {
        do { input = try InputFile(path: path) } catch let error as InputError {
            switch error.kind {
            case .directory: throw CorpusError.isDirectory(path: path)
            default: throw CorpusError.cannotOpen(path: path, reason: error.reason)
            }
        }
        if path == SourceFile.standardInput && input.isTerminal { throw CorpusError.standardInputIsTerminal }
        #if canImport(Glibc)
        if input.isRegular { _ = posix_fadvise(input.descriptor, 0, 0, Int32(POSIX_FADV_SEQUENTIAL)) }
        #endif
        self.path = path
        totalBytes = input.size
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            let filled = try input.read(into: buffer, offset: position)
            position += filled
            return filled
        } catch let error as InputError {
            throw CorpusError.readFailed(path: SourceFile.displayName(path), byteOffset: error.byteOffset, reason: error.reason)
        }
    }
}
