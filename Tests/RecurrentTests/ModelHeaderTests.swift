import XCTest
import Corpus
import Embeddings
@testable import Recurrent

/// Model files whose JSON header was edited and whose checksum was then recomputed (a
/// checksum guards against accidents, not edits): every size the header states is refused
/// with one `corruptModel` reason naming the field, never an arithmetic trap, a duplicate-key
/// crash or a loop over 10^12 layers.
final class ModelHeaderTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "w2v-header-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Rewrites the header of the model file at `path`: `edit` changes the decoded JSON, and
    /// the length and FNV-1a checksum are recomputed, so only the header's numbers are wrong.
    static func editHeader(_ path: String, to target: String, _ edit: (inout [String: Any]) -> Void) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let length = Int(ModelFileFrame.readInteger(bytes, at: 12) as UInt32)
        var header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[16 ..< 16 + length])) as? [String: Any])
        edit(&header)
        let json = try [UInt8](JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        var out = Array(bytes[0..<12])
        ModelFileFrame.appendInteger(UInt32(json.count), to: &out)
        out += json
        out += bytes[(16 + length) ..< (bytes.count - 8)]
        ModelFileFrame.appendInteger(ModelFileFrame.fnv1a(out[...]), to: &out)
        try Data(out).write(to: URL(fileURLWithPath: target))
    }

    /// Sets `key` (a path "configuration.hidden" or "labels") of a decoded header to `value`.
    static func set(_ header: inout [String: Any], _ key: String, _ value: Any) {
        let parts = key.split(separator: ".").map(String.init)
        if parts.count == 2, var inner = header[parts[0]] as? [String: Any] {
            inner[parts[1]] = value
            header[parts[0]] = inner
        } else {
            header[key] = value
        }
    }

    /// Each edit of `model` must be refused by `read` with a reason containing its text.
    func check(_ model: String, _ edits: [(key: String, value: Any, reason: String)], read: (String) throws -> Void,
               file: StaticString = #filePath, line: UInt = #line) throws {
        try read(model)
        for (n, edit) in edits.enumerated() {
            let edited = directory + "/edited-\(n)"
            try Self.editHeader(model, to: edited) { Self.set(&$0, edit.key, edit.value) }
            XCTAssertThrowsError(try read(edited), "\(edit.key) = \(edit.value)", file: file, line: line) { error in
                guard case RecurrentError.corruptModel(_, let reason) = error else {
                    return XCTFail("\(edit.key): \(error)", file: file, line: line)
                }
                XCTAssertTrue(reason.contains(edit.reason), "\(edit.key): \(reason)", file: file, line: line)
            }
        }
    }

    func testClassifierHeaderSizesAreBoundedByTheFile() throws {
        let path = directory + "/model.w2vc"
        try ClassifierFile.write(ClassifierFileTests.smallClassifier(), to: path)
        try check(path, [("configuration.hidden", 1 << 40, "hidden is 1099511627776"),
                         ("vocabularySize", 1 << 62, "vocabularySize is 4611686018427387904"),
                         ("configuration.layers", 1_000_000_000_000, "layers is 1000000000000"),
                         ("configuration.embeddingDimension", Int.max, "embeddingDimension is"),
                         ("configuration.classes", 1 << 40, "classes is"),
                         ("vocabularyBytes", -(1 << 62), "vocabularyBytes is"),
                         ("parameterCount", 1 << 61, "parameterCount is"),
                         // Within the file's size each, but their product is not.
                         ("configuration.hidden", 200, "needs more weights"),
                         ("labels", ["pos", "pos"], "names 'pos' twice")]) { _ = try ClassifierFile.read($0) }
    }

    func testTaggerHeaderSizesAreBoundedByTheFile() throws {
        let vectors = Embeddings(words: ["the", "cat", "sat"], dimension: 2, vectors: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        let tagger = SequenceTagger(vectors: vectors, tags: ["DET", "NN", "VBD"], trainingWords: ["The", "cat"], cell: .gru,
                                    bidirectional: true, layers: 1, hidden: 3, suffixDimension: 2, initialisation: .pretrained, seed: 4)
        let path = directory + "/tagger.model"
        try TaggerFile.write(tagger, to: path)
        try check(path, [("configuration.hidden", 1 << 40, "hidden is 1099511627776"),
                         ("configuration.suffixBuckets", 1 << 62, "suffixBuckets is"),
                         ("configuration.suffixDimension", 1 << 61, "suffixDimension is"),
                         ("configuration.layers", 1_000_000_000_000, "layers is"),
                         ("vocabularySize", 1 << 62, "vocabularySize is"),
                         ("configuration.suffixBuckets", 1 << 30, "needs more weights"),
                         ("tags", ["DET", "DET", "VBD"], "names 'DET' twice")]) { _ = try TaggerFile.read($0) }
    }

    func testLanguageModelHeaderSizesAreBoundedByTheFile() throws {
        let c = LanguageModelConfiguration(cell: .gru, vocabularySize: 5, dimension: 3, hidden: 4, layers: 1, tied: false)
        let path = directory + "/model.w2vlm"
        try LanguageModelFile.write(LanguageModel<Float>(configuration: c, seed: 1),
                                    vocabulary: LanguageModelVocabulary(words: ["a", "b", "c", "</s>", "<unk>"]), to: path)
        try check(path, [("configuration.hidden", 1 << 40, "hidden is 1099511627776"),
                         ("configuration.layers", 1_000_000_000_000, "layers is"),
                         ("configuration.vocabularySize", 1 << 62, "vocabularySize is"),
                         ("configuration.dimension", 100, "needs more weights"),
                         ("vocabularyBytes", -8, "vocabularyBytes is")]) { _ = try LanguageModelFile.read($0) }
    }

    /// The checked layouts agree with the plain ones wherever these fit, and refuse one
    /// parameter too many.
    func testCheckedLayoutsMatchAndStopAtTheLimit() {
        for cell in CellKind.allCases {
            let c = NetworkConfiguration(cell: cell, bidirectional: true, layers: 2, hidden: 3, pooling: .mean,
                                         embeddingDimension: 5, classes: 4)
            let plain = ParameterLayout(c)
            XCTAssertEqual(ParameterLayout(c, limit: plain.count), plain)
            XCTAssertNil(ParameterLayout(c, limit: plain.count - 1))
            let m = LanguageModelConfiguration(cell: cell, vocabularySize: 7, dimension: 3, hidden: 3, layers: 2, tied: true)
            let lm = LanguageModelLayout(m)
            XCTAssertEqual(LanguageModelLayout(m, limit: lm.count), lm)
            XCTAssertNil(LanguageModelLayout(m, limit: lm.count - 1))
        }
        XCTAssertNil(CheckedSize.product(1 << 32, 1 << 32))
        XCTAssertNil(CheckedSize.sum(Int.max, 1))
        XCTAssertEqual(CheckedSize.product(3, 4, 5), 60)
    }
}
