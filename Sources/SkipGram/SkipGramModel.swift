/// Skip-gram (Mikolov et al. 2013; word2vec.c `TrainModelThread` with `cbow == 0`, fastText
/// `FastText::skipgram`).
///
/// Whole words, as word2vec.c: every context word's row of W predicts the centre word's row
/// of C, and with the batched update all inputs of a window share one set of outputs (the
/// centre and one set of negatives).
///
/// Subwords, as fastText: the centre word's composed vector (the mean of its row and its
/// n-gram rows) predicts each context word against `negative` noise words drawn for that
/// pair. The batched update trains all of a window's pairs as one step (one composition and
/// one spread per centre, the gradients taken before the step); `--batch off` is fastText's
/// order exactly, composing and spreading for every pair. Composing the centre once per
/// window rather than each context word once per pair is what makes subword training cheap:
/// a 7-letter word has 22 n-grams of 3-6 code points.
struct SkipGramModel<Rows: WordRows>: TrainingModel {
    let rows: Rows

    func sharesNegatives(_ update: TrainingConfiguration.UpdateMode) -> Bool { Rows.isWholeWord && update == .batched }

    func maxOutputs(window: Int, prediction: Int) -> Int { Rows.isWholeWord ? prediction : 2 * window * prediction }

    @inline(__always)
    func train(context: UnsafePointer<Int32>, contextCount: Int,
               outputs: UnsafeMutablePointer<Int32>, outputCount: Int, positives: Int,
               step: Step, loss: inout Float, negatives: (UnsafeMutablePointer<Int32>, Int32) -> Int) -> Int {
        let u = step.update
        let centre = outputs[0]
        guard Rows.isWholeWord else {
            return trainSubwords(centre: centre, hidden: u.composed, context: context, contextCount: contextCount,
                                 outputs: outputs, step: step, loss: &loss, negatives: negatives)
        }
        if outputCount > 0 {
            for b in 0..<contextCount { u.inputRows[b] = step.input.row(Int(context[b])) }
            u.batched(output: step.output, inputCount: contextCount, targets: u.inputRows, accumulate: true,
                      outputs: outputs, outputCount: outputCount, positives: positives,
                      alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
        } else {
            for b in 0..<contextCount {
                let (count, positive) = step.predict(centre, into: outputs, negatives: negatives)
                u.perPair(output: step.output, w: step.input.row(Int(context[b])), addToInput: true,
                          outputs: outputs, outputCount: count, positives: positive,
                          alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
            }
        }
        return contextCount
    }

    /// fastText's orientation: the composed centre against every context word's prediction
    /// (the word, label 1, and its negatives, label 0; or the word's path in the tree).
    @inline(__always)
    private func trainSubwords(centre: Int32, hidden: UnsafeMutablePointer<Float>,
                               context: UnsafePointer<Int32>, contextCount: Int, outputs: UnsafeMutablePointer<Int32>,
                               step: Step, loss: inout Float, negatives: (UnsafeMutablePointer<Int32>, Int32) -> Int) -> Int {
        let u = step.update
        if step.batched {
            rows.compose(centre, from: step.input, into: hidden)
            u.inputRows[0] = hidden
            u.deltaRows[0] = u.deltas
            if step.tree == nil {
                var count = contextCount
                for b in 0..<contextCount { outputs[b] = context[b] }
                for b in 0..<contextCount { count &+= negatives(outputs + count, context[b]) }
                u.batched(output: step.output, inputCount: 1, targets: u.deltaRows, accumulate: false,
                          outputs: outputs, outputCount: count, positives: contextCount,
                          alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
            } else {
                // Paths share their upper nodes (every path ends at the root), so each context
                // word's path is its own step against the one composed centre.
                u.deltas.update(repeating: 0, count: u.stride)
                for b in 0..<contextCount {
                    let (count, positive) = step.predict(context[b], into: outputs, negatives: negatives)
                    u.batched(output: step.output, inputCount: 1, targets: u.deltaRows, accumulate: true,
                              outputs: outputs, outputCount: count, positives: positive,
                              alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
                }
            }
            rows.spread(u.deltas, over: centre, in: step.input)
        } else {
            for b in 0..<contextCount {
                rows.compose(centre, from: step.input, into: hidden)
                let (count, positive) = step.predict(context[b], into: outputs, negatives: negatives)
                u.perPair(output: step.output, w: hidden, addToInput: false, outputs: outputs, outputCount: count,
                          positives: positive, alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
                rows.spread(u.inputDelta, over: centre, in: step.input)
            }
        }
        return contextCount
    }
}
