#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A row-major `rows x dimension` matrix of `Float`, seen as one flat collection of
/// `rows * dimension` values (row `i`, column `k` at index `i * dimension + k`), wherever its
/// memory lives: a block this process allocated, or a read-only mapping of a `.w2vm` file
/// (`MappedVectorsFormat`), whose rows are padded to `stride` floats so each starts on a
/// 64-byte boundary. Queries use `withRows`, a pointer and the stride, so they run over either
/// storage without copying it; the flat subscript is for the few whole-matrix users.
///
/// At least `FloatRows.overRead` floats after the last row's first value are readable (zero or
/// the file's padding), so SIMD scans may read a whole number of 8-float chunks per row.
///
/// `@unchecked Sendable`: the memory is written only before the value is made (by a reader or
/// `init(copying:)`) or is a read-only mapping, and `owner` keeps it alive; nothing writes it after.
public struct FloatRows: RandomAccessCollection, @unchecked Sendable {
    public let rows: Int
    public let dimension: Int
    /// Floats from the start of one row to the next (`dimension`, or more in a mapped file).
    public let stride: Int
    let base: UnsafePointer<Float>
    /// Floats of memory behind `base` (a reader's block may hold more rows than it kept).
    let capacity: Int
    /// Keeps the memory alive: a `FloatBlock` or a `MappedRegion`.
    private let owner: AnyObject

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows * dimension }

    /// Floats readable after `base + (rows - 1) * stride`, beyond `dimension`.
    static let overRead = 16

    init(base: UnsafePointer<Float>, rows: Int, dimension: Int, stride: Int, owner: AnyObject, capacity: Int? = nil) {
        (self.base, self.rows, self.dimension, self.stride, self.owner) = (base, rows, dimension, stride, owner)
        self.capacity = capacity ?? rows * stride
    }

    /// A copy of `values` (`rows x dimension`, row-major) in allocated memory.
    init(copying values: [Float], dimension: Int) {
        let rows = dimension > 0 ? values.count / dimension : 0
        let block = FloatBlock(capacity: values.count)
        values.withUnsafeBufferPointer { if let source = $0.baseAddress { block.pointer.update(from: source, count: values.count) } }
        self.init(base: UnsafePointer(block.pointer), rows: rows, dimension: dimension, stride: dimension, owner: block, capacity: block.capacity)
    }

    /// The first `rows` rows of a block that a reader filled.
    init(block: FloatBlock, rows: Int, dimension: Int) {
        self.init(base: UnsafePointer(block.pointer), rows: rows, dimension: dimension, stride: dimension, owner: block, capacity: block.capacity)
    }

    public subscript(i: Int) -> Float {
        precondition(i >= 0 && i < endIndex, "FloatRows index \(i) out of 0..<\(endIndex)")
        return stride == dimension ? base[i] : base[(i / dimension) * stride + i % dimension]
    }

    /// Row `row` as a buffer of `dimension` floats.
    @inline(__always) public func row(_ row: Int) -> UnsafeBufferPointer<Float> {
        precondition(row >= 0 && row < rows, "row \(row) out of 0..<\(rows)")
        return UnsafeBufferPointer(start: base + row * stride, count: dimension)
    }

    /// Runs `body` with the first row and the stride; valid only inside `body`.
    @inline(__always) public func withRows<R>(_ body: (UnsafePointer<Float>, Int) throws -> R) rethrows -> R {
        try withExtendedLifetime(owner) { try body(base, stride) }
    }

    /// The values as one contiguous buffer; `stride` must equal `dimension` (allocated storage,
    /// norms), else a copy is made.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        if stride == dimension || rows == 0 {
            return try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(start: base, count: rows * dimension)) }
        }
        return try Array(self).withUnsafeBufferPointer(body)
    }
}

/// Zeroed, 64-byte aligned memory for a matrix a reader fills row by row, with
/// `FloatRows.overRead` spare floats; large blocks are advised onto huge pages. Pages never
/// written (rows a reader did not need after all) are never resident.
///
/// `@unchecked Sendable`: one reader fills it before any `FloatRows` over it is shared.
final class FloatBlock: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        let bytes = (capacity + FloatRows.overRead) * 4
        // calloc's pages come from the kernel already zeroed and untouched.
        guard let raw = calloc(bytes + 64, 1) else { fatalError("out of memory allocating \(bytes) bytes") }
        start = raw
        pointer = UnsafeMutablePointer<Float>(bitPattern: (Int(bitPattern: raw) + 63) & ~63)!
        adviseHugePages(UnsafeMutableRawPointer(pointer), bytes: bytes)
    }

    private let start: UnsafeMutableRawPointer

    deinit { free(start) }
}

/// `madvise(MADV_HUGEPAGE)` on the whole pages inside a large, untouched block.
func adviseHugePages(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    guard bytes >= 4 << 20 else { return }
    let page = 4096
    let start = (Int(bitPattern: pointer) + page - 1) & ~(page - 1)
    let end = (Int(bitPattern: pointer) + bytes) & ~(page - 1)
    if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14 /* MADV_HUGEPAGE */) }
    #endif
}

/// Compared as flat sequences of values, as `[Float]` (the layout and storage do not matter),
/// and written as one: `[1, 2, 3]` is a single row of 3.
extension FloatRows: Equatable, ExpressibleByArrayLiteral {
    public static func == (lhs: FloatRows, rhs: FloatRows) -> Bool { lhs.count == rhs.count && lhs.elementsEqual(rhs) }

    public init(arrayLiteral values: Float...) {
        self.init(copying: values, dimension: Swift.max(values.count, 1))
    }
}
