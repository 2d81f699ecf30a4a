import Kernels
/// A confusion matrix and the scores derived from it.
public struct Evaluation: Sendable, Equatable {
    public let labels: [String]
    /// `confusion[actual][predicted]` counts.
    public private(set) var confusion: [[Int]]

    public init(labels: [String]) {
        self.labels = labels
        confusion = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
    }

    public mutating func add(actual: Int, predicted: Int) { confusion[actual][predicted] += 1 }

    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    public var accuracy: Double {
        Double(labels.indices.reduce(0) { $0 + confusion[$1][$1] }) / Double(max(count, 1))
    }
    /// Of the sentences predicted `label`, the share that are `label` (0 when none was predicted).
    public func precision(_ label: Int) -> Double {
        let predicted = labels.indices.reduce(0) { $0 + confusion[$1][label] }
        return predicted == 0 ? 0 : Double(confusion[label][label]) / Double(predicted)
    }
    /// Of the sentences that are `label`, the share predicted `label`.
    public func recall(_ label: Int) -> Double {
        let actual = confusion[label].reduce(0, +)
        return actual == 0 ? 0 : Double(confusion[label][label]) / Double(actual)
    }
    public func f1(_ label: Int) -> Double {
        let p = precision(label), r = recall(label)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    /// Unweighted mean of the per-label F1 scores.
    public var macroF1: Double { labels.indices.reduce(0) { $0 + f1($1) } / Double(max(labels.count, 1)) }
}
