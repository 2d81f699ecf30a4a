/// The model file of `w2v tag`: everything tagging and evaluation need, in one checked file.
///
/// Layout (integers and floats little-endian), in the `ModelFileFrame` every model file shares:
///
///     8 bytes   magic "W2VRNNTG"
///     u32       format version (1)
///     u32       length N of the header
///     N bytes   header, JSON: configuration, tags, sizes, provenance (vectors, seed, epochs...)
///     W bytes   vocabulary: the words of embedding rows 1..., each followed by '\n'
///     S bytes   the token forms seen in training, sorted, each followed by '\n'
///     f32 x V*D word table (row 0: the shared unknown-word vector)
///     f32 x P   other parameters: recurrent and dense (`ParameterLayout`), then suffix tables
///     u64       FNV-1a 64 checksum of every byte before it
///
/// Written atomically (`AtomicFileWriter`), so a failure never leaves half a model.
public enum TaggerFile {
    public static let magic = Array("W2VRNNTG".utf8)
    public static let version: UInt32 = 1
    static let frame = ModelFileFrame(magic: magic, version: version, misfit: ModelFileFrame.misfit(expected: "tagger model") { .notATaggerModel(path: $0) })

    struct Header: Codable {
        var configuration: TaggerConfiguration
        var tags: [String]
        var vocabularySize: Int
        var parameterCount: Int
        var vocabularyBytes: Int
        var trainingWordBytes: Int
        var provenance: [String: String]
    }

    public static func write(_ tagger: SequenceTagger, provenance: [String: String] = [:], to path: String) throws {
        let network = tagger.network
        let vocabulary = ModelFileFrame.lines(tagger.words), seen = ModelFileFrame.lines(tagger.trainingWords.sorted())
        let header = Header(configuration: network.configuration, tags: tagger.tags, vocabularySize: network.vocabularySize,
                            parameterCount: network.parameters.count, vocabularyBytes: vocabulary.count,
                            trainingWordBytes: seen.count, provenance: provenance)
        try frame.write(header: header, bodyCount: vocabulary.count + seen.count + 4 * (network.embeddings.count + network.parameters.count),
                        to: path) { bytes in
            bytes += vocabulary
            bytes += seen
            ModelFileFrame.appendFloats(network.embeddings, to: &bytes)
            ModelFileFrame.appendFloats(network.parameters, to: &bytes)
        }
    }

    public static func read(_ path: String) throws -> (tagger: SequenceTagger, provenance: [String: String]) {
        try decode(frame.load(path), path: path)
    }

    /// Reads a model file from its `bytes` (`path` names it in errors), with every check `read` makes.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (tagger: SequenceTagger, provenance: [String: String]) {
        var (header, body) = try frame.decode(bytes, path: path, header: Header.self)
        let c = header.configuration, room = body.remaining
        try body.require(["layers": c.layers, "hidden": c.hidden, "wordDimension": c.wordDimension,
                          "vocabularySize": header.vocabularySize], atLeast: 1)
        try body.require(["tags": c.tags], atLeast: 2)
        try body.require(["suffixDimension": c.suffixDimension, "parameterCount": header.parameterCount,
                          "vocabularyBytes": header.vocabularyBytes, "trainingWordBytes": header.trainingWordBytes], atLeast: 0)
        try body.requireDistinct(header.tags, "tags")
        // The buckets take no room when suffix vectors are off, so they get a fixed bound.
        guard (1...(1 << 31)).contains(c.suffixBuckets) else {
            throw body.corrupt("header field suffixBuckets is \(c.suffixBuckets), outside 1...\(1 << 31)")
        }
        guard let suffixCount = CheckedSize.product(TokenFeatures.suffixLengths, c.suffixBuckets, c.suffixDimension, limit: room / 4),
              let layout = ParameterLayout(c.recurrent, limit: room / 4),
              let tableCount = CheckedSize.product(header.vocabularySize, c.wordDimension, limit: room / 4) else {
            throw body.corrupt("the network in the header needs more weights than the file's \(room) bytes hold")
        }
        guard header.tags.count == c.tags, header.parameterCount == CheckedSize.sum(layout.count, suffixCount),
              CheckedSize.sum(header.vocabularyBytes, header.trainingWordBytes, 4 * tableCount, 4 * header.parameterCount) == room else {
            throw body.corrupt("sizes in the header do not match the file")
        }
        let vocabulary = body.words(byteCount: header.vocabularyBytes)
        guard vocabulary.count == header.vocabularySize - 1 else {
            throw body.corrupt("\(vocabulary.count) vocabulary words for \(header.vocabularySize - 1) rows")
        }
        let seen = body.words(byteCount: header.trainingWordBytes)
        let table = body.floats(tableCount)
        let parameters = body.floats(header.parameterCount)
        let network = TaggerNetwork(configuration: c, parameters: parameters, embeddings: table)
        return (SequenceTagger(network: network, words: vocabulary, tags: header.tags, trainingWords: Set(seen)), header.provenance)
    }
}
