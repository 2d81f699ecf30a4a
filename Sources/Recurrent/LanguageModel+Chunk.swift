import Dispatch
import Kernels
import Embeddings

/// The forward and backward pass over one chunk of `steps x batch` tokens (truncated BPTT,
/// as `word_language_model`'s `train()`): embedding lookup, dropout, the batched layers, the
/// decoder over all `steps*batch` outputs at once, softmax cross-entropy.
extension LanguageModel {
    /// Runs the chunk forward from `state` and replaces `state` by the state after the last
    /// step. `tokens` and `targets` are time-major (`t * batch + b`); `targets` may be empty
    /// (no loss, for sampling). `dropout > 0` draws fresh masks from `generator`.
    /// - Complexity: O(steps x batch x (G*H x (d + H) + V x H)).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(tokens: [Int32], targets: [Int32], batch: Int, state: inout LanguageModelState<T>,
                 dropout: Double, generator: inout SeededGenerator, threads: Int) -> ChunkTrace<T> {
        let c = configuration, h = c.hidden, v = c.vocabularySize
        let steps = tokens.count / batch, rows = steps * batch
        var trace = ChunkTrace<T>(steps: steps, batch: batch, tokens: tokens, targets: targets)
        func mask(_ count: Int) -> [T] {
            let keep = T(1 / (1 - dropout))
            return (0..<count).map { _ in generator.uniform() < dropout ? 0 : keep }
        }
        var input = [T](repeating: 0, count: rows * c.dimension)
        parameters.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                let source = p.baseAddress! + layout.embedding + Int(tokens[r]) * c.dimension
                for k in 0..<c.dimension { input[r * c.dimension + k] = source[k] }
            }
        }
        for (l, layer) in layout.layers.enumerated() {
            if dropout > 0 {
                let m = mask(input.count)
                for i in input.indices { input[i] *= m[i] }
                trace.inputMasks.append(m)
            }
            var lt = LayerTrace<T>(input: input)
            lt.states = state.hidden[l] + [T](repeating: 0, count: rows * h)
            if c.cell == .lstm { lt.cells = state.cells[l] + [T](repeating: 0, count: rows * h) }
            parameters.withUnsafeBufferPointer { p in
                BatchedLayer.forward(c.cell, steps: steps, batch: batch, hidden: h, width: c.inputWidth(layer: l),
                                     parameters: p.baseAddress!, layer: layer, trace: &lt, threads: threads)
            }
            state.hidden[l] = Array(lt.states[(rows * h)...])
            if c.cell == .lstm { state.cells[l] = Array(lt.cells[(rows * h)...]) }
            input = Array(lt.states[(batch * h)...])
            trace.layers.append(lt)
        }
        if dropout > 0 {
            trace.outputMask = mask(input.count)
            for i in input.indices { input[i] *= trace.outputMask[i] }
        }
        trace.output = input
        trace.probabilities = [T](repeating: 0, count: rows * v)
        parameters.withUnsafeBufferPointer { p in
            trace.output.withUnsafeBufferPointer { y in
                trace.probabilities.withUnsafeMutableBufferPointer { z in
                    GEMM.multiply(m: rows, n: v, k: h, a: y.baseAddress!, lda: h, b: p.baseAddress! + layout.decoder, ldb: h,
                                  transposeB: true, c: z.baseAddress!, ldc: v, threads: threads)
                    let bias = p.baseAddress! + layout.decoderBias
                    trace.loss = Self.softmax(z.baseAddress!, rows: rows, width: v, bias: bias, targets: targets, threads: threads)
                }
            }
        }
        return trace
    }

    /// Adds `bias` to each row, turns rows into probabilities in place and returns the summed
    /// negative log-likelihood of `targets` (0 when empty). Rows are split over `threads`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func softmax(_ z: UnsafeMutablePointer<T>, rows: Int, width: Int, bias: UnsafePointer<T>,
                        targets: [Int32], threads: Int) -> Double {
        let parts = max(1, min(threads, rows / 8))
        let losses = SharedBuffer<Double>(count: parts)
        let shared = SoftmaxOperands(z: z, bias: bias)
        targets.withUnsafeBufferPointer { targets in
            let targetPointer = SoftmaxTargets(base: targets.isEmpty ? nil : targets.baseAddress)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var loss = 0.0
                for r in (rows * part / parts) ..< (rows * (part + 1) / parts) {
                    let row = shared.z + r * width
                    RealKernels.axpy(1, shared.bias, row, width)
                    let target = targetPointer.base.map { Int($0[r]) }
                    let x = target.map { row[$0] } ?? 0
                    let lse = VectorKernels.softmaxInPlace(row, width)
                    if target != nil { loss += Double(lse - x) }
                }
                losses.pointer[part] = loss
            }
        }
        defer { losses.deallocate() }
        return (0..<parts).reduce(0.0) { $0 + losses.pointer[$1] }
    }

    /// Adds `scale` times the gradient of `trace.loss` with respect to every parameter (the
    /// embedding rows of the chunk's tokens included) into `gradient`.
    /// - Complexity: about twice the forward pass.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward(_ trace: ChunkTrace<T>, scale: T, gradient: UnsafeMutablePointer<T>, threads: Int) {
        let c = configuration, h = c.hidden, v = c.vocabularySize
        let rows = trace.steps * trace.batch
        var dLogits = trace.probabilities
        for r in 0..<rows {
            dLogits[r * v + Int(trace.targets[r])] -= 1
        }
        var dOutput = [T](repeating: 0, count: rows * h)
        parameters.withUnsafeBufferPointer { p in
            dLogits.withUnsafeMutableBufferPointer { dz in
                let dz = dz.baseAddress!
                for r in 0..<rows { RealKernels.axpy(scale, dz + r * v, gradient + layout.decoderBias, v) }
                trace.output.withUnsafeBufferPointer { y in
                    GEMM.multiply(m: v, n: h, k: rows, alpha: scale, a: dz, lda: v, transposeA: true,
                                  b: y.baseAddress!, ldb: h, beta: 1, c: gradient + layout.decoder, ldc: h, threads: threads)
                }
                dOutput.withUnsafeMutableBufferPointer { dy in
                    GEMM.multiply(m: rows, n: h, k: v, alpha: scale, a: dz, lda: v, b: p.baseAddress! + layout.decoder,
                                  ldb: h, c: dy.baseAddress!, ldc: h, threads: threads)
                }
            }
            if !trace.outputMask.isEmpty { for i in dOutput.indices { dOutput[i] *= trace.outputMask[i] } }
            for l in stride(from: c.layers - 1, through: 0, by: -1) {
                var dInput = BatchedLayer.backward(c.cell, steps: trace.steps, batch: trace.batch, hidden: h,
                                                   width: c.inputWidth(layer: l), parameters: p.baseAddress!,
                                                   layer: layout.layers[l], trace: trace.layers[l], dOutput: dOutput,
                                                   gradient: gradient, threads: threads)
                if !trace.inputMasks.isEmpty { for i in dInput.indices { dInput[i] *= trace.inputMasks[l][i] } }
                dOutput = dInput
            }
            dOutput.withUnsafeBufferPointer { dx in
                for r in 0..<rows {
                    RealKernels.axpy(1, dx.baseAddress! + r * c.dimension,
                                     gradient + layout.embedding + Int(trace.tokens[r]) * c.dimension, c.dimension)
                }
            }
        }
    }
}

/// A fixed-size buffer the softmax workers write one slot each of (disjoint indices).
final class SharedBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    init(count: Int) where Element == Double {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }
    func deallocate() { pointer.deallocate() }
}

/// The logits and decoder bias handed to the softmax workers; each writes disjoint rows.
struct SoftmaxOperands<T>: @unchecked Sendable {
    let z: UnsafeMutablePointer<T>
    let bias: UnsafePointer<T>
}

/// The targets (nil when there are none), read-only across the softmax workers.
struct SoftmaxTargets: @unchecked Sendable {
    let base: UnsafePointer<Int32>?
}
