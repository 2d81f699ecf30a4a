import Corpus

/// The model file of `w2v classify`: everything prediction needs, in one checked file.
///
/// Layout (integers and floats little-endian), in the `ModelFileFrame` every model file shares:
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
    static let frame = ModelFileFrame(magic: magic, version: version,
                                      misfit: ModelFileFrame.misfit(expected: "classifier model") { .notAModel(path: $0) })

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
        let vocabulary = ModelFileFrame.lines(classifier.words)
        let header = Header(configuration: network.configuration, labels: classifier.labels,
                            lowercase: classifier.tokenizerOptions.lowercase,
                            stripPunctuation: classifier.tokenizerOptions.stripPunctuation,
                            splitPunctuation: classifier.tokenizerOptions.splitPunctuation,
                            vocabularySize: network.vocabularySize, parameterCount: network.parameters.count,
                            vocabularyBytes: vocabulary.count, provenance: provenance)
        try frame.write(header: header, bodyCount: vocabulary.count + 4 * (network.embeddings.count + network.parameters.count),
                        to: path) { bytes in
            bytes += vocabulary
            ModelFileFrame.appendFloats(network.embeddings, to: &bytes)
            ModelFileFrame.appendFloats(network.parameters, to: &bytes)
        }
    }

    /// Reads and verifies a model file.
    /// - Returns: the classifier and the provenance stored with it.
    public static func read(_ path: String) throws -> (classifier: SentenceClassifier, provenance: [String: String]) {
        try decode(frame.load(path), path: path)
    }

    /// Reads a model file from its `bytes` (`path` names it in errors), with every check `read` makes.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (classifier: SentenceClassifier, provenance: [String: String]) {
        var (header, body) = try frame.decode(bytes, path: path, header: Header.self)
        let c = header.configuration, room = body.remaining
        try body.require(["layers": c.layers, "hidden": c.hidden, "embeddingDimension": c.embeddingDimension,
                          "vocabularySize": header.vocabularySize], atLeast: 1)
        try body.require(["classes": c.classes], atLeast: 2)
        try body.require(["parameterCount": header.parameterCount, "vocabularyBytes": header.vocabularyBytes], atLeast: 0)
        try body.requireDistinct(header.labels, "labels")
        guard let layout = ParameterLayout(c, limit: room / 4),
              let tableCount = CheckedSize.product(header.vocabularySize, c.embeddingDimension, limit: room / 4) else {
            throw body.corrupt("the network in the header needs more weights than the file's \(room) bytes hold")
        }
        guard header.labels.count == c.classes, header.parameterCount == layout.count,
              CheckedSize.sum(header.vocabularyBytes, 4 * tableCount, 4 * header.parameterCount) == room else {
            throw body.corrupt("sizes in the header do not match the file")
        }
        let words = body.words(byteCount: header.vocabularyBytes)
        guard words.count == header.vocabularySize - 1 else {
            throw body.corrupt("\(words.count) vocabulary words for \(header.vocabularySize - 1) rows")
        }
        let table = body.floats(tableCount)
        let parameters = body.floats(header.parameterCount)
        let network = RecurrentNetwork(configuration: c, parameters: parameters, embeddings: table)
        let options = TokenizerOptions(lowercase: header.lowercase, stripPunctuation: header.stripPunctuation,
                                       splitPunctuation: header.splitPunctuation ?? false)
        return (SentenceClassifier(network: network, words: words, labels: header.labels, tokenizerOptions: options),
                header.provenance)
    }
}
