import XCTest
import Embeddings
@testable import SkipGram

/// The streaming export of the trainer and of a checkpoint writes exactly the bytes that
/// `Word2VecWriter.write(_:)` writes for the corresponding `Embeddings` value.
final class StreamingExportTests: XCTestCase {
    func testTrainerAndCheckpointStreamTheSameBytes() throws {
        var configuration = TrainingFixture.configuration(epochs: 1)
        configuration.dimension = 20
        let trainer = try TrainingFixture.trainer(configuration)
        _ = try trainer.train()
        let directory = try TrainingFixture.temporaryDirectory("streaming-export")
        let checkpointPath = directory + "/run.ckpt"
        try trainer.writeCheckpoint(to: checkpointPath, source: TrainingFixture.source)
        let checkpoint = try Checkpoint.read(path: checkpointPath)
        for choice in VectorChoice.allCases {
            for binary in [false, true] {
                let reference = directory + "/reference-\(choice.rawValue)-\(binary)"
                try Word2VecWriter.write(trainer.embeddings(choice), to: reference, binary: binary)
                let expected = try Data(contentsOf: URL(fileURLWithPath: reference))
                let streamed = directory + "/streamed-\(choice.rawValue)-\(binary)"
                try trainer.writeVectors(choice, to: streamed, binary: binary)
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: streamed)), expected, "trainer \(choice) binary \(binary)")
                let exported = directory + "/exported-\(choice.rawValue)-\(binary)"
                try checkpoint.writeVectors(choice, to: exported, binary: binary)
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: exported)), expected, "checkpoint \(choice) binary \(binary)")
            }
        }
    }
}

import Foundation
