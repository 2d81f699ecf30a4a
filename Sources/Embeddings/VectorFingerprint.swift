/// What an index is tied to: row count, dimension, and the vectors' 64-bit
/// `Embeddings.fingerprint` (CRC-32 of the rows and of the words), which a mapped file's header
/// stores, so an index over a `.w2vm` file is checked without reading its rows.
/// An index built from one file is refused for any other (a changed word, row or order).
public struct VectorFingerprint: Sendable, Equatable, CustomStringConvertible {
    public let count: Int
    public let dimension: Int
    public let checksum: UInt64

    public init(count: Int, dimension: Int, checksum: UInt64) {
        self.count = count
        self.dimension = dimension
        self.checksum = checksum
    }

    /// - Complexity: O(1) for a whole mapped file, else one pass over words and rows.
    public init(_ embeddings: Embeddings) {
        self.init(count: embeddings.count, dimension: embeddings.dimension, checksum: embeddings.fingerprint)
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
