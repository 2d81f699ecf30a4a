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
        try decode(frame.load(path), path: path)
    }

    /// Reads a model file from its `bytes` (`path` names it in errors), with every check `read` makes.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (model: LanguageModel<Float>, vocabulary: LanguageModelVocabulary,
                                                                          provenance: [String: String]) {
        var (header, body) = try frame.decode(bytes, path: path, header: Header.self)
        let c = header.configuration, room = body.remaining
        try body.require(["layers": c.layers, "hidden": c.hidden, "dimension": c.dimension], atLeast: 1)
        try body.require(["vocabularySize": c.vocabularySize], atLeast: 2)
        try body.require(["parameterCount": header.parameterCount, "vocabularyBytes": header.vocabularyBytes], atLeast: 0)
        guard let layout = LanguageModelLayout(c, limit: room / 4) else {
            throw body.corrupt("the network in the header needs more weights than the file's \(room) bytes hold")
        }
        guard !c.tied || c.hidden == c.dimension, header.parameterCount == layout.count,
              CheckedSize.sum(header.vocabularyBytes, 4 * header.parameterCount) == room else {
            throw body.corrupt("sizes in the header do not match the file")
        }
        let words = body.words(byteCount: header.vocabularyBytes)
        let vocabulary = LanguageModelVocabulary(words: words)
        guard words.count == c.vocabularySize, Set(words).count == words.count, vocabulary.id(LanguageModelVocabulary.endOfSentence) != nil,
              vocabulary.id(LanguageModelVocabulary.unknown) != nil else {
            throw body.corrupt("\(words.count) vocabulary words for \(c.vocabularySize) rows, a word twice, or </s>/<unk> missing")
        }
        let parameters = body.floats(header.parameterCount)
        return (LanguageModel(configuration: c, parameters: parameters), vocabulary, header.provenance)
    }
}
