import Kernels

/// The dense softmax layer on top of both batched networks (`ParameterLayout.dense`,
/// `.denseBias`): one row per sentence in the classifier (`RecurrentNetwork+Batch`), one row
/// per token in the tagger (`TaggerNetwork+Batch`). Cross-entropy loss, as PyTorch's
/// `nn.Linear` followed by `nn.CrossEntropyLoss(reduction="sum")`.
enum DenseSoftmax {
    /// `logits = bias + x Wᵀ` for `rows` rows of `x` (`rows x width`), and their row softmax.
    /// - Complexity: O(rows x width x classes), one GEMM.
    static func forward<T: Real>(_ parameters: [T], _ layout: ParameterLayout, input x: [T], rows: Int, width: Int,
                                 classes n: Int) -> (logits: [T], probabilities: [T]) {
        var logits = [T](repeating: 0, count: rows * n)
        parameters.withUnsafeBufferPointer { pp in
            x.withUnsafeBufferPointer { xb in
                logits.withUnsafeMutableBufferPointer { l in
                    let p = pp.baseAddress!
                    for r in 0..<rows { for k in 0..<n { l[r * n + k] = p[layout.denseBias.offset + k] } }
                    GEMM.multiply(m: rows, n: n, k: width, a: xb.baseAddress!, lda: width, b: p + layout.dense.offset,
                                  ldb: width, transposeB: true, beta: 1, c: l.baseAddress!, ldc: n)
                }
            }
        }
        var probabilities = logits
        for r in 0..<rows { softmax(&probabilities, row: r, width: n) }
        return (logits, probabilities)
    }

    /// The loss -log softmax(logits)[target] of the row starting at `base` (by log-sum-exp),
    /// whether its most probable class is `target`, and its logit gradient
    /// `probabilities - onehot(target)` written into the same row of `dLogits`.
    static func crossEntropy<T: Real>(logits: [T], probabilities: [T], base: Int, classes n: Int, target: Int,
                                      dLogits: inout [T]) -> (loss: T, correct: Bool) {
        let row = logits[base ..< base + n]
        let top = row.max()!
        var sum: T = 0
        for v in row { sum += T.exp(v - top) }
        let p = probabilities[base ..< base + n]
        for k in 0..<n { dLogits[base + k] = p[base + k] }
        dLogits[base + target] -= 1
        return (top + T.log(sum) - row[base + target], p.indices.max(by: { p[$0] < p[$1] })! - base == target)
    }

    /// Adds the bias and weight gradients of `dLogits` (`rows x classes`) for input `x`
    /// (`rows x width`) to `gradient`, and writes the input gradient into `dInput` (`rows x width`).
    /// - Complexity: O(rows x width x classes), two GEMMs.
    static func backward<T: Real>(_ p: UnsafePointer<T>, _ layout: ParameterLayout, dLogits: [T], input x: [T], rows: Int,
                                  width: Int, classes n: Int, gradient gr: UnsafeMutablePointer<T>, dInput: inout [T]) {
        dLogits.withUnsafeBufferPointer { dy in
            let dy = dy.baseAddress!
            for r in 0..<rows { RealKernels.axpy(1, dy + r * n, gr + layout.denseBias.offset, n) }
            x.withUnsafeBufferPointer { xb in
                GEMM.multiply(m: n, n: width, k: rows, a: dy, lda: n, transposeA: true, b: xb.baseAddress!, ldb: width,
                              beta: 1, c: gr + layout.dense.offset, ldc: width)
            }
            dInput.withUnsafeMutableBufferPointer { dx in
                GEMM.multiply(m: rows, n: width, k: n, a: dy, lda: n, b: p + layout.dense.offset, ldb: width,
                              c: dx.baseAddress!, ldc: width)
            }
        }
    }

    /// Row `row` of a `width`-column matrix replaced by its softmax (max subtracted first).
    static func softmax<T: Real>(_ m: inout [T], row: Int, width n: Int) {
        let range = row * n ..< (row + 1) * n
        let top = m[range].max()!
        var sum: T = 0
        for k in range {
            m[k] = T.exp(m[k] - top)
            sum += m[k]
        }
        for k in range { m[k] /= sum }
    }
}
