import Foundation
import Kernels
import Embeddings

/// The model file of `w2v lm`: configuration, vocabulary and weights in one checked file,
/// laid out as the classifier's (`ClassifierFile`):
///
///     8 bytes   magic "W2VRNNLM"
///     u32       format version (1)
///     u32       length N of the header
///     N bytes   header, JSON: configuration, sizes, free-form provenance
///     W bytes   vocabulary: the words in id order, each followed by '\n'
///     f32 x P   parameters, in `LanguageModelLayout` order
///     u64       FNV-1a 64 checksum of every byte before it
///
/// Written atomically (`AtomicFileWriter`): a crash never leaves half a model.
public enum LanguageModelFile {
    public static let magic = Array("W2VRNNLM".utf8)
    public static let version: UInt32 = 1

    struct Header: Codable {
        var configuration: LanguageModelConfiguration
        var parameterCount: Int
        var vocabularyBytes: Int
        var provenance: [String: String]
    }

    /// Writes the model and its vocabulary to `path`.
    /// - Complexity: O(file size), assembled in memory.
    public static func write(_ model: LanguageModel<Float>, vocabulary: LanguageModelVocabulary,
                             provenance: [String: String] = [:], to path: String) throws {
        var words: [UInt8] = []
        for word in vocabulary.words { words += word.utf8; words.append(0x0A) }
        let header = Header(configuration: model.configuration, parameterCount: model.parameters.count,
                            vocabularyBytes: words.count, provenance: provenance)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try Array(encoder.encode(header))
        var bytes = magic
        bytes.reserveCapacity(64 + json.count + words.count + 4 * model.parameters.count)
        ClassifierFile.appendInteger(version, to: &bytes)
        ClassifierFile.appendInteger(UInt32(json.count), to: &bytes)
        bytes += json
        bytes += words
        for v in model.parameters { ClassifierFile.appendInteger(v.bitPattern, to: &bytes) }
        ClassifierFile.appendInteger(ClassifierFile.fnv1a(bytes[...]), to: &bytes)
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
    /// - Throws: `.unreadable`, `.notAModel`, `.wrongModelKind` (a classifier), `.unsupportedVersion`, `.corruptModel`.
    public static func read(_ path: String) throws -> (model: LanguageModel<Float>, vocabulary: LanguageModelVocabulary,
                                                       provenance: [String: String]) {
        let bytes: [UInt8]
        do { bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw RecurrentError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            if bytes.count >= 8, Array(bytes[0..<8]) == ClassifierFile.magic {
                throw RecurrentError.wrongModelKind(path: path, found: "classifier (w2v classify train)", expected: "language model")
            }
            throw RecurrentError.notAModel(path: path)
        }
        let found: UInt32 = ClassifierFile.readInteger(bytes, at: 8)
        guard found == version else { throw RecurrentError.unsupportedVersion(path: path, found: found, supported: version) }
        guard bytes.count >= 24 else { throw RecurrentError.corruptModel(path: path, reason: "file is truncated (\(bytes.count) bytes)") }
        let stored: UInt64 = ClassifierFile.readInteger(bytes, at: bytes.count - 8)
        guard ClassifierFile.fnv1a(bytes[..<(bytes.count - 8)]) == stored else {
            throw RecurrentError.corruptModel(path: path, reason: "checksum mismatch (the file was truncated or altered)")
        }
        let headerLength = Int(ClassifierFile.readInteger(bytes, at: 12) as UInt32)
        var offset = 16
        guard offset + headerLength <= bytes.count - 8 else { throw RecurrentError.corruptModel(path: path, reason: "header runs past the end") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(bytes[offset ..< offset + headerLength])) } catch {
            throw RecurrentError.corruptModel(path: path, reason: "unreadable header: \(error)")
        }
        offset += headerLength
        let c = header.configuration
        guard c.layers >= 1, c.hidden >= 1, c.dimension >= 1, c.vocabularySize >= 2, !c.tied || c.hidden == c.dimension,
              header.parameterCount == LanguageModelLayout(c).count,
              offset + header.vocabularyBytes + 4 * header.parameterCount == bytes.count - 8 else {
            throw RecurrentError.corruptModel(path: path, reason: "sizes in the header do not match the file")
        }
        let words = bytes[offset ..< offset + header.vocabularyBytes]
            .split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        let vocabulary = LanguageModelVocabulary(words: words)
        guard words.count == c.vocabularySize, vocabulary.id(LanguageModelVocabulary.endOfSentence) != nil,
              vocabulary.id(LanguageModelVocabulary.unknown) != nil else {
            throw RecurrentError.corruptModel(path: path, reason: "\(words.count) vocabulary words for \(c.vocabularySize) rows, or </s>/<unk> missing")
        }
        offset += header.vocabularyBytes
        let parameters = (0..<header.parameterCount).map { Float(bitPattern: ClassifierFile.readInteger(bytes, at: offset + 4 * $0)) }
        return (LanguageModel(configuration: c, parameters: parameters), vocabulary, header.provenance)
    }
}
