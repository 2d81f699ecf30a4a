import Foundation
import Kernels

/// The vocabulary of a word-level language model, with the PTB/WikiText conventions: one
/// sentence per line, tokens separated by whitespace, `</s>` appended to every non-blank line.
/// Words are numbered in order of first appearance in the training file (as PyTorch's
/// `word_language_model` `Dictionary`); `</s>` and `<unk>` are always present: `<unk>` is
/// added when the training file lacks it, and every dev/test/prompt token outside the
/// vocabulary maps to it (and is counted as out-of-vocabulary).
public struct LanguageModelVocabulary: Sendable, Equatable {
    public static let endOfSentence = "</s>"
    public static let unknown = "<unk>"
    public let words: [String]
    private let index: [String: Int32]

    public init(words: [String]) {
        self.words = words
        var index: [String: Int32] = [:]
        for (i, w) in words.enumerated() { index[w] = Int32(i) }
        self.index = index
    }

    /// Builds the vocabulary of a training file.
    /// - Throws: `RecurrentError.unreadable`, `.noTokens`.
    public init(trainingFile path: String) throws {
        var words: [String] = []
        var seen = Set<String>()
        try Self.forEachToken(path) { token in
            if seen.insert(token).inserted { words.append(token) }
        }
        guard words.count > 1 else { throw RecurrentError.noTokens(path: path) }
        if !seen.contains(Self.unknown) { words.append(Self.unknown) }
        self.init(words: words)
    }

    public var count: Int { words.count }
    public var endOfSentenceID: Int32 { index[Self.endOfSentence]! }
    public var unknownID: Int32 { index[Self.unknown]! }
    /// The id of `word`, nil when it is out of vocabulary.
    public func id(_ word: String) -> Int32? { index[word] }

    /// The ids of a file's tokens, `</s>` after every line, and how many were out of vocabulary.
    /// - Throws: `.unreadable`, `.noTokens`, `.noKnownTokens` (when every token is OOV).
    public func encode(file path: String) throws -> (ids: [Int32], outOfVocabulary: Int) {
        var ids: [Int32] = []
        var oov = 0
        try Self.forEachToken(path) { token in
            if let id = index[token] { ids.append(id) } else { ids.append(unknownID); oov += 1 }
        }
        guard !ids.isEmpty else { throw RecurrentError.noTokens(path: path) }
        let sentenceEnds = ids.reduce(0) { $0 + ($1 == endOfSentenceID ? 1 : 0) }
        guard oov < ids.count - sentenceEnds else { throw RecurrentError.noKnownTokens(path: path) }
        return (ids, oov)
    }

    /// The ids of one line's tokens (no `</s>` added) and its out-of-vocabulary count.
    public func encode(line: String) -> (ids: [Int32], outOfVocabulary: Int) {
        var oov = 0
        let ids = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { token -> Int32 in
            if let id = index[String(token)] { return id }
            oov += 1
            return unknownID
        }
        return (ids, oov)
    }

    /// Calls `body` with every token of the file, and `</s>` after every line that has one.
    /// - Complexity: O(file size); the file is read whole.
    static func forEachToken(_ path: String, _ body: (String) -> Void) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw RecurrentError.unreadable(path: path, reason: "no such file (or it is a directory)")
        }
        let data = try InputFile.contents(path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw RecurrentError.unreadable(path: path, reason: "not valid UTF-8 text")
        }
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var any = false
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
                body(String(token))
                any = true
            }
            if any { body(endOfSentence) }
        }
    }
}
