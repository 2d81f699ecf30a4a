import Foundation
import Corpus
@testable import SkipGram

/// A small, fast training setup shared by the checkpoint and reproducibility tests: the
/// first ~100k tokens of the shipped Wikipedia slice, loaded from memory.
enum TrainingFixture {
    static let corpusPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora/wikivisual8-head.txt").path

    /// The first `bytes` bytes of the slice, cut after the last space.
    static func slice(bytes: Int = 600_000) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: corpusPath))
        defer { try? handle.close() }
        var data = Array(try handle.read(upToCount: bytes) ?? Data())
        if let space = data.lastIndex(of: 0x20) { data.removeSubrange(space...) }
        return data
    }

    static let corpus: LoadedCorpus = {
        let bytes = try! slice()
        return try! CorpusLoader.load(bytes: bytes, name: "slice", options: CorpusOptions(minCount: 5))
    }()

    static let source = CorpusSource(path: "slice", byteCount: 600_000, options: CorpusOptions(minCount: 5))

    static func configuration(epochs: Int = 4, seed: UInt64 = 7) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.dimension = 16
        c.epochs = epochs
        c.threads = 1
        c.seed = seed
        return c
    }

    static func trainer(_ configuration: TrainingConfiguration = configuration()) throws -> Trainer {
        try Trainer(configuration: configuration, vocabulary: corpus.vocabulary, corpus: corpus.corpus)
    }

    /// W and C as raw bit patterns, for byte-identical comparisons.
    static func bits(_ trainer: Trainer) -> [UInt32] {
        (trainer.input.toArray() + trainer.output.toArray()).map(\.bitPattern)
    }

    /// A fresh directory under the temporary directory, removed by the caller.
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
