import Foundation

/// Wall-clock time per phase of a language-model training chunk, for profiling: set
/// `W2V_LM_PROFILE=1` and `w2v lm train` prints the table after each epoch. Disabled, a mark
/// is one load and branch. Marks are taken on the calling thread only (the phases themselves
/// may use several threads), so the phases add up to the wall time of a chunk.
enum PhaseClock {
    enum Phase: Int, CaseIterable {
        case chunk, gather, dropout, inputProjection, recurrentProduct, gates, decoder, softmax
        case logitGradient, decoderBias, decoderWeights, decoderInput, gateGradients, carryProduct
        case recurrentWeights, biasGradients, inputWeights, inputGradient, embeddingScatter
        case optimizer, other
    }
    static let enabled = ProcessInfo.processInfo.environment["W2V_LM_PROFILE"] == "1"
    // `nonisolated(unsafe)`: written only when `W2V_LM_PROFILE=1`, and then only by the main thread
    // (`mark` and `restart` return at once on any other); `w2v lm train` trains one model per process.
    nonisolated(unsafe) static var totals = [UInt64](repeating: 0, count: Phase.allCases.count)
    nonisolated(unsafe) static var last: UInt64 = 0

    /// Charges the time since the previous mark to `phase`.
    @inline(__always)
    static func mark(_ phase: Phase) {
        // The engine marks from every caller; only the main thread's marks count, so worker
        // threads (the classifier's and tagger's shares) never touch the totals.
        guard enabled, Thread.isMainThread else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if last != 0 { totals[phase.rawValue] &+= now &- last }
        last = now
    }

    /// Restarts the interval without charging it (time outside the chunk loop).
    static func restart() {
        guard enabled, Thread.isMainThread else { return }
        last = DispatchTime.now().uptimeNanoseconds
    }

    /// The table, milliseconds per chunk, and resets the totals.
    static func report(chunks: Int) -> String {
        let sum = totals.reduce(0, &+)
        var lines = ["phase                 ms/chunk    share"]
        for phase in Phase.allCases where totals[phase.rawValue] > 0 {
            let ns = Double(totals[phase.rawValue])
            let name = "\(phase)".padding(toLength: 20, withPad: " ", startingAt: 0)
            lines.append(name + String(format: " %9.2f %7.1f%%", ns / 1e6 / Double(max(chunks, 1)), 100 * ns / Double(max(sum, 1))))
        }
        lines.append("total               " + String(format: " %9.2f", Double(sum) / 1e6 / Double(max(chunks, 1))))
        for i in totals.indices { totals[i] = 0 }
        return lines.joined(separator: "\n")
    }
}
