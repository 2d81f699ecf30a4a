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
    }

    func deallocate() {
        scores.deallocate()
        UnsafeMutableRawPointer(outputDelta).deallocate()
        inputRows.deallocate()
        outputRows.deallocate()
    }

    /// pWord2Vec's HogBatch step (Ji et al. 2016): all `inputCount` context words share the
    /// `outputCount` outputs (centre first, then negatives), so the window is three small
    /// matrix products instead of `inputCount x outputCount` separate level-1 loops:
    ///   S = C_out . W_in^T,  G = alpha (label - sigma(S)),
    ///   dC = G . W_in,  W_in += G^T . C_out,  C_out += dC.
    /// Both updates are computed from the values before the step (W is read for dC before it
    /// changes; C is changed last). Duplicate ids (a negative drawn twice, a context word
    /// repeated) simply add their contributions.
    /// - Complexity: `3 x inputCount x outputCount x stride` multiply-adds.
    @inline(__always)
    func batched(input: SharedMatrix, output: SharedMatrix,
                 inputs: UnsafePointer<Int32>, inputCount: Int,
                 outputs: UnsafePointer<Int32>, outputCount: Int,
                 alpha: Float, sigmoid: SigmoidTable, loss: inout Float) {
        let n = stride
        for b in 0..<inputCount { inputRows[b] = input.row(Int(inputs[b])) }
        for o in 0..<outputCount { outputRows[o] = output.row(Int(outputs[o])) }
        // S and G.
        for o in 0..<outputCount {
            let c = outputRows[o]
            let row = scores + o &* inputCount
            for b in 0..<inputCount {
                let f = VectorKernels.dot(c, inputRows[b], count: n)
                row[b] = alpha * sigmoid.gradient(f, positive: o == 0, loss: &loss)
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
            VectorKernels.combine(into: inputRows[b], accumulate: true,
                                  coefficients: scores + b, coefficientStride: inputCount,
                                  rows: outputRows, rowCount: outputCount, count: n)
        }
        // C_out += dC.
        for o in 0..<outputCount {
            VectorKernels.axpy(1, outputDelta + o &* n, outputRows[o], count: n)
        }
    }

    /// word2vec.c's order (`TrainModelThread`, skip-gram, negative sampling) for one context
    /// word: for the centre and each negative `o`, `g = alpha (label - sigma(c_o . w))`,
    /// `neu1e += g c_o`, `c_o += g w`; then `w += neu1e`.
    /// - Complexity: `3 x outputCount x stride` multiply-adds.
    @inline(__always)
    func perPair(input: SharedMatrix, output: SharedMatrix, context: Int32,
                 outputs: UnsafePointer<Int32>, outputCount: Int,
                 alpha: Float, sigmoid: SigmoidTable, loss: inout Float) {
        let n = stride
        let w = input.row(Int(context))
        inputDelta.update(repeating: 0, count: n)
        for o in 0..<outputCount {
            let c = output.row(Int(outputs[o]))
            let f = VectorKernels.dot(c, w, count: n)
            let g = alpha * sigmoid.gradient(f, positive: o == 0, loss: &loss)
            VectorKernels.axpy(g, c, inputDelta, count: n)
            VectorKernels.axpy(g, w, c, count: n)
        }
        VectorKernels.axpy(1, inputDelta, w, count: n)
    }
}
