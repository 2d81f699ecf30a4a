/// Skip-gram (Mikolov et al. 2013; word2vec.c `TrainModelThread` with `cbow == 0`, fastText
/// `FastText::skipgram`): every context word's input vector predicts the centre word.
/// word2vec.c trains the context row against the centre's output row and fastText the centre's
/// subwords against each context word's; the two orientations see the same pairs in
/// expectation, and the first lets all inputs of a window share one set of outputs (the
/// batched update).
struct SkipGramModel<Rows: WordRows>: TrainingModel {
    let rows: Rows

    func sharesNegatives(_ update: TrainingConfiguration.UpdateMode) -> Bool { update == .batched }

    @inline(__always)
    func train(context: UnsafePointer<Int32>, contextCount: Int,
               outputs: UnsafeMutablePointer<Int32>, outputCount: Int,
               step: Step, loss: inout Float, negatives: (UnsafeMutablePointer<Int32>) -> Int) -> Int {
        let u = step.update, n = u.stride
        // A whole word's input vector is W's row, updated in place; a subword input is
        // composed into scratch (just before its update) and its gradient spread over its rows.
        @inline(__always) func load(_ b: Int) {
            if Rows.isWholeWord {
                u.inputRows[b] = step.input.row(Int(context[b]))
            } else {
                u.inputRows[b] = u.composed + b &* n
                rows.compose(context[b], from: step.input, into: u.inputRows[b])
            }
        }
        if outputCount > 0 {
            for b in 0..<contextCount { load(b) }
            if Rows.isWholeWord {
                u.batched(output: step.output, inputCount: contextCount, targets: u.inputRows, accumulate: true,
                          outputs: outputs, outputCount: outputCount, alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
            } else {
                for b in 0..<contextCount { u.deltaRows[b] = u.deltas + b &* n }
                u.batched(output: step.output, inputCount: contextCount, targets: u.deltaRows, accumulate: false,
                          outputs: outputs, outputCount: outputCount, alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
                for b in 0..<contextCount { rows.spread(u.deltaRows[b], over: context[b], in: step.input) }
            }
        } else {
            for b in 0..<contextCount {
                load(b)
                let count = 1 &+ negatives(outputs + 1)
                u.perPair(output: step.output, w: u.inputRows[b], addToInput: Rows.isWholeWord,
                          outputs: outputs, outputCount: count, alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
                if !Rows.isWholeWord { rows.spread(u.inputDelta, over: context[b], in: step.input) }
            }
        }
        return contextCount
    }
}
