#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable `UInt32` buffer in `malloc` memory that hands its storage to `EncodedCorpus`
/// without a copy.
///
/// It grows with `realloc`, which for large blocks (glibc: above the mmap threshold) moves
/// pages with `mremap` instead of copying, so the 68 MB id stream of a 17M-token corpus
/// never exists twice, as it would while a Swift `Array` doubles.
struct IDBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = Self.reallocate(nil, capacity: self.capacity)
    }

    deinit { free(base) }

    @inline(__always)
    mutating func append(_ id: UInt32) {
        if count == capacity { resize(capacity + capacity / 2) }
        base[count] = id
        count += 1
    }

    /// Keeps the first `newCount` ids.
    mutating func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
    }

    /// Drops everything and returns the memory.
    mutating func removeAll() {
        count = 0
        resize(64)
    }

    /// Hands the ids over, trimmed to size.
    consuming func encodedCorpus(wordCount: Int) -> EncodedCorpus {
        let count = count
        let trimmed = Self.reallocate(base, capacity: count)
        discard self
        return EncodedCorpus(adopting: trimmed, count: count, wordCount: wordCount)
    }

    private mutating func resize(_ newCapacity: Int) {
        base = Self.reallocate(base, capacity: newCapacity)
        capacity = newCapacity
    }

    static func reallocate(_ pointer: UnsafeMutablePointer<UInt32>?, capacity: Int) -> UnsafeMutablePointer<UInt32> {
        guard let raw = realloc(pointer, max(capacity, 1) * MemoryLayout<UInt32>.stride) else {
            fatalError("IDBuffer: out of memory for \(capacity) ids")
        }
        return raw.assumingMemoryBound(to: UInt32.self)
    }
}
