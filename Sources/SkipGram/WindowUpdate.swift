import Kernels

/// One centre word's SGNS update: the inputs are the context words' rows of W, the outputs
/// the centre word's row of C (label 1) and the negatives' rows of C (label 0); the loss is
/// `-log sigma(c_o . w_b)` for the centre and `-log sigma(-c_o . w_b)` for each negative.
///
/// Per-worker scratch memory, allocated once and reused for every window, so the hot loop
/// never allocates. Not shared between threads.
struct WindowUpdate {
    let stride: Int
    let maxInputs: Int
    let maxOutputs: Int
    /// scores / gradients, `maxOutputs x maxInputs`, row `o` holds output `o` against every input.
    let scores: UnsafeMutablePointer<Float>
    /// The outputs' gradient rows before they are added to C, `maxOutputs x stride`.
    let outputDelta: UnsafeMutablePointer<Float>
    /// The context (input) error of word2vec.c's per-pair order (`neu1e`), `stride` floats.
    let inputDelta: UnsafeMutablePointer<Float>
    let inputRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    let outputRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    /// Composed input vectors (means of subword rows, or CBOW's context mean), `maxInputs x stride`.
    let composed: UnsafeMutablePointer<Float>
    /// Their gradients before they are spread over their rows, `maxInputs x stride`.
    let deltas: UnsafeMutablePointer<Float>
    /// Where `batched` adds each input's gradient: W's rows, or `deltas`.
    let deltaRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>>

    init(stride: Int, maxInputs: Int, maxOutputs: Int) {
        self.stride = stride
        self.maxInputs = maxInputs
        self.maxOutputs = maxOutputs
        scores = .allocate(capacity: maxOutputs * maxInputs)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: (maxOutputs + 1) * stride * 4, alignment: 64)
        outputDelta = raw.bindMemory(to: Float.self, capacity: (maxOutputs + 1) * stride)
        inputDelta = outputDelta + maxOutputs * stride
        inputRows = .allocate(capacity: maxInputs)
        outputRows = .allocate(capacity: maxOutputs)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 2 * max(1, maxInputs) * stride * 4, alignment: 64)
        composed = scratch.bindMemory(to: Float.self, capacity: 2 * max(1, maxInputs) * stride)
        composed.initialize(repeating: 0, count: 2 * max(1, maxInputs) * stride)
        deltas = composed + max(1, maxInputs) * stride
        deltaRows = .allocate(capacity: maxInputs)
    }

    func deallocate() {
        scores.deallocate()
        UnsafeMutableRawPointer(outputDelta).deallocate()
        inputRows.deallocate()
        outputRows.deallocate()
        UnsafeMutableRawPointer(composed).deallocate()
        deltaRows.deallocate()
    }

    /// pWord2Vec's HogBatch step (Ji et al. 2016): all `inputCount` context words share the
    /// `outputCount` outputs (centre first, then negatives), so the window is three small
    /// matrix products instead of `inputCount x outputCount` separate level-1 loops:
    ///   S = C_out . W_in^T,  G = alpha (label - sigma(S)),
    ///   dC = G . W_in,  W_in += G^T . C_out,  C_out += dC.
    /// Both updates are computed from the values before the step (W is read for dC before it
    /// changes; C is changed last). Duplicate ids (a negative drawn twice, a context word
    /// repeated) simply add their contributions.
    ///
    /// The first `positives` outputs have label 1 (the centre; with subwords, fastText's
    /// orientation: every context word against the composed centre), the rest label 0.
    /// The inputs are the vectors `inputRows[0..<inputCount]` (W's rows, or composed vectors);
    /// input `b`'s gradient is added to `targets[b]` (`accumulate`), or written there.
    /// - Complexity: `3 x inputCount x outputCount x stride` multiply-adds.
    @inline(__always)
    func batched(output: SharedMatrix, inputCount: Int,
                 targets: UnsafeMutablePointer<UnsafeMutablePointer<Float>>, accumulate: Bool,
                 outputs: UnsafePointer<Int32>, outputCount: Int, positives: Int = 1,
                 alpha: Float, sigmoid: SigmoidTable, loss: inout Float) {
        let n = stride
        for o in 0..<outputCount { outputRows[o] = output.row(Int(outputs[o])) }
        // S and G.
        for o in 0..<outputCount {
            let c = outputRows[o]
            let row = scores + o &* inputCount
            for b in 0..<inputCount {
                let f = VectorKernels.dot(c, inputRows[b], count: n)
                row[b] = alpha * sigmoid.gradient(f, positive: o < positives, loss: &loss)
            }
        }
        // dC = G . W_in (W still old).
        for o in 0..<outputCount {
            VectorKernels.combine(into: outputDelta + o &* n, accumulate: false,
                                  coefficients: scores + o &* inputCount, coefficientStride: 1,
                                  rows: inputRows, rowCount: inputCount, count: n)
        }
        // W_in += G^T . C_out (C still old).
        for b in 0..<inputCount {
            VectorKernels.combine(into: targets[b], accumulate: accumulate,
                                  coefficients: scores + b, coefficientStride: inputCount,
                                  rows: outputRows, rowCount: outputCount, count: n)
        }
        // C_out += dC.
        for o in 0..<outputCount {
            VectorKernels.axpy(1, outputDelta + o &* n, outputRows[o], count: n)
        }
    }

    /// word2vec.c's order (`TrainModelThread`, skip-gram, negative sampling) for one context
    /// word: for the centre and each negative `o` (or each node of the centre's path, the first
    /// `positives` label 1), `g = alpha (label - sigma(c_o . w))`,
    /// `neu1e += g c_o`, `c_o += g w`; then `w += neu1e`.
    /// `w` is W's row (the error is added to it) or a composed vector (the error is left in
    /// `inputDelta` for the caller to spread, `addToInput == false`).
    /// - Complexity: `3 x outputCount x stride` multiply-adds.
    @inline(__always)
    func perPair(output: SharedMatrix, w: UnsafeMutablePointer<Float>, addToInput: Bool,
                 outputs: UnsafePointer<Int32>, outputCount: Int, positives: Int = 1,
                 alpha: Float, sigmoid: SigmoidTable, loss: inout Float) {
        let n = stride
        inputDelta.update(repeating: 0, count: n)
        for o in 0..<outputCount {
            let c = output.row(Int(outputs[o]))
            let f = VectorKernels.dot(c, w, count: n)
            let g = alpha * sigmoid.gradient(f, positive: o < positives, loss: &loss)
            VectorKernels.axpy(g, c, inputDelta, count: n)
            VectorKernels.axpy(g, w, c, count: n)
        }
        if addToInput { VectorKernels.axpy(1, inputDelta, w, count: n) }
    }
}
