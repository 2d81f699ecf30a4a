import Kernels
import Embeddings
import Foundation

/// The model file of `w2v tag`: everything tagging and evaluation need, in one checked file.
///
/// Layout (integers and floats little-endian), as `ClassifierFile`'s:
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
        func lines(_ words: [String]) -> [UInt8] {
            var bytes: [UInt8] = []
            for word in words {
                bytes += word.utf8
                bytes.append(0x0A)
            }
            return bytes
        }
        let vocabulary = lines(tagger.words), seen = lines(tagger.trainingWords.sorted())
        let header = Header(configuration: network.configuration, tags: tagger.tags, vocabularySize: network.vocabularySize,
                            parameterCount: network.parameters.count, vocabularyBytes: vocabulary.count,
                            trainingWordBytes: seen.count, provenance: provenance)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try Array(encoder.encode(header))
        var bytes = magic
        bytes.reserveCapacity(64 + json.count + vocabulary.count + seen.count + 4 * (network.embeddings.count + network.parameters.count))
        ClassifierFile.appendInteger(version, to: &bytes)
        ClassifierFile.appendInteger(UInt32(json.count), to: &bytes)
        bytes += json
        bytes += vocabulary
        bytes += seen
        for v in network.embeddings { ClassifierFile.appendInteger(v.bitPattern, to: &bytes) }
        for v in network.parameters { ClassifierFile.appendInteger(v.bitPattern, to: &bytes) }
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

    public static func read(_ path: String) throws -> (tagger: SequenceTagger, provenance: [String: String]) {
        let bytes: [UInt8]
        do { bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw RecurrentError.unreadable(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw RecurrentError.notATaggerModel(path: path) }
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
        let tableCount = header.vocabularySize * c.wordDimension
        guard c.layers >= 1, c.hidden >= 1, c.wordDimension >= 1, c.suffixDimension >= 0, c.suffixBuckets >= 1, c.tags >= 2,
              header.tags.count == c.tags, header.vocabularySize >= 1,
              header.parameterCount == ParameterLayout(c.recurrent).count + c.suffixCount,
              header.vocabularyBytes >= 0, header.trainingWordBytes >= 0,
              offset + header.vocabularyBytes + header.trainingWordBytes + 4 * (tableCount + header.parameterCount) == bytes.count - 8 else {
            throw RecurrentError.corruptModel(path: path, reason: "sizes in the header do not match the file")
        }
        func words(_ count: Int) -> [String] {
            defer { offset += count }
            return bytes[offset ..< offset + count].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
                .map { String(decoding: $0, as: UTF8.self) }
        }
        let vocabulary = words(header.vocabularyBytes)
        guard vocabulary.count == header.vocabularySize - 1 else {
            throw RecurrentError.corruptModel(path: path, reason: "\(vocabulary.count) vocabulary words for \(header.vocabularySize - 1) rows")
        }
        let seen = words(header.trainingWordBytes)
        func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return (0..<count).map { Float(bitPattern: ClassifierFile.readInteger(bytes, at: offset + 4 * $0)) }
        }
        let table = floats(tableCount)
        let parameters = floats(header.parameterCount)
        let network = TaggerNetwork(configuration: c, parameters: parameters, embeddings: table)
        return (SequenceTagger(network: network, words: vocabulary, tags: header.tags, trainingWords: Set(seen)), header.provenance)
    }
}
