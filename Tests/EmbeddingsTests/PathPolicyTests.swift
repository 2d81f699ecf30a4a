import Foundation
import XCTest
@testable import Embeddings

/// The output-path policy (`OutputTarget`, docs/paths.md) and inputs read once
/// (`VectorFormat.read` on pipes), with the binary-file and export checks of issue 21.
final class PathPolicyTests: TemporaryDirectoryTestCase {
    private func writeText(_ text: String, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(text)
        try writer.commit()
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0, path)
        return info.st_mode & S_IFMT
    }

    func testSymbolicLinkIsFollowedAndStaysALink() throws {
        let target = file("target.txt", "old\n")
        XCTAssertEqual(symlink("target.txt", directory + "/link.txt"), 0)
        try writeText("new\n", to: directory + "/link.txt")
        XCTAssertEqual(fileType(directory + "/link.txt"), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "new\n")
        // A dangling link creates its target.
        XCTAssertEqual(symlink("absent.txt", directory + "/dangling.txt"), 0)
        try writeText("made\n", to: directory + "/dangling.txt")
        XCTAssertEqual(fileType(directory + "/dangling.txt"), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: directory + "/absent.txt", encoding: .utf8), "made\n")
    }

    func testFIFOIsWrittenThroughNotReplaced() throws {
        let fifo = directory + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = expectation(description: "reader")
        nonisolated(unsafe) var got = ""
        Thread.detachNewThread {
            // Plain read(2) until end of file: the writer's close ends it.
            let fd = open(fifo, O_RDONLY)
            var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 64)
            while fd >= 0 {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                bytes += chunk[..<n]
            }
            if fd >= 0 { close(fd) }
            got = fd >= 0 ? String(decoding: bytes, as: UTF8.self) : "unreadable"
            received.fulfill()
        }
        try writeText("through\n", to: fifo)
        wait(for: [received], timeout: 10)
        XCTAssertEqual(got, "through\n")
        XCTAssertEqual(fileType(fifo), S_IFIFO)
        XCTAssertEqual(try OutputTarget(path: fifo), .stream(fifo))
    }

    func testDescriptorPathsAreWrittenThrough() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]) }
        try writeText("to the pipe\n", to: "/dev/fd/\(ends[1])")
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(ends[0], &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer[0..<max(n, 0)], as: UTF8.self), "to the pipe\n")
        XCTAssertEqual(try OutputTarget(path: "-"), .descriptor(1))
        XCTAssertEqual(try OutputTarget(path: "/dev/stdout"), .descriptor(1))
    }

    func testDirectoryAndSocketAreRefused() throws {
        XCTAssertThrowsError(try AtomicFileWriter(path: directory)) { error in
            XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
        }
        let socketPath = directory + "/sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in socketPath.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertThrowsError(try writeText("x", to: socketPath)) { error in
            XCTAssertTrue("\(error)".contains("it is a socket"), "\(error)")
        }
        XCTAssertEqual(fileType(socketPath), S_IFSOCK)
    }

    /// Issue 21 defect 2: detection read 6 bytes for the .npy magic, then the reader opened the
    /// path again, so a pipe lost its first bytes.
    func testVectorsFromAPipeKeepEveryByte() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]) }
        let text = Array("2 3\nking 1 2 3\nqueen 1 2 3.5\n".utf8)
        XCTAssertEqual(write(ends[1], text, text.count), text.count)
        close(ends[1])
        let result = try VectorFormat.read(path: "/dev/fd/\(ends[0])")
        XCTAssertEqual(result.embeddings.words, ["king", "queen"])
    }

    func testBinaryRowsWithCRLFAreRead() throws {
        var bytes = Array("2 3\r\n".utf8)
        for (word, values) in [("king", [Float(1), 2, 3]), ("queen", [1, 2, 3.5])] {
            bytes += Array(word.utf8) + [0x20]
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
            bytes += [0x0D, 0x0A]
        }
        let result = try Word2VecReader.parse(bytes, path: "crlf.bin")
        XCTAssertEqual(result.format, .binary)
        XCTAssertEqual(result.embeddings.words, ["king", "queen"])
    }

    func testBinaryWordWithASpaceIsRefused() throws {
        let bytes = binaryBytes([("new york", [1, 2, 3]), ("king", [1, 2, 3]), ("queen", [1, 2, 3.5])])
        XCTAssertThrowsError(try Word2VecReader.parse(bytes, path: "space.bin")) { error in
            XCTAssertTrue("\(error)".contains("holds a space"), "\(error)")
        }
    }

    func testByteOrderMarkIsSkipped() throws {
        let result = try Word2VecReader.parse([0xEF, 0xBB, 0xBF] + Array("2 2\na 1 2\nb 2 1\n".utf8), path: "bom.txt")
        XCTAssertEqual(result.embeddings.words, ["a", "b"])
        XCTAssertTrue(result.hasHeader)
    }

    /// Export writes only what the readers accept: words they would split, and NaN rows, are
    /// refused before anything is written.
    func testWriterRefusesWhatReadersRefuse() throws {
        let path = directory + "/out.txt"
        for (format, word) in [(VectorFormat.word2vecText, "new york"), (.word2vecBinary, "a\nb"), (.glove, ""), (.npy, "x\ry")] {
            XCTAssertThrowsError(try format.write(words: ["ok", word], dimension: 2, to: path) { _, row in row[0] = 1; row[1] = 2 },
                                 "\(format)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(format) wrote a file")
        }
        XCTAssertThrowsError(try VectorFormat.word2vecText.write(words: ["a", "b"], dimension: 1, to: path) { r, row in row[0] = r == 1 ? .nan : 1 }) { error in
            XCTAssertTrue("\(error)".contains("row 1"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        // A tab is a separator in text but an ordinary byte in binary words.
        try VectorFormat.word2vecBinary.write(words: ["a\tb"], dimension: 1, to: path) { _, row in row[0] = 1 }
        XCTAssertEqual(try VectorFormat.read(path: path).embeddings.words, ["a\tb"])
    }
}
