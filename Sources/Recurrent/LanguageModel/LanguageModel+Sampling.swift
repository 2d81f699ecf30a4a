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
    /// `topK` most probable words when `topK > 0`. Without `words` it stops at the first
    /// `</s>` or after `limit` words, whichever comes first. With `words` it draws exactly
    /// that many words, going on over sentence ends, and never draws `</s>` right after a
    /// `</s>` (an empty sentence), so it ends after at most `2 * words` draws whatever the
    /// model prefers (a greedy `topK` 1 may otherwise repeat `</s>` for ever).
    /// Deterministic for a seed.
    /// - Returns: the drawn ids, sentence ends included (with `words`, none at the end).
    /// - Complexity: one forward step (O(G*H*(d+H) + V*H)) per draw.
    public func generate(prompt: [Int32], endOfSentence: Int32, words: Int?, limit: Int = 1000,
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
        var drawn = 0
        while drawn < (words ?? limit) {
            let trace = forward(tokens: [last], targets: [], batch: 1, state: &state, dropout: 0, generator: &noDropout, threads: 1)
            let excluded = words != nil && last == endOfSentence ? endOfSentence : nil
            let next = Self.sample(trace.probabilities, temperature: temperature, topK: topK, excluding: excluded, generator: &generator)
            out.append(next)
            last = next
            if next != endOfSentence {
                drawn += 1
            } else if words == nil {
                break
            }
        }
        return out
    }

    /// One draw from `p` at `temperature`, among the `topK` largest (all when 0), never `excluding`.
    static func sample(_ p: [T], temperature: Double, topK: Int, excluding: Int32? = nil, generator: inout SeededGenerator) -> Int32 {
        var candidates = Array(p.indices)
        if let excluding { candidates.remove(at: Int(excluding)) }
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
