import Kernels
import Embeddings
import XCTest
@testable import Recurrent

/// Work spread over threads never crashes, whatever the thread count against the number of
/// items (1, 2, 3, 7 and 16 threads on 0, 1, 5, 13, 40 and 150 sentences of lengths 1-9, batches that do not
/// divide the data), and predictions do not depend on the thread count.
final class ThreadCountTests: XCTestCase {
    static let threadCounts = [1, 2, 3, 7, 16]

    func testSharesCoverEveryItemOnce() {
        for parts in 1...20 {
            for count in 0...40 {
                var seen: [Int] = []
                for p in 0..<parts {
                    let r = WorkShare.range(p, of: parts, count: count)
                    XCTAssertLessThanOrEqual(r.count, count / parts + 1)
                    XCTAssertGreaterThanOrEqual(r.count, count / parts)
                    seen += Array(r)
                }
                XCTAssertEqual(seen, Array(0..<count), "parts \(parts), count \(count)")
            }
        }
    }

    func testPredictionsDoNotDependOnThreads() {
        let configuration = NetworkConfiguration(cell: .gru, bidirectional: true, layers: 1, hidden: 5,
                                                 pooling: .mean, embeddingDimension: 4, classes: 3)
        let network: RecurrentNetwork<Float> = TestNetworks.random(configuration, vocabulary: 11, seed: 4)
        // Lengths 1-9 and more sentences than one padded prediction batch holds.
        let all = MemoryTaskTests.sequences(150, seed: 8).enumerated().map { Array($1.tokens.prefix(1 + $0 % 9)) }
        for count in [0, 1, 5, 13, 40, 150] {
            let sentences = Array(all.prefix(count))
            let reference = Trainer.predict(network, sentences, workers: 1)
            XCTAssertEqual(reference.count, count)
            for threads in Self.threadCounts {
                XCTAssertEqual(Trainer.predict(network, sentences, workers: threads), reference, "\(count) sentences, \(threads) threads")
            }
        }
    }

    /// Batches of 5 over 13 sentences (a last batch of 3) with up to 16 workers: every
    /// configuration trains without crashing, counts every sentence, and lowers the loss.
    func testTrainingWithMoreThreadsThanSentences() {
        let train = MemoryTaskTests.sequences(13, seed: 11), dev = MemoryTaskTests.sequences(4, seed: 12)
        let configuration = NetworkConfiguration(cell: .lstm, bidirectional: true, layers: 2, hidden: 4,
                                                 pooling: .final, embeddingDimension: 4, classes: 2)
        for threads in Self.threadCounts {
            var network: RecurrentNetwork<Float> = TestNetworks.random(configuration, vocabulary: 11, seed: 2)
            var options = TrainingOptions()
            options.epochs = 3
            options.patience = 0
            options.batchSize = 5
            options.dropout = 0.2
            options.learningRate = 0.01
            options.workers = threads
            let result = Trainer.train(&network, train: train, dev: dev, options: options)
            XCTAssertEqual(result.reports.count, 3)
            XCTAssertTrue(result.reports.allSatisfy { $0.loss.isFinite && $0.trainAccuracy * 13 == ($0.trainAccuracy * 13).rounded() },
                          "\(threads) threads: \(result.reports.map(\.loss))")
            XCTAssertLessThan(result.reports.last!.loss, result.reports.first!.loss, "\(threads) threads")
        }
    }
}
