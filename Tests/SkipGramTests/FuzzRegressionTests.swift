import XCTest
import Corpus
@testable import SkipGram

/// Every input kept in Fuzz/Regressions/checkpoint (inputs that once crashed the checkpoint
/// fuzz target, see Fuzz/README.md) is decoded the way the target decodes it, and must be
/// refused with an error, not crash.
final class FuzzRegressionTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions/checkpoint").path

    /// `payload` between a valid header and a trailer with its length and CRC-32.
    static func wrapped(_ payload: [UInt8]) -> [UInt8] {
        var file = Checkpoint.magic
        withUnsafeBytes(of: Checkpoint.version.littleEndian) { file.append(contentsOf: $0) }
        file += [0, 0, 0, 0] + payload
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { file.append(contentsOf: $0) }
        withUnsafeBytes(of: CRC32.checksum(payload).littleEndian) { file.append(contentsOf: $0) }
        return file + Checkpoint.trailerMagic
    }

    func testKeptCheckpointInputsAreRefused() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasPrefix("crash-") }
        XCTAssertFalse(names.isEmpty, "the regression inputs are missing")
        for name in names {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/" + name)))
            for file in [bytes, Self.wrapped(bytes)] {
                XCTAssertThrowsError(try file.withUnsafeBytes { try Checkpoint.decode($0, path: name) }, name) {
                    guard case .checkpointCorrupt? = $0 as? SkipGramError else { return XCTFail("\(name): \($0)") }
                }
            }
        }
    }
}
