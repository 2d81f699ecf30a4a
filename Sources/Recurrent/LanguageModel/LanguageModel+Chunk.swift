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
        var trace = ChunkTrace<T>(steps: 0, batch: batch, tokens: [], targets: [])
        forward(tokens: tokens, targets: targets, batch: batch, state: &state, dropout: dropout, generator: &generator,
                threads: threads, into: &trace)
        return trace
    }

    /// `forward` into a trace kept from the previous chunk, whose `steps*batch x V` output
    /// buffer (24 MB at the reference configuration) is reused rather than allocated, zeroed
    /// and page-faulted in again for every chunk.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(tokens: [Int32], targets: [Int32], batch: Int, state: inout LanguageModelState<T>,
                 dropout: Double, generator: inout SeededGenerator, threads: Int, into trace: inout ChunkTrace<T>) {
        let c = configuration, h = c.hidden, v = c.vocabularySize
        let steps = tokens.count / batch, rows = steps * batch
        trace.steps = steps
        trace.batch = batch
        trace.tokens = tokens
        trace.targets = targets
        trace.inputMasks.removeAll()
        trace.outputMask = []
        func mask(_ count: Int) -> [T] {
            let keep = T(1 / (1 - dropout))
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count { buffer[i] = generator.uniform() < dropout ? 0 : keep }
                initialized = count
            }
        }
        var input = [T](repeating: 0, count: rows * c.dimension)
        parameters.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                let source = p.baseAddress! + layout.embedding + Int(tokens[r]) * c.dimension
                for k in 0..<c.dimension { input[r * c.dimension + k] = source[k] }
            }
        }
        PhaseClock.mark(.gather)
        if dropout > 0 {
            trace.inputMasks = (0..<c.layers).map { l in mask(rows * c.inputWidth(layer: l)) }
            PhaseClock.mark(.dropout)
        }
        let shape = SequenceBatch(dense: steps, batch: batch)
        let initial = (0..<c.layers).map { l in (hidden: state.hidden[l], cells: c.cell == .lstm ? state.cells[l] : []) }
        parameters.withUnsafeBufferPointer { p in
            (input, trace.stack) = RecurrentEngine.forward(p.baseAddress!, layout.stack(c), input: input, shape: shape,
                                                           initial: initial, inputMasks: trace.inputMasks, threads: threads)
        }
        for l in 0..<c.layers {
            let final = trace.stack.finalStates(layer: l, shape: shape, hidden: h)
            state.hidden[l] = final.hidden
            if c.cell == .lstm { state.cells[l] = final.cells }
        }
        PhaseClock.mark(.other)
        if dropout > 0 {
            trace.outputMask = mask(input.count)
            for i in input.indices { input[i] *= trace.outputMask[i] }
        }
        trace.output = input
        if trace.probabilities.count != rows * v { trace.probabilities = [T](repeating: 0, count: rows * v) }
        PhaseClock.mark(.dropout)
        parameters.withUnsafeBufferPointer { p in
            trace.output.withUnsafeBufferPointer { y in
                trace.probabilities.withUnsafeMutableBufferPointer { z in
                    GEMM.multiply(m: rows, n: v, k: h, a: y.baseAddress!, lda: h, b: p.baseAddress! + layout.decoder, ldb: h,
                                  transposeB: true, c: z.baseAddress!, ldc: v, threads: threads)
                    PhaseClock.mark(.decoder)
                    let bias = p.baseAddress! + layout.decoderBias
                    trace.loss = Self.softmax(z.baseAddress!, rows: rows, width: v, bias: bias, targets: targets, threads: threads)
                    PhaseClock.mark(.softmax)
                }
            }
        }
    }

    /// Adds `bias` to each row, turns rows into probabilities in place and returns the summed
    /// negative log-likelihood of `targets` (0 when empty); with targets, subtracts 1 at each
    /// row's target, leaving the gradient of that sum with respect to the logits (the
    /// backward pass reads it as is). Rows are split over `threads`; `Float` rows take one
    /// fused SIMD pass per row (bias and max, exp and sum, scale), others the scalar reference.
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
                    let target = targetPointer.base.map { Int($0[r]) }
                    let x = target.map { row[$0] + shared.bias[$0] } ?? 0
                    let lse: T
                    if T.self == Float.self {
                        let f = UnsafeMutableRawPointer(row).assumingMemoryBound(to: Float.self)
                        let b = UnsafeRawPointer(shared.bias).assumingMemoryBound(to: Float.self)
                        lse = unsafeBitCast(VectorKernels.softmaxInPlace(f, count: width, bias: b), to: T.self)
                    } else {
                        RealKernels.axpy(1, shared.bias, row, width)
                        lse = VectorKernels.softmaxReference(row, width)
                    }
                    if let target {
                        loss += Double(lse - x)
                        row[target] -= 1
                    }
                }
                losses.pointer[part] = loss
            }
        }
        defer { losses.deallocate() }
        return (0..<parts).reduce(0.0) { $0 + losses.pointer[$1] }
    }

    /// Adds `scale` times the gradient of `trace.loss` with respect to every parameter (the
    /// embedding rows of the chunk's tokens included) into `gradient`. `trace` must come from
    /// a forward pass with targets (its `probabilities` hold the logit gradient).
    /// - Complexity: about twice the forward pass.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward(_ trace: ChunkTrace<T>, scale: T, gradient: UnsafeMutablePointer<T>, threads: Int) {
        let c = configuration, h = c.hidden, v = c.vocabularySize
        let rows = trace.steps * trace.batch
        precondition(trace.targets.count == rows, "LanguageModel.backward: a trace without targets")
        var dOutput = [T](repeating: 0, count: rows * h)
        PhaseClock.mark(.logitGradient)
        parameters.withUnsafeBufferPointer { p in
            trace.probabilities.withUnsafeBufferPointer { dz in
                let dz = dz.baseAddress!
                Self.addColumnSums(dz, rows: rows, width: v, scale: scale, into: gradient + layout.decoderBias, threads: threads)
                PhaseClock.mark(.decoderBias)
                trace.output.withUnsafeBufferPointer { y in
                    GEMM.multiply(m: v, n: h, k: rows, alpha: scale, a: dz, lda: v, transposeA: true,
                                  b: y.baseAddress!, ldb: h, beta: 1, c: gradient + layout.decoder, ldc: h, threads: threads)
                }
                PhaseClock.mark(.decoderWeights)
                dOutput.withUnsafeMutableBufferPointer { dy in
                    GEMM.multiply(m: rows, n: h, k: v, alpha: scale, a: dz, lda: v, b: p.baseAddress! + layout.decoder,
                                  ldb: h, c: dy.baseAddress!, ldc: h, threads: threads)
                }
                PhaseClock.mark(.decoderInput)
            }
            if !trace.outputMask.isEmpty { for i in dOutput.indices { dOutput[i] *= trace.outputMask[i] } }
            dOutput = RecurrentEngine.backward(p.baseAddress!, layout.stack(c), trace: trace.stack, dOutput: dOutput,
                                               shape: SequenceBatch(dense: trace.steps, batch: trace.batch),
                                               inputMasks: trace.inputMasks, gradient: gradient, threads: threads)
            PhaseClock.mark(.dropout)
            dOutput.withUnsafeBufferPointer { dx in
                for r in 0..<rows {
                    RealKernels.axpy(1, dx.baseAddress! + r * c.dimension,
                                     gradient + layout.embedding + Int(trace.tokens[r]) * c.dimension, c.dimension)
                }
            }
            PhaseClock.mark(.embeddingScatter)
        }
    }
}

