import XCTest
import Embeddings
@testable import SkipGram

/// The streaming export of the trainer and of a checkpoint writes exactly the bytes that
/// `VectorFormat.write(_:to:)` writes for the corresponding `Embeddings` value, in every format
/// (companion files included).
final class StreamingExportTests: XCTestCase {
    func testTrainerAndCheckpointStreamTheSameBytes() throws {
        try requireLongTests()
        var configuration = TrainingFixture.configuration(epochs: 1)
        configuration.dimension = 20
        let trainer = try TrainingFixture.trainer(configuration)
        _ = try trainer.train()
        let directory = try TrainingFixture.temporaryDirectory("streaming-export")
        let checkpointPath = directory + "/run.ckpt"
        try trainer.writeCheckpoint(to: checkpointPath, source: TrainingFixture.source)
        let checkpoint = try Checkpoint.read(path: checkpointPath)
        for choice in VectorChoice.allCases {
            for format in VectorFormat.allCases {
                func contents(_ path: String) throws -> [Data] {
                    try format.files(for: path).map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
                }
                let reference = directory + "/reference-\(choice.rawValue)-\(format.rawValue)"
                try format.write(trainer.embeddings(choice), to: reference)
                let expected = try contents(reference)
                let streamed = directory + "/streamed-\(choice.rawValue)-\(format.rawValue)"
                try trainer.writeVectors(choice, to: streamed, format: format)
                XCTAssertEqual(try contents(streamed), expected, "trainer \(choice) \(format)")
                let exported = directory + "/exported-\(choice.rawValue)-\(format.rawValue)"
                try checkpoint.writeVectors(choice, to: exported, format: format)
                XCTAssertEqual(try contents(exported), expected, "checkpoint \(choice) \(format)")
            }
        }
    }
}

import Foundation
