/// Everything one worker needs to continue where it stopped: its random stream, its place in
/// its share of the corpus, and its loss tally. A value type, seeded from `seed &+ worker`,
/// saved in checkpoints.
public struct WorkerState: Sendable, Codable, Equatable {
    /// The worker's random stream (subsampling, windows, negatives).
    public var random: RandomGenerator
    /// Epochs this worker has completed.
    public var epoch: Int
    /// Next index to read in the id stream (within the worker's range).
    public var position: Int
    /// Sum of the SGNS loss over every pair this worker trained, in `Double`
    /// (gensim's float32 tally loses precision: gensim #2735, #2743).
    public var loss: Double
    /// Positive (centre, context) pairs trained.
    public var pairs: Int
    /// Vocabulary tokens read (before subsampling), over all epochs.
    public var words: Int

    /// The initial state of worker `worker` for a run seeded with `seed`, starting at `position`.
    public init(seed: UInt64, worker: Int, position: Int) {
        random = RandomGenerator(seed: seed &+ UInt64(worker) &+ 1)
        epoch = 0
        self.position = position
        loss = 0
        pairs = 0
        words = 0
    }
}
