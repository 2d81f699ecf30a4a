/// The shape of a batch of sequences of different lengths, laid out time-major and padded:
/// the value of sequence `b` at step `t` is row `t * batch + b` of a `steps * batch`-row
/// matrix, and rows with `t >= lengths[b]` are padding (zero, never read).
///
/// The sequences are sorted by length, longest first (as PyTorch's `pack_padded_sequence`
/// wants them), so the sequences still running at step `t` are the first `active[t]` ones and
/// every per-step product covers a prefix of rows. `order[i]` is the caller's index of the
/// batch's sequence `i`.
struct SequenceBatch: Sendable {
    /// Lengths, longest first; every one at least 1.
    let lengths: [Int]
    /// `order[i]`: the position, in the caller's list, of the sequence in slot `i`.
    let order: [Int]
    /// `active[t]`: how many sequences are longer than `t`.
    let active: [Int]
    let batch: Int
    let steps: Int
    var rows: Int { steps * batch }

    /// Sorts `lengths` longest first (ties in caller order, so the layout is deterministic).
    /// - Complexity: O(n log n + steps).
    init(lengths unsorted: [Int]) {
        precondition(!unsorted.isEmpty && unsorted.allSatisfy { $0 >= 1 }, "SequenceBatch: empty batch or empty sequence")
        order = unsorted.indices.sorted { unsorted[$0] != unsorted[$1] ? unsorted[$0] > unsorted[$1] : $0 < $1 }
        lengths = order.map { unsorted[$0] }
        batch = lengths.count
        steps = lengths[0]
        var active = [Int](repeating: 0, count: steps)
        var b = batch
        for t in 0..<steps {
            while b > 0 && lengths[b - 1] <= t { b -= 1 }
            active[t] = b
        }
        self.active = active
    }

    /// `batch` sequences of `steps` each, in the caller's order (a language model's chunk).
    /// - Complexity: O(batch + steps).
    init(dense steps: Int, batch: Int) {
        precondition(steps >= 1 && batch >= 1, "SequenceBatch: empty batch or empty sequence")
        lengths = [Int](repeating: steps, count: batch)
        order = Array(0..<batch)
        active = [Int](repeating: batch, count: steps)
        self.batch = batch
        self.steps = steps
    }

    /// Every sequence as long as the longest: no padding rows.
    var isDense: Bool { lengths[batch - 1] == steps }

    /// Row of sequence `b` at step `t`.
    @inline(__always) func row(_ t: Int, _ b: Int) -> Int { t * batch + b }

    /// The step the backward direction reads at its step `t` (and vice versa).
    @inline(__always) func mirrored(_ t: Int, _ b: Int) -> Int { lengths[b] - 1 - t }

    /// `m` (`rows x width`) with every sequence's valid rows in reverse time order (padding
    /// stays zero): the input of a backward direction, which thereby starts at step 0 like
    /// the forward one.
    /// - Complexity: O(rows x width).
    func reversed<T>(_ m: [T], width: Int, zero: T) -> [T] {
        var out = [T](repeating: zero, count: m.count)
        for b in 0..<batch {
            for t in 0..<lengths[b] {
                let to = row(t, b) * width, from = row(mirrored(t, b), b) * width
                for k in 0..<width { out[to + k] = m[from + k] }
            }
        }
        return out
    }
}

import Dispatch

extension SequenceBatch {
    /// Sentences per padded batch when predicting.
    static let predictionChunk = 64

    /// Runs `body` over `lengths.count` sequences in padded batches of at most `chunk`, cut
    /// from the sequences sorted by length (so a batch holds sentences of similar length and
    /// little padding), the batches spread over `workers` threads in balanced shares.
    /// `body` gets the caller's indices of one batch and returns one result per index.
    /// - Returns: the results in the caller's order.
    static func map<R: Sendable>(lengths: [Int], workers: Int, chunk: Int = predictionChunk,
                                 _ body: @Sendable ([Int]) -> [R]) -> [R] {
        let sorted = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        let chunks = stride(from: 0, to: sorted.count, by: chunk).map { Array(sorted[$0 ..< min($0 + chunk, sorted.count)]) }
        let results = ResultSlots<R>(count: lengths.count)
        let workers = max(1, min(workers, chunks.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for c in WorkShare.range(w, of: workers, count: chunks.count) {
                for (i, value) in zip(chunks[c], body(chunks[c])) { results.set(i, value) }
            }
        }
        return results.values.map { $0! }
    }
}

/// Per-item results written by workers that own disjoint indices.
/// `@unchecked Sendable`: `values` never grows, each index is set by one worker, and `values` is
/// read only after the workers have joined.
final class ResultSlots<R>: @unchecked Sendable {
    private(set) var values: [R?]
    init(count: Int) { values = [R?](repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { values[i] = value }
}
