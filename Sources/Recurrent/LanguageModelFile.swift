import Kernels

/// The model file of `w2v lm`: configuration, vocabulary and weights in one checked file,
/// in the `ModelFileFrame` every model file shares:
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
    static let frame = ModelFileFrame(magic: magic, version: version,
                                      misfit: ModelFileFrame.misfit(expected: "language model") { .notAModel(path: $0) })

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
        let words = ModelFileFrame.lines(vocabulary.words)
        let header = Header(configuration: model.configuration, parameterCount: model.parameters.count,
                            vocabularyBytes: words.count, provenance: provenance)
        try frame.write(header: header, bodyCount: words.count + 4 * model.parameters.count, to: path) { bytes in
            bytes += words
            ModelFileFrame.appendFloats(model.parameters, to: &bytes)
        }
    }

    /// Reads and verifies a model file.
    /// - Throws: `.unreadable`, `.notAModel`, `.wrongModelKind` (a classifier), `.unsupportedVersion`, `.corruptModel`.
    public static func read(_ path: String) throws -> (model: LanguageModel<Float>, vocabulary: LanguageModelVocabulary,
                                                       provenance: [String: String]) {
        var (header, body) = try frame.read(path, header: Header.self)
        let c = header.configuration
        guard c.layers >= 1, c.hidden >= 1, c.dimension >= 1, c.vocabularySize >= 2, !c.tied || c.hidden == c.dimension,
              header.parameterCount == LanguageModelLayout(c).count,
              header.vocabularyBytes + 4 * header.parameterCount == body.remaining else {
            throw body.corrupt("sizes in the header do not match the file")
        }
        let words = body.words(byteCount: header.vocabularyBytes)
        let vocabulary = LanguageModelVocabulary(words: words)
        guard words.count == c.vocabularySize, vocabulary.id(LanguageModelVocabulary.endOfSentence) != nil,
              vocabulary.id(LanguageModelVocabulary.unknown) != nil else {
            throw body.corrupt("\(words.count) vocabulary words for \(c.vocabularySize) rows, or </s>/<unk> missing")
        }
        let parameters = body.floats(header.parameterCount)
        return (LanguageModel(configuration: c, parameters: parameters), vocabulary, header.provenance)
    }
}
