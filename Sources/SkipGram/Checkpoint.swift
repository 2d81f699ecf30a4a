import Corpus
import Embeddings

/// Where a run's corpus came from, so that a resumed run can reload it the same way and
/// refuse a different one.
public struct CorpusSource: Sendable, Equatable {
    /// The corpus path as given when training started.
    public var path: String
    /// Its size in bytes then.
    public var byteCount: Int
    /// How it was tokenized and cut into a vocabulary (`idsDirectory` is not recorded:
    /// where the ids live does not change them).
    public var options: CorpusOptions
    /// Every input file, in reading order, as it was when read (format version 2; empty
    /// when read from a version-1 checkpoint, which recorded only `path` and `byteCount`).
    public var files: [SourceFile]

    public init(path: String, byteCount: Int, options: CorpusOptions, files: [SourceFile] = []) {
        self.path = path
        self.byteCount = byteCount
        self.files = files
        var options = options
        options.idsDirectory = nil
        self.options = options
    }
}

/// What identifies the encoded corpus a run trains on: resuming on any other id stream
/// would silently train on different data.
public struct CorpusFingerprint: Sendable, Equatable {
    /// Length of the id stream, sentence breaks included (`EncodedCorpus.length`).
    public var length: Int
    /// Word ids in it (`EncodedCorpus.wordCount`).
    public var wordCount: Int
    /// CRC-32 of the id stream's bytes.
    public var checksum: UInt32

    public init(length: Int, wordCount: Int, checksum: UInt32) {
        self.length = length
        self.wordCount = wordCount
        self.checksum = checksum
    }

    /// The fingerprint of `corpus`. - Complexity: O(corpus length), about 0.3 s per GB of ids.
    public init(_ corpus: EncodedCorpus) {
        length = corpus.length
        wordCount = corpus.wordCount
        checksum = corpus.withIDs { CRC32.checksum(UnsafeRawBufferPointer($0)) }
    }
}

/// Everything in a checkpoint except the two matrices: the configuration, the corpus it
/// trains on, the vocabulary with counts, and where every worker stands (its random
/// stream, epoch, position, loss) together with the global token counter that drives the
/// learning-rate schedule.
public struct CheckpointHeader: Sendable, Equatable {
    public var configuration: TrainingConfiguration
    public var source: CorpusSource
    public var fingerprint: CorpusFingerprint
    public var vocabulary: Vocabulary
    /// One state per worker thread (`configuration.threads` of them).
    public var workers: [WorkerState]
    /// Tokens processed by all workers so far (the learning-rate schedule's clock).
    public var wordsProcessed: Int

    public init(configuration: TrainingConfiguration, source: CorpusSource, fingerprint: CorpusFingerprint,
                vocabulary: Vocabulary, workers: [WorkerState], wordsProcessed: Int) {
        self.configuration = configuration
        self.source = source
        self.fingerprint = fingerprint
        self.vocabulary = vocabulary
        self.workers = workers
        self.wordsProcessed = wordsProcessed
    }

    /// Tokens of the whole run: `epochs x corpus words`.
    public var totalWords: Int { configuration.epochs * fingerprint.wordCount }

    /// Fraction of the run done, 0...1.
    public var fraction: Double { min(1, Double(wordsProcessed) / Double(max(totalWords, 1))) }

    /// True when every worker has finished every epoch.
    public var isFinished: Bool { workers.allSatisfy { $0.epoch >= configuration.epochs } }

    /// The learning rate at which training continues.
    public var alpha: Double {
        Trainer.learningRate(start: configuration.alpha, processed: wordsProcessed, total: totalWords)
    }
}

/// A training run saved to disk, to be resumed (`Trainer(checkpoint:vocabulary:corpus:)`)
/// or exported as vectors (`embeddings(_:)`).
///
/// ## File format, version 2 (all integers and floats little-endian)
///
///     "w2v-ckpt"  magic, 8 bytes
///     UInt32      format version (2; version 1 is still read)
///     UInt32      reserved, 0
///     payload     (below)
///     UInt64      payload length in bytes
///     UInt32      CRC-32 of the payload (see `CRC32`)
///     "ckpt-end"  trailer magic, 8 bytes
///
/// The payload: the configuration (fixed fields); the corpus source (path, byte count,
/// tokenizer and vocabulary options; from version 2 the input files, each as path, size,
/// modification time and fingerprint, see `SourceFile`); the corpus fingerprint (id-stream length, word count,
/// CRC-32 of the ids); the global token counter; per worker its random state, epoch,
/// position, loss, pairs and words; the vocabulary (per word its count and its UTF-8 bytes
/// with a length prefix); then `rows`, `columns` and the `rows x columns` floats of W, then
/// of C. The reader checks the magic, the version, the length and the checksum before it
/// decodes a field, then every length against the bytes left, so a damaged or hostile file
/// gets an error naming the byte offset, never a crash or a huge allocation.
///
/// Files are written through `AtomicFileWriter`: a checkpoint on disk is either the previous
/// complete one or the new complete one, never a mixture.
public struct Checkpoint: Sendable {
    public static let magic: [UInt8] = Array("w2v-ckpt".utf8)
    public static let trailerMagic: [UInt8] = Array("ckpt-end".utf8)
    /// The format version this build writes and the newest it reads (1: no file list).
    public static let version: UInt32 = 2
    /// Bytes before the payload: magic, version, reserved.
    static let headerSize = 16
    /// Bytes after the payload: length, checksum, trailer magic.
    static let trailerSize = 20

    public let header: CheckpointHeader
    /// W, row-major `vocabulary.count x dimension`.
    public let input: [Float]
    /// C, row-major `vocabulary.count x dimension`.
    public let output: [Float]

    public init(header: CheckpointHeader, input: [Float], output: [Float]) {
        let size = header.vocabulary.count * header.configuration.dimension
        precondition(input.count == size && output.count == size, "Checkpoint: matrices do not match the vocabulary and dimension")
        self.header = header
        self.input = input
        self.output = output
    }

    /// Writes the saved vectors (W, or W + C) in `format`, row by row.
    /// - Complexity: O(vocabulary x dimension) time, O(dimension) extra memory.
    public func writeVectors(_ choice: VectorChoice = .input, to path: String, format: VectorFormat = .word2vecText) throws {
        let dimension = header.configuration.dimension
        try input.withUnsafeBufferPointer { w in
            try output.withUnsafeBufferPointer { c in
                try choice.write(words: header.vocabulary.words, dimension: dimension, to: path, format: format) {
                    (w.baseAddress! + $0 * dimension, c.baseAddress! + $0 * dimension)
                }
            }
        }
    }

    /// The saved vectors as an immutable value, W or W + C, in vocabulary order.
    /// - Complexity: O(vocabulary x dimension).
    public func embeddings(_ choice: VectorChoice = .input) -> Embeddings {
        var values = input
        if choice == .inputPlusOutput {
            for i in values.indices { values[i] += output[i] }
        }
        return Embeddings(words: header.vocabulary.words, dimension: header.configuration.dimension, vectors: values)
    }
}
