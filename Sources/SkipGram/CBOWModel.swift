import Kernels

/// Continuous bag of words with negative sampling (Mikolov et al. 2013; word2vec.c
/// `TrainModelThread` with `cbow == 1`, `cbow_mean == 1`; fastText `FastText::cbow`): the mean
/// of every row of the window's context words (with subwords: all their n-gram rows pooled, as
/// fastText's `bow`) predicts the centre word against one set of negatives drawn per centre.
/// The hidden vector's error `neu1e` is added, unscaled, to every row that went into the mean,
/// as both references do.
struct CBOWModel<Rows: WordRows>: TrainingModel {
    let rows: Rows

    /// word2vec.c draws CBOW's negatives once per centre word, whatever the update mode (and
    /// its prediction is the centre's, so with hierarchical softmax it is the centre's path).
    func sharesNegatives(_ update: TrainingConfiguration.UpdateMode) -> Bool { true }

    /// - Complexity: `(bag rows x 2 + 3 x outputCount) x dimension` multiply-adds.
    @inline(__always)
    func train(context: UnsafePointer<Int32>, contextCount: Int,
               outputs: UnsafeMutablePointer<Int32>, outputCount: Int, positives: Int,
               step: Step, loss: inout Float, negatives: (UnsafeMutablePointer<Int32>, Int32) -> Int) -> Int {
        let u = step.update, n = u.stride
        let hidden = u.composed
        hidden.update(repeating: 0, count: n)
        var bag = 0
        for b in 0..<contextCount {
            for id in rows.rows(of: context[b]) {
                VectorKernels.axpy(1, step.input.row(Int(id)), hidden, count: n)
                bag &+= 1
            }
        }
        let scale = 1 / Float(bag)
        for k in 0..<n { hidden[k] *= scale }
        u.perPair(output: step.output, w: hidden, addToInput: false, outputs: outputs, outputCount: outputCount,
                  positives: positives, alpha: step.alpha, sigmoid: step.sigmoid, loss: &loss)
        for b in 0..<contextCount { rows.spread(u.inputDelta, over: context[b], in: step.input) }
        return 1
    }
}
