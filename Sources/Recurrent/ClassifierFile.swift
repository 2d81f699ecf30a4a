import Kernels
import Corpus
import Embeddings
import Foundation

/// The model file of `w2v classify`: everything prediction needs, in one checked file.
///
/// Layout (integers and floats little-endian):
///
///     8 bytes   magic "W2VRNNCL"
///     u32       format version (1)
///     u32       length N of the header
///     N bytes   header, JSON: network configuration, labels, tokenizer options, sizes,
///               free-form provenance (vectors file, seed, epochs, dev accuracy...)
///     W bytes   vocabulary: the words of embedding rows 1..., each followed by '\n'
///     f32 x V*D embedding table (row 0: the shared unknown-word vector)
///     f32 x P   other parameters, in `ParameterLayout` order
///     u64       FNV-1a 64 checksum of every byte before it
///
/// Written atomically (`AtomicFileWriter`), so a crash never leaves half a model.
public enum ClassifierFile {
    public static let magic = Array("W2VRNNCL".utf8)
    public static let version: UInt32 = 1

    struct Header: Codable {
        var configuration: NetworkConfiguration
        var labels: [String]
        var lowercase: Bool
        var stripPunctuation: Bool
        /// Absent in files written before the option existed (read as false).
        var splitPunctuation: Bool?
        var vocabularySize: Int
        var parameterCount: Int
        var vocabularyBytes: Int
        var provenance: [String: String]
    }

    /// Writes `classifier` to `path`.
    /// - Complexity: O(file size); the file is assembled in memory (about 4 bytes per weight).
    public static func write(_ classifier: SentenceClassifier, provenance: [String: String] = [:], to path: String) throws {
        let network = classifier.network
        var vocabulary: [UInt8] = []
        for word in classifier.words {
            vocabulary += word.utf8
            vocabulary.append(0x0A)
        }
        let header = Header(configuration: network.configuration, labels: classifier.labels,
                            lowercase: classifier.tokenizerOptions.lowercase,
                            stripPunctuation: classifier.tokenizerOptions.stripPunctuation,
                            splitPunctuation: classifier.tokenizerOptions.splitPunctuation,
                            vocabularySize: network.vocabularySize, parameterCount: network.parameters.count,
                            vocabularyBytes: vocabulary.count, provenance: provenance)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try Array(encoder.encode(header))
        var bytes = magic
        bytes.reserveCapacity(64 + json.count + vocabulary.count + 4 * (network.embeddings.count + network.parameters.count))
        appendInteger(version, to: &bytes)
        appendInteger(UInt32(json.count), to: &bytes)
        bytes += json
        bytes += vocabulary
        for v in network.embeddings { appendInteger(v.bitPattern, to: &bytes) }
        for v in network.parameters { appendInteger(v.bitPattern, to: &bytes) }
        appendInteger(fnv1a(bytes[...]), to: &bytes)
        let writer = try AtomicFileWriter(path: path)
        do {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Reads and verifies a model file.
    /// - Returns: the classifier and the provenance stored with it.
    public static func read(_ path: String) throws -> (classifier: SentenceClassifier, provenance: [String: String]) {
        let bytes: [UInt8]
        do { bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw RecurrentError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            if bytes.count >= 8, Array(bytes[0..<8]) == LanguageModelFile.magic {
                throw RecurrentError.wrongModelKind(path: path, found: "language model (w2v lm train)", expected: "classifier")
            }
            throw RecurrentError.notAModel(path: path)
        }
        let found: UInt32 = readInteger(bytes, at: 8)
        guard found == version else { throw RecurrentError.unsupportedVersion(path: path, found: found, supported: version) }
        guard bytes.count >= 24 else { throw RecurrentError.corruptModel(path: path, reason: "file is truncated (\(bytes.count) bytes)") }
        let stored: UInt64 = readInteger(bytes, at: bytes.count - 8)
        guard fnv1a(bytes[..<(bytes.count - 8)]) == stored else {
            throw RecurrentError.corruptModel(path: path, reason: "checksum mismatch (the file was truncated or altered)")
        }
        let headerLength = Int(readInteger(bytes, at: 12) as UInt32)
        var offset = 16
        guard offset + headerLength <= bytes.count - 8 else { throw RecurrentError.corruptModel(path: path, reason: "header runs past the end") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(bytes[offset ..< offset + headerLength])) } catch {
            throw RecurrentError.corruptModel(path: path, reason: "unreadable header: \(error)")
        }
        offset += headerLength
        let c = header.configuration
        let tableCount = header.vocabularySize * c.embeddingDimension
        guard c.layers >= 1, c.hidden >= 1, c.embeddingDimension >= 1, c.classes >= 2, header.labels.count == c.classes,
              header.vocabularySize >= 1, header.parameterCount == ParameterLayout(c).count,
              offset + header.vocabularyBytes + 4 * (tableCount + header.parameterCount) == bytes.count - 8 else {
            throw RecurrentError.corruptModel(path: path, reason: "sizes in the header do not match the file")
        }
        let words = bytes[offset ..< offset + header.vocabularyBytes]
            .split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        guard words.count == header.vocabularySize - 1 else {
            throw RecurrentError.corruptModel(path: path, reason: "\(words.count) vocabulary words for \(header.vocabularySize - 1) rows")
        }
        offset += header.vocabularyBytes
        func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return (0..<count).map { Float(bitPattern: readInteger(bytes, at: offset + 4 * $0)) }
        }
        let table = floats(tableCount)
        let parameters = floats(header.parameterCount)
        let network = RecurrentNetwork(configuration: c, parameters: parameters, embeddings: table)
        let options = TokenizerOptions(lowercase: header.lowercase, stripPunctuation: header.stripPunctuation,
                                       splitPunctuation: header.splitPunctuation ?? false)
        return (SentenceClassifier(network: network, words: words, labels: header.labels, tokenizerOptions: options),
                header.provenance)
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
