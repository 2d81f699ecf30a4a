/// What identifies a set of vectors: row count, dimension, and a 64-bit FNV-1a hash of the
/// words (each followed by a 0 byte) and of the raw rows' float bits, taken 8 bytes at a time.
/// An index built from one file is refused for any other (a changed word, row or order).
/// - Complexity: O(count x dimension), one pass (about 0.1 s for 220k x 300).
public struct VectorFingerprint: Sendable, Equatable, CustomStringConvertible {
    public let count: Int
    public let dimension: Int
    public let checksum: UInt64

    public init(count: Int, dimension: Int, checksum: UInt64) {
        self.count = count
        self.dimension = dimension
        self.checksum = checksum
    }

    public init(_ embeddings: Embeddings) {
        var hash = FNV1a64()
        for var word in embeddings.words {
            word.withUTF8 { hash.add(bytes: UnsafeRawBufferPointer($0)) }
            hash.add(byte: 0)
        }
        embeddings.vectors.withUnsafeBytes { hash.add(bytes: $0) }
        self.init(count: embeddings.count, dimension: embeddings.dimension, checksum: hash.value)
    }

    public var description: String {
        "\(count) x \(dimension), checksum \(String(checksum, radix: 16))"
    }
}

/// 64-bit FNV-1a (Fowler, Noll, Vo), fed whole 8-byte little-endian words where it can:
/// a checksum for change detection, not for security.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    mutating func add(bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            value = (value ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* Self.prime
            offset += 8
        }
        while offset < bytes.count {
            add(byte: bytes[offset])
            offset += 1
        }
    }
}
