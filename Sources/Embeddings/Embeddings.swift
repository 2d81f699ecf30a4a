import Foundation
import Kernels

/// Trained word vectors as queries see them: immutable, `Sendable`, and free of any
/// training state (the output matrix, learning rate, sampler...), as gensim's `KeyedVectors`.
///
/// Rows are one row-major `FloatRows` matrix (`count x dimension`), in the order of the file or
/// of the vocabulary (most frequent first for our own vectors), held in memory or mapped from a
/// `.w2vm` file (`MappedVectorsFormat`): queries read either through a pointer, never copying.
/// Each row's norm and inverse norm are computed once; a cosine scan scores a raw row by
/// `dot(row, unit query) x inverse norm`, as gensim's `most_similar` (`dot(vectors, mean) /
/// norms`), so no second, unit-normalised copy of the matrix is needed. `unitVectors` makes
/// that copy on demand for the analyses that want the whole unit matrix.
public struct Embeddings: Sendable {
    /// The words, row `i` of `vectors` belongs to `words[i]`.
    public let words: WordList
    /// Vector length.
    public let dimension: Int
    /// Raw vectors, row-major, `words.count * dimension` floats.
    public let vectors: FloatRows
    /// Euclidean norm of each raw row.
    public let norms: FloatRows
    /// `1 / norm` of each row, 0 for a zero row (which then scores 0 against any query).
    let inverseNorms: FloatRows
    /// The unit matrix, made on first use.
    private let unitCache = UnitRowsCache()
    /// The fingerprint a mapped file carries in its header (nil: computed when asked).
    let storedFingerprint: UInt64?

    /// Builds the value; `vectors.count` must be `words.count * dimension`.
    /// - Complexity: O(count x dimension).
    public init(words: [String], dimension: Int, vectors: [Float]) {
        precondition(dimension > 0 && vectors.count == words.count * dimension,
                     "Embeddings: \(vectors.count) floats do not make \(words.count) rows of \(dimension)")
        let rows = FloatRows(copying: vectors, dimension: dimension)
        var norms = [Float](repeating: 0, count: words.count), inverses = norms
        rows.withRows { base, stride in
            for row in 0..<words.count {
                norms[row] = Self.norm(base + row * stride, dimension)
                inverses[row] = Self.inverse(norm: norms[row])
            }
        }
        self.init(words: WordList(words: words, index: WordList.index(of: words)), dimension: dimension, vectors: rows,
                  norms: FloatRows(copying: norms, dimension: 1), inverseNorms: FloatRows(copying: inverses, dimension: 1),
                  fingerprint: nil)
    }

    /// As `init(words:dimension:vectors:)` with another value's words.
    public init(words: WordList, dimension: Int, vectors: [Float]) {
        self.init(words: Array(words), dimension: dimension, vectors: vectors)
    }

    /// The parts, already consistent (readers, the mapped format).
    init(words: WordList, dimension: Int, vectors: FloatRows, norms: FloatRows, inverseNorms: FloatRows, fingerprint: UInt64?) {
        precondition(dimension > 0 && vectors.rows == words.count && vectors.dimension == dimension
                     && norms.count == words.count && inverseNorms.count == words.count)
        self.words = words
        self.dimension = dimension
        self.vectors = vectors
        self.norms = norms
        self.inverseNorms = inverseNorms
        self.storedFingerprint = fingerprint
    }

    /// Number of words (rows).
    public var count: Int { words.count }

    /// The row of exactly `word` (same bytes), or nil if it is not in the vocabulary.
    public func row(of word: String) -> Int? { words.row(of: word) }

    /// The raw vector of `word`, or nil if it is not in the vocabulary.
    public func vector(_ word: String) -> [Float]? {
        guard let row = row(of: word) else { return nil }
        return self.row(row)
    }

    /// The raw vector of row `row`.
    public func row(_ row: Int) -> [Float] { Array(vectors.row(row)) }

    /// Unit-normalised copy of `vectors` (a zero row stays zero), row-major with no padding,
    /// made on first use and kept: it costs a second matrix, so the queries do not use it.
    public var unitVectors: [Float] {
        unitCache.value {
            var unit = [Float](repeating: 0, count: count * dimension)
            for row in 0..<count { writeUnitRow(row, into: &unit, at: row * dimension) }
            return unit
        }
    }

    /// Row `row` of the unit-normalised matrix, computed from the raw row.
    func unitRow(_ row: Int) -> [Float] {
        var unit = [Float](repeating: 0, count: dimension)
        writeUnitRow(row, into: &unit, at: 0)
        return unit
    }

    /// Row `row` normalised by `VectorKernels.normalize` into `target[offset...]` (a zero row
    /// stays zero), the one definition of unit rows.
    private func writeUnitRow(_ row: Int, into target: inout [Float], at offset: Int) {
        let source = vectors.row(row)
        target.withUnsafeMutableBufferPointer { t in
            _ = VectorKernels.normalize(source.baseAddress!, into: t.baseAddress! + offset, count: dimension)
        }
    }

    /// The Euclidean norm of `n` floats, the squares summed in `Double` as
    /// `VectorKernels.normalize` does (no overflow for any finite row); every path uses this
    /// one, so that readers, the mapped format and `init` agree to the bit.
    @inline(__always)
    static func norm(_ values: UnsafePointer<Float>, _ n: Int) -> Float {
        var sum = 0.0
        for k in 0..<n { sum += Double(values[k]) * Double(values[k]) }
        return Float(sum.squareRoot())
    }

    @inline(__always) static func inverse(norm: Float) -> Float { norm > 0 ? 1 / norm : 0 }
}

/// The lazily made unit matrix of an `Embeddings` value, shared by its copies.
/// `@unchecked Sendable`: `unit` is read and written only under `lock`.
final class UnitRowsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var unit: [Float]?

    func value(_ make: () -> [Float]) -> [Float] {
        lock.lock(); defer { lock.unlock() }
        if let unit { return unit }
        let made = make()
        unit = made
        return made
    }
}
