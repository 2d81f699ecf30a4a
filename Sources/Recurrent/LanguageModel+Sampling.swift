import Foundation
import Kernels
import Embeddings

/// Scoring and sampling one stream (batch 1), each sentence read after `</s>` as if it
/// followed the end of a previous sentence.
extension LanguageModel {
    /// The log-probability (natural log) of `ids` followed by `</s>`, starting from a zero state
    /// fed `</s>`: `sum_i log p(w_i | </s> w_1 ... w_{i-1})`, over `ids.count + 1` predictions.
    /// - Complexity: one forward pass over the line.
    public func logProbability(of ids: [Int32], endOfSentence: Int32) -> (total: Double, predictions: Int) {
        var state = initialState(batch: 1)
        var generator = SeededGenerator(seed: 0)
        let inputs = [endOfSentence] + ids, targets = ids + [endOfSentence]
        let trace = forward(tokens: inputs, targets: targets, batch: 1, state: &state, dropout: 0, generator: &generator, threads: 1)
        return (-trace.loss, targets.count)
    }

    /// Samples words after `prompt`: from a zero state fed `</s>` and the prompt, each next word
    /// is drawn from the softmax at `temperature` (`p^(1/T)` renormalised), restricted to the
    /// `topK` most probable words when `topK > 0`. Without `minimumWords` it stops at the first
    /// `</s>`; with it, it goes on over sentence ends until that many words are drawn (and then
    /// to the end of the sentence, at most `limit` words in all). Deterministic for a seed.
    /// - Returns: the drawn ids, `</s>` included.
    /// - Complexity: one forward step (O(G*H*(d+H) + V*H)) per word.
    public func generate(prompt: [Int32], endOfSentence: Int32, minimumWords: Int?, limit: Int = 1000,
                         temperature: Double, topK: Int, seed: UInt64) -> [Int32] {
        var state = initialState(batch: 1)
        var generator = SeededGenerator(seed: seed)
        var noDropout = SeededGenerator(seed: 0)
        var last = endOfSentence
        for id in prompt {
            _ = forward(tokens: [last], targets: [], batch: 1, state: &state, dropout: 0, generator: &noDropout, threads: 1)
            last = id
        }
        var out: [Int32] = []
        var words = 0
        while out.count < limit {
            let trace = forward(tokens: [last], targets: [], batch: 1, state: &state, dropout: 0, generator: &noDropout, threads: 1)
            let next = Self.sample(trace.probabilities, temperature: temperature, topK: topK, generator: &generator)
            out.append(next)
            last = next
            if next == endOfSentence {
                if words >= (minimumWords ?? 0) { break }
            } else {
                words += 1
            }
        }
        return out
    }

    /// One draw from `p` at `temperature`, among the `topK` largest (all when 0).
    static func sample(_ p: [T], temperature: Double, topK: Int, generator: inout SeededGenerator) -> Int32 {
        var candidates = Array(p.indices)
        if topK > 0 && topK < p.count {
            candidates.sort { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
            candidates.removeLast(candidates.count - topK)
        }
        let exponent = 1 / temperature
        let weights = candidates.map { Foundation.pow(Double(p[$0]), exponent) }
        let total = weights.reduce(0, +)
        var u = generator.uniform() * total
        for (k, w) in weights.enumerated() {
            u -= w
            if u < 0 { return Int32(candidates[k]) }
        }
        return Int32(candidates.last!)
    }
}
