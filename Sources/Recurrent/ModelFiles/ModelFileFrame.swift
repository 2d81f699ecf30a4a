import Foundation
import Kernels
import Embeddings

/// The frame every model file (`ClassifierFile`, `TaggerFile`, `LanguageModelFile`) shares:
///
///     8 bytes   magic, naming the kind of model ("W2VRNNCL", "W2VRNNTG", "W2VRNNLM")
///     u32       format version
///     u32       length N of the header
///     N bytes   header, JSON with sorted keys (the kind's own `Header`)
///     B bytes   body: the kind's vocabulary and weights, laid out as its header says
///     u64       FNV-1a 64 checksum of every byte before it
///
/// Integers and floats little-endian. Written atomically (`AtomicFileWriter`), so a failure
/// never leaves half a model; read back with every check done before the body is parsed
/// (magic, version, length, checksum, header), each failure a `RecurrentError`.
struct ModelFileFrame: Sendable {
    let magic: [UInt8]
    let version: UInt32
    /// The error for a file that does not start with `magic`, given the path and the file's
    /// first (up to) 8 bytes: `.notAModel`, or `.wrongModelKind` for another known kind.
    let misfit: @Sendable (_ path: String, _ leading: [UInt8]) -> RecurrentError
    /// The model files `w2v` writes, by magic, as a `.wrongModelKind` error names them.
    static let kinds: [(magic: [UInt8], name: String)] = [
        (Array("W2VRNNCL".utf8), "classifier model (written by 'w2v classify train')"),
        (Array("W2VRNNLM".utf8), "language model (written by 'w2v lm train')"),
        (Array("W2VRNNTG".utf8), "tagger model (written by 'w2v tag train')"),
    ]

    /// The `misfit` of a frame expecting `expected`: another known kind is named (`.wrongModelKind`),
    /// anything else is `unknown(path)`.
    static func misfit(expected: String, unknown: @escaping @Sendable (String) -> RecurrentError)
        -> @Sendable (String, [UInt8]) -> RecurrentError {
        { path, leading in
            if let kind = kinds.first(where: { $0.magic == leading }) {
                return RecurrentError.wrongModelKind(path: path, found: kind.name, expected: expected)
            }
            return unknown(path)
        }
    }

    /// Writes magic, version, `header` as JSON, the body `appendBody` adds, and the checksum,
    /// atomically to `path`. `bodyCount` (the body's size in bytes) only reserves memory.
    /// - Complexity: O(file size); the file is assembled in memory.
    func write(header: some Encodable, bodyCount: Int, to path: String, appendBody: (inout [UInt8]) -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try Array(encoder.encode(header))
        var bytes = magic
        bytes.reserveCapacity(64 + json.count + bodyCount)
        Self.appendInteger(version, to: &bytes)
        Self.appendInteger(UInt32(json.count), to: &bytes)
        bytes += json
        appendBody(&bytes)
        Self.appendInteger(Self.fnv1a(bytes[...]), to: &bytes)
        let writer = try AtomicFileWriter(path: path)
        do {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// The bytes of the file at `path`, for `decode`.
    /// - Throws: `.unreadable`.
    func load(_ path: String) throws -> [UInt8] {
        try InputFile.contents(path)
    }

    /// Checks the frame of a model file's `bytes` (named `path` in errors); returns the decoded
    /// header and the body to parse.
    /// - Throws: the `misfit` error, `.unsupportedVersion`, `.corruptModel` (truncated,
    ///   checksum mismatch, header past the end or not decodable).
    func decode<Header: Decodable>(_ bytes: [UInt8], path: String, header: Header.Type) throws -> (header: Header, body: Body) {
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw misfit(path, Array(bytes.prefix(8))) }
        let found: UInt32 = Self.readInteger(bytes, at: 8)
        guard found == version else { throw RecurrentError.unsupportedVersion(path: path, found: found, supported: version) }
        guard bytes.count >= 24 else { throw RecurrentError.corruptModel(path: path, reason: "file is truncated (\(bytes.count) bytes)") }
        let stored: UInt64 = Self.readInteger(bytes, at: bytes.count - 8)
        guard Self.fnv1a(bytes[..<(bytes.count - 8)]) == stored else {
            throw RecurrentError.corruptModel(path: path, reason: "checksum mismatch (the file was truncated or altered)")
        }
        let headerLength = Int(Self.readInteger(bytes, at: 12) as UInt32)
        let offset = 16
        guard offset + headerLength <= bytes.count - 8 else { throw RecurrentError.corruptModel(path: path, reason: "header runs past the end") }
        let decoded: Header
        do { decoded = try JSONDecoder().decode(Header.self, from: Data(bytes[offset ..< offset + headerLength])) } catch {
            throw RecurrentError.corruptModel(path: path, reason: "unreadable header: \(error)")
        }
        return (decoded, Body(path: path, bytes: bytes, offset: offset + headerLength))
    }

    /// The body of a checked file, read front to back; the caller checks `remaining` against
    /// the sizes in its header before taking anything.
    struct Body {
        let path: String
        private let bytes: [UInt8]
        private var offset: Int

        fileprivate init(path: String, bytes: [UInt8], offset: Int) {
            self.path = path
            self.bytes = bytes
            self.offset = offset
        }

        /// Bytes left before the checksum.
        var remaining: Int { bytes.count - 8 - offset }

        /// `.corruptModel` for this file.
        func corrupt(_ reason: String) -> RecurrentError { .corruptModel(path: path, reason: reason) }

        /// Refuses the first of `fields` (header name, value) outside `lowest...remaining`:
        /// every count a header states (layers, units, rows, bytes) takes at least one byte
        /// of the body, so this bounds each one by the file before any product is formed.
        func require(_ fields: KeyValuePairs<String, Int>, atLeast lowest: Int) throws {
            for (name, value) in fields where !(lowest...max(lowest, remaining)).contains(value) {
                throw corrupt("header field \(name) is \(value), outside \(lowest)...\(max(lowest, remaining)) (the body holds \(remaining) bytes)")
            }
        }

        /// Refuses a header list (labels, tags) that names an entry twice.
        func requireDistinct(_ entries: [String], _ name: String) throws {
            var seen = Set<String>()
            for entry in entries where !seen.insert(entry).inserted {
                throw corrupt("header field \(name) names '\(entry)' twice")
            }
        }

        /// The next `byteCount` bytes as words, each followed by '\n' (as `ModelFileFrame.lines` writes them).
        mutating func words(byteCount: Int) -> [String] {
            defer { offset += byteCount }
            return bytes[offset ..< offset + byteCount].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
                .map { String(decoding: $0, as: UTF8.self) }
        }

        /// The next `count` little-endian f32 values.
        mutating func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return (0..<count).map { Float(bitPattern: ModelFileFrame.readInteger(bytes, at: offset + 4 * $0)) }
        }
    }

    /// `words` in UTF-8, each followed by '\n'.
    static func lines(_ words: some Sequence<String>) -> [UInt8] {
        var bytes: [UInt8] = []
        for word in words {
            bytes += word.utf8
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Appends `values` as little-endian f32.
    static func appendFloats(_ values: [Float], to bytes: inout [UInt8]) {
        for v in values { appendInteger(v.bitPattern, to: &bytes) }
    }

    /// FNV-1a, 64-bit (Fowler, Noll & Vo).
    /// - Complexity: O(n), about 1 ns per byte.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    static func appendInteger<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    static func readInteger<I: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int) -> I {
        var value: I = 0
        for k in 0..<(I.bitWidth / 8) { value |= I(truncatingIfNeeded: bytes[offset + k]) << (8 * k) }
        return value
    }
}
