#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The training corpus as word ids, produced once after the counting pass so that epochs
/// never re-tokenize. Every sentence is followed by one `sentenceBreak` (so a non-empty
/// stream ends with one, and there are never two in a row); no sentence is longer than the
/// loader's maximum sentence length (1,000 by default, word2vec.c's `MAX_SENTENCE_LENGTH`),
/// longer lines having been cut into chunks.
///
/// Out-of-vocabulary tokens (under min-count, or beyond max-vocab) are already dropped,
/// as word2vec.c drops them while reading.
///
/// The ids live in `malloc` memory, or (`CorpusOptions.idsDirectory`) in a read-only
/// mapping of an unlinked temporary file, which the kernel pages in and out as workers read
/// it, so a corpus larger than memory can be trained on.
///
/// `@unchecked Sendable`: every stored property is a `let`, and the memory `storage` points to is
/// written only in `init` and freed only in `deinit`, so workers share read-only memory.
public final class EncodedCorpus: @unchecked Sendable {
    /// Marks the end of a sentence in `ids`.
    public static let sentenceBreak: UInt32 = .max

    /// `malloc` memory or a file mapping, owned; immutable once built.
    private let storage: UnsafeMutableBufferPointer<UInt32>
    /// Bytes mapped, when `storage` is a file mapping; 0 for `malloc` memory.
    private let mappedBytes: Int
    /// Number of word ids (sentence breaks excluded).
    public let wordCount: Int

    /// Wraps ids (word ids and `sentenceBreak`s).
    public init(ids: [UInt32]) {
        let base = IDBuffer.reallocate(nil, capacity: ids.count)
        ids.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { base.update(from: from, count: source.count) }
        }
        storage = UnsafeMutableBufferPointer(start: base, count: ids.count)
        mappedBytes = 0
        var words = 0
        for id in ids where id != Self.sentenceBreak { words += 1 }
        self.wordCount = words
    }

    /// Takes ownership of `malloc`ed ids.
    init(adopting base: UnsafeMutablePointer<UInt32>, count: Int, wordCount: Int) {
        storage = UnsafeMutableBufferPointer(start: base, count: count)
        self.wordCount = wordCount
        mappedBytes = 0
    }

    /// Takes ownership of a read-only file mapping of `byteCount` bytes holding `count` ids.
    init(mapping base: UnsafeMutablePointer<UInt32>, count: Int, wordCount: Int, byteCount: Int) {
        storage = UnsafeMutableBufferPointer(start: base, count: count)
        self.wordCount = wordCount
        mappedBytes = byteCount
    }

    deinit {
        if mappedBytes > 0 { munmap(storage.baseAddress, mappedBytes) } else { free(storage.baseAddress) }
    }

    /// True when the ids are a memory-mapped file rather than process memory.
    public var isMemoryMapped: Bool { mappedBytes > 0 }

    /// Total length of the id stream, breaks included.
    public var length: Int { storage.count }

    /// Read-only access to the id stream without copying. Immutable once built, so workers
    /// may read it concurrently.
    public func withIDs<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage))
    }

    /// The id stream as an array (copies; for tests and small corpora).
    public var ids: [UInt32] { Array(storage) }
}