extension LanguageModel {
    /// `sum += scale * (column sums of the rows x width matrix m)`, the columns split over
    /// `threads` (each thread adds its columns of every row, so the order of the sum is the
    /// same whatever the thread count).
    /// - Complexity: O(rows x width).
    static func addColumnSums(_ m: UnsafePointer<T>, rows: Int, width: Int, scale: T, into sum: UnsafeMutablePointer<T>,
                              threads: Int) {
        let parts = max(1, min(threads, width / 64))
        let shared = ColumnSumOperands(m: m, sum: sum)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let columns = WorkShare.range(part, of: parts, count: width)
            for r in 0..<rows {
                RealKernels.axpy(scale, shared.m + r * width + columns.lowerBound, shared.sum + columns.lowerBound, columns.count)
            }
        }
    }
}

/// The matrix and the sums `addColumnSums` workers write disjoint columns of.
/// `@unchecked Sendable`: raw pointers into buffers the caller owns for the whole parallel call;
/// `m` is only read and each worker writes its own column range of `sum`.
struct ColumnSumOperands<T>: @unchecked Sendable {
    let m: UnsafePointer<T>
    let sum: UnsafeMutablePointer<T>
}

/// A fixed-size buffer the softmax workers write one slot each of (disjoint indices).
/// `@unchecked Sendable`: the pointer never changes, each slot has one writer, and slots are read
/// after the workers have joined; the owner deallocates it after that.
final class SharedBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    init(count: Int) where Element == Double {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }
    func deallocate() { pointer.deallocate() }
}

/// The logits and decoder bias handed to the softmax workers; each writes disjoint rows.
/// `@unchecked Sendable`: `bias` is only read and each worker writes its own rows of `z`; both
/// outlive the parallel call.
struct SoftmaxOperands<T>: @unchecked Sendable {
    let z: UnsafeMutablePointer<T>
    let bias: UnsafePointer<T>
}

/// The targets (nil when there are none), read-only across the softmax workers.
/// `@unchecked Sendable`: a read-only pointer that outlives the parallel call.
struct SoftmaxTargets: @unchecked Sendable {
    let base: UnsafePointer<Int32>?
}
