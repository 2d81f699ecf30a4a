import Kernels
import Foundation
import Embeddings

/// A sentence and its label, as read from a data file.
public struct LabelledSentence: Sendable, Equatable {
    public var label: String
    public var text: String
    /// Where it came from, for error messages.
    public var path: String
    public var line: Int

    public init(label: String, text: String, path: String = "-", line: Int = 0) {
        self.label = label
        self.text = text
        self.path = path
        self.line = line
    }
}

/// Reading, splitting and writing labelled sentences.
///
/// Formats: a `label<TAB>sentence` file (one per line; blank lines skipped); a file whose
/// extension is `.pos` or `.neg` (one sentence per line, the extension is the label: the
/// layout of Pang & Lee's rt-polarity); or a directory, meaning every `.pos`/`.neg` file in it.
/// Bytes that are not valid UTF-8 become U+FFFD.
public enum LabelledData {
    /// Reads and concatenates every path, in the order given (a directory's files sorted by name).
    public static func read(paths: [String]) throws -> [LabelledSentence] {
        var sentences: [LabelledSentence] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RecurrentError.unreadable(path: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { $0.hasSuffix(".pos") || $0.hasSuffix(".neg") }.sorted()
                guard !names.isEmpty else { throw RecurrentError.noSentences(path: path) }
                for name in names { sentences += try readFile(path + "/" + name) }
            } else {
                sentences += try readFile(path)
            }
        }
        return sentences
    }

    static func readFile(_ path: String) throws -> [LabelledSentence] {
        let data = try InputFile.contents(path)
        let fixedLabel: String? = path.hasSuffix(".pos") ? "pos" : path.hasSuffix(".neg") ? "neg" : nil
        var sentences: [LabelledSentence] = []
        var number = 0
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var line = String(decoding: rawLine, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.allSatisfy(\.isWhitespace) { continue }
            if let label = fixedLabel {
                sentences.append(LabelledSentence(label: label, text: line, path: path, line: number))
                continue
            }
            guard let tab = line.firstIndex(of: "\t") else {
                throw RecurrentError.malformedLine(path: path, line: number, reason: "no TAB between label and sentence")
            }
            let label = line[..<tab].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else {
                throw RecurrentError.malformedLine(path: path, line: number, reason: "empty label")
            }
            sentences.append(LabelledSentence(label: label, text: String(line[line.index(after: tab)...]), path: path, line: number))
        }
        guard !sentences.isEmpty else { throw RecurrentError.noSentences(path: path) }
        return sentences
    }

    /// A seeded shuffle cut into train, development and test parts (80/10/10 by default);
    /// the same seed always gives the same split.
    public static func split(_ sentences: [LabelledSentence], seed: UInt64, devFraction: Double = 0.1,
                             testFraction: Double = 0.1) -> (train: [LabelledSentence], dev: [LabelledSentence], test: [LabelledSentence]) {
        var rng = SeededGenerator(seed: seed)
        var shuffled = sentences
        shuffled.shuffle(using: &rng)
        let devCount = Int((Double(sentences.count) * devFraction).rounded())
        let testCount = Int((Double(sentences.count) * testFraction).rounded())
        let trainCount = sentences.count - devCount - testCount
        return (Array(shuffled[..<trainCount]), Array(shuffled[trainCount ..< trainCount + devCount]),
                Array(shuffled[(trainCount + devCount)...]))
    }

    /// Writes `label<TAB>sentence` lines atomically.
    public static func write(_ sentences: [LabelledSentence], to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        for s in sentences { try writer.write(s.label + "\t" + s.text + "\n") }
        try writer.commit()
    }

    /// The distinct labels, sorted (so label indices do not depend on the data's order).
    public static func labels(of sentences: [LabelledSentence]) -> [String] {
        Set(sentences.map(\.label)).sorted()
    }
}
