import Kernels

/// The loss gradient of a network: dense over the flat parameters, sparse over the rows of
/// the embedding table (a sentence touches only its own words). Each worker thread owns
/// one, and the batch's gradients are summed after the workers join.
public struct Gradient<T: Real>: Sendable {
    /// Same layout as `RecurrentNetwork.parameters`.
    public var parameters: [T]
    /// The embedding rows touched, in first-touch order.
    public private(set) var rows: [Int32] = []
    /// `rows.count x dimension` values, row `i` belonging to `rows[i]`.
    public private(set) var rowValues: [T] = []
    private var slot: [Int32: Int] = [:]
    public let dimension: Int

    public init(parameterCount: Int, dimension: Int) {
        parameters = [T](repeating: 0, count: parameterCount)
        self.dimension = dimension
    }

    /// Adds `values` (dimension floats) to the gradient of embedding row `row`.
    /// - Complexity: O(dimension), amortised.
    public mutating func addRow(_ row: Int32, _ values: UnsafePointer<T>) {
        let base: Int
        if let s = slot[row] {
            base = s * dimension
        } else {
            slot[row] = rows.count
            rows.append(row)
            base = rowValues.count
            rowValues.append(contentsOf: repeatElement(0, count: dimension))
        }
        rowValues.withUnsafeMutableBufferPointer { RealKernels.axpy(1, values, $0.baseAddress! + base, dimension) }
    }

    /// The gradient of embedding row `row` (zeros if untouched).
    public func row(_ row: Int32) -> ArraySlice<T> {
        guard let s = slot[row] else { return ArraySlice(repeatElement(0, count: dimension)) }
        return rowValues[s * dimension ..< (s + 1) * dimension]
    }

    /// Adds another gradient of the same shape.
    public mutating func add(_ other: Gradient<T>) {
        precondition(other.parameters.count == parameters.count && other.dimension == dimension)
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { mine in
            other.parameters.withUnsafeBufferPointer { theirs in
                RealKernels.axpy(1, theirs.baseAddress!, mine.baseAddress!, count)
            }
        }
        other.rowValues.withUnsafeBufferPointer { values in
            for (i, row) in other.rows.enumerated() { addRow(row, values.baseAddress! + i * dimension) }
        }
    }

    /// Multiplies every value by `factor`.
    public mutating func scale(by factor: T) {
        for i in parameters.indices { parameters[i] *= factor }
        for i in rowValues.indices { rowValues[i] *= factor }
    }

    /// Squared Euclidean norm over all values, summed in Double so that an exploding Float
    /// gradient (entries past 1e19) still has a finite norm to clip by.
    public var squaredNorm: Double {
        var sum = 0.0
        for v in parameters { sum += Double(v) * Double(v) }
        for v in rowValues { sum += Double(v) * Double(v) }
        return sum
    }

    /// Zeroes the gradient, keeping its storage.
    public mutating func reset() {
        for i in parameters.indices { parameters[i] = 0 }
        rows.removeAll(keepingCapacity: true)
        rowValues.removeAll(keepingCapacity: true)
        slot.removeAll(keepingCapacity: true)
    }
}
