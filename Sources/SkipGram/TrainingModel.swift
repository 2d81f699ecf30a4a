import Kernels

/// What the SGNS engine (`WorkerContext.run`) is generic over: how one centre word's window
/// becomes the inputs trained against the outputs in C (the centre, label 1, then the
/// negatives, label 0), and how each input's gradient is spread back onto rows of W.
/// fastText separates the same axis as `model_name {cbow, sg}` (`FastText::cbow`,
/// `FastText::skipgram`); finalfrontier as its `Trainer` trait.
///
/// The engine reads sentences, subsamples, draws the dynamic radius and the negatives, and
/// decays the learning rate; a model only turns `(context, outputs)` into row updates. Each
/// model is a value whose `Rows` (whole words or fastText subwords) says which rows of W make
/// up a word's input vector, so one file per model and one per composition suffice; the
/// engine is specialised for every pair, which keeps whole-word skip-gram as fast as a
/// hand-written loop.
protocol TrainingModel: Sendable {
    associatedtype Rows: WordRows
    /// The rows of W each word's input vector is the mean of.
    var rows: Rows { get }
    /// True when one set of negatives is drawn per centre word (so the engine draws it a centre
    /// ahead and prefetches its rows of C); false for word2vec.c's fresh negatives per pair.
    func sharesNegatives(_ update: TrainingConfiguration.UpdateMode) -> Bool
    /// The most outputs one `train` call puts in `outputs` (its capacity), when one
    /// prediction has at most `prediction` outputs (the target and its negatives, or a path).
    func maxOutputs(window: Int, prediction: Int) -> Int
    /// Trains the centre word against its `contextCount` context words `context`. When
    /// `sharesNegatives`, `outputs[0..<outputCount]` hold the centre's prediction (the centre
    /// then the shared negatives, or its path in the Huffman tree), the first `positives` of
    /// them label 1; otherwise `outputCount` is 0, `outputs[0]` is the centre, and the model
    /// makes each prediction with `step.predict`, whose `negatives(buffer, word)` writes up to
    /// `negative` noise words other than `word` and returns how many. Returns the examples
    /// trained (the loss's denominator): context words for skip-gram, one per window for CBOW.
    func train(context: UnsafePointer<Int32>, contextCount: Int,
               outputs: UnsafeMutablePointer<Int32>, outputCount: Int, positives: Int,
               step: Step, loss: inout Float, negatives: (UnsafeMutablePointer<Int32>, Int32) -> Int) -> Int
}

extension TrainingModel {
    func maxOutputs(window: Int, prediction: Int) -> Int { prediction }
}

/// What one window's update works with: the matrices, the worker's scratch, the rate, and
/// the update mode (`batched`: a window's pairs as one step).
struct Step {
    let input: SharedMatrix
    let output: SharedMatrix
    let update: WindowUpdate
    let alpha: Float
    let sigmoid: SigmoidTable
    var batched = true
    /// The tree of hierarchical softmax; nil with negative sampling.
    var tree: HuffmanTree? = nil

    /// Writes into `buffer` the outputs that predict `word`, the positive ones first, and
    /// returns how many there are and how many are positive: `word` and its noise words
    /// (drawn by `negatives`), or `word`'s path in the tree.
    @inline(__always)
    func predict(_ word: Int32, into buffer: UnsafeMutablePointer<Int32>,
                 negatives: (UnsafeMutablePointer<Int32>, Int32) -> Int) -> (count: Int, positives: Int) {
        if let tree { return tree.writePrediction(of: word, into: buffer) }
        buffer[0] = word
        return (1 &+ negatives(buffer + 1, word), 1)
    }
}

/// Which rows of W a word's input vector is the mean of: for whole words its own row; with
/// subwords its row and its character n-grams' bucket rows (fastText `Dictionary::getSubwords`).
protocol WordRows: Sendable {
    /// True when every word is exactly its own row, so the engine hands W's rows to the
    /// kernels directly instead of composing and spreading.
    static var isWholeWord: Bool { get }
    /// Rows of W: the vocabulary, plus the buckets with subwords.
    var rowCount: Int { get }
    /// Most rows any one word is made of.
    var maxRows: Int { get }
    /// The rows of `word`, its own row first.
    func rows(of word: Int32) -> UnsafeBufferPointer<Int32>
}

extension WordRows {
    /// Writes the mean of `word`'s rows of W into `destination` (fastText `Model::computeHidden`:
    /// the rows summed in order, then scaled by 1/n).
    /// - Complexity: O(rows x dimension).
    @inline(__always)
    func compose(_ word: Int32, from input: SharedMatrix, into destination: UnsafeMutablePointer<Float>) {
        let ids = rows(of: word)
        let n = input.stride
        destination.update(from: input.row(Int(ids[0])), count: n)
        for k in 1..<ids.count { VectorKernels.axpy(1, input.row(Int(ids[k])), destination, count: n) }
        if ids.count > 1 {
            let scale = 1 / Float(ids.count)
            for k in 0..<n { destination[k] *= scale }
        }
    }

    /// Adds `delta` to every row of `word` (fastText `Model::update`: the hidden vector's
    /// gradient is added to each input row unscaled, as word2vec.c's CBOW adds `neu1e` to each
    /// context row, so the step on a row is n times the exact gradient of the mean's loss).
    /// - Complexity: O(rows x dimension).
    @inline(__always)
    func spread(_ delta: UnsafePointer<Float>, over word: Int32, in input: SharedMatrix) {
        for id in rows(of: word) { VectorKernels.axpy(1, delta, input.row(Int(id)), count: input.stride) }
    }
}

/// Every word is its own row of W: word2vec.c's models.
struct WholeWords: WordRows {
    let rowCount: Int
    static var isWholeWord: Bool { true }
    var maxRows: Int { 1 }
    /// The identity table, so that `rows(of:)` has one row to point at for any word.
    private let identity: IdentityRows

    init(vocabularySize: Int) {
        rowCount = vocabularySize
        identity = IdentityRows(count: vocabularySize)
    }

    @inline(__always)
    func rows(of word: Int32) -> UnsafeBufferPointer<Int32> { identity.row(word) }
}

/// The ids 0..<count stored once, so a whole word's row list is a one-element view.
/// Unchecked: the table is written once in `init` and only read afterwards.
final class IdentityRows: @unchecked Sendable {
    private let ids: UnsafeMutablePointer<Int32>
    init(count: Int) {
        ids = .allocate(capacity: max(1, count))
        for i in 0..<count { ids[i] = Int32(i) }
    }
    deinit { ids.deallocate() }
    @inline(__always)
    func row(_ word: Int32) -> UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: ids + Int(word), count: 1) }
}
