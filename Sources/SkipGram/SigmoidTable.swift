/// Precomputed logistic function and SGNS loss terms, as word2vec.c's `expTable`
/// (`EXP_TABLE_SIZE` 1000 over `[-MAX_EXP, MAX_EXP]`, `MAX_EXP` 6), so the per-pair work has
/// no `exp` or `log`. Entries are taken at bin centres (word2vec.c takes left edges).
/// Outside the range word2vec.c's rule applies: the gradient is `label - 1` above
/// and `label` below; the loss uses `-log sigma(x) ~ max(0, -x)` there, exact to e^-6.
public struct SigmoidTable: Sendable {
    public static let maxExp: Float = 6
    public static let size = 1000
    /// sigma at bin centres.
    let sigmoid: [Float]
    /// `-log sigma(x)` at bin centres (loss of a positive pair).
    let negLogSigmoid: [Float]
    /// `-log(1 - sigma(x))` at bin centres (loss of a negative pair).
    let negLogOneMinusSigmoid: [Float]
    let scale: Float = Float(SigmoidTable.size) / (2 * SigmoidTable.maxExp)

    public init() {
        var s = [Float](), p = [Float](), n = [Float]()
        for i in 0..<Self.size {
            let x = (Double(i) + 0.5) / Double(Self.size) * 2 * Double(Self.maxExp) - Double(Self.maxExp)
            s.append(Float(1 / (1 + exp(-x))))
            p.append(Float(log1p(exp(-x))))
            n.append(Float(log1p(exp(x))))
        }
        sigmoid = s; negLogSigmoid = p; negLogOneMinusSigmoid = n
    }

    /// Returns the gradient factor `(label - sigma(x))` and adds the pair's loss to `loss`.
    @inline(__always)
    public func gradient(_ x: Float, positive: Bool, loss: inout Float) -> Float {
        // `!(x < maxExp)` also catches NaN, which must never reach the table index below
        // (converting NaN to an integer is undefined: it read out of bounds). A NaN or
        // infinite x turns the loss NaN (`x - x`), so the trainer's divergence check sees it.
        if !(x < Self.maxExp) {
            loss += positive ? x - x : x
            return positive ? 0 : -1
        }
        if x <= -Self.maxExp {
            if positive { loss -= x }
            return positive ? 1 : 0
        }
        let i = Int(truncatingIfNeeded: Int32((x + Self.maxExp) * scale))
        let k = min(i, Self.size - 1)
        return sigmoid.withUnsafeBufferPointer { sig in
            if positive {
                loss += negLogSigmoid.withUnsafeBufferPointer { $0[k] }
                return 1 - sig[k]
            } else {
                loss += negLogOneMinusSigmoid.withUnsafeBufferPointer { $0[k] }
                return -sig[k]
            }
        }
    }
}

import Foundation
