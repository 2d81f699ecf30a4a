/// Scores of a tagger on tagged data: token accuracy, split into tokens whose form was
/// seen in training and those that were not (OOV), sentence accuracy (every token right),
/// and the tag confusion matrix (per-tag precision, recall and F1 come from `Evaluation`).
public struct TaggerEvaluation: Sendable, Equatable {
    public private(set) var confusion: Evaluation
    public private(set) var tokens = 0
    public private(set) var correct = 0
    public private(set) var unseenTokens = 0
    public private(set) var unseenCorrect = 0
    public private(set) var sentences = 0
    public private(set) var sentencesCorrect = 0

    public init(tags: [String]) { confusion = Evaluation(labels: tags) }

    /// Adds one sentence: gold and predicted tag indices, and which tokens were unseen in training.
    public mutating func add(actual: [Int], predicted: [Int], unseen: [Bool]) {
        precondition(actual.count == predicted.count && actual.count == unseen.count, "TaggerEvaluation: lengths differ")
        var allRight = true
        for t in actual.indices {
            confusion.add(actual: actual[t], predicted: predicted[t])
            let right = actual[t] == predicted[t]
            tokens += 1
            if right { correct += 1 } else { allRight = false }
            if unseen[t] {
                unseenTokens += 1
                if right { unseenCorrect += 1 }
            }
        }
        sentences += 1
        if allRight { sentencesCorrect += 1 }
    }

    public var accuracy: Double { ratio(correct, tokens) }
    /// Accuracy on tokens whose exact form never occurred in the training data.
    public var unseenAccuracy: Double { ratio(unseenCorrect, unseenTokens) }
    public var seenAccuracy: Double { ratio(correct - unseenCorrect, tokens - unseenTokens) }
    public var sentenceAccuracy: Double { ratio(sentencesCorrect, sentences) }

    /// The `limit` most frequent (actual, predicted) pairs with actual != predicted, most
    /// frequent first (ties by tag order).
    public func confusions(limit: Int) -> [(actual: String, predicted: String, count: Int)] {
        let tags = confusion.labels
        var pairs: [(actual: String, predicted: String, count: Int)] = []
        for a in tags.indices {
            for p in tags.indices where a != p && confusion.confusion[a][p] > 0 {
                pairs.append((tags[a], tags[p], confusion.confusion[a][p]))
            }
        }
        return Array(pairs.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element).prefix(limit))
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}
