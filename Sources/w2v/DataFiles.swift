import Embeddings
import Foundation
import Kernels

/// The word lists and evaluation sets shipped in the repository's `corpora/` folder, and
/// readers for word-list files (JSON or plain text).
enum DataFiles {
    /// Finds `corpora/<relative>`: under `$W2V_DATA` if set, else `./corpora`, else in a
    /// `corpora` folder next to the executable or in one of its parents (so `.build/release/w2v`
    /// finds the repository's copy from any working directory).
    static func locate(_ relative: String, option: String?) throws -> String {
        var candidates: [String] = []
        if let data = ProcessInfo.processInfo.environment["W2V_DATA"] { candidates.append(data + "/" + relative) }
        candidates.append("corpora/" + relative)
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(directory.appendingPathComponent("corpora/" + relative).path)
                directory.deleteLastPathComponent()
            }
        }
        if let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) { return found }
        throw EmbeddingsError.invalidArgument("cannot find the default list corpora/\(relative) (looked in $W2V_DATA, ./corpora and "
            + "next to the executable); " + (option.map { "pass \($0) FILE or " } ?? "") + "set W2V_DATA to the repository's corpora folder")
    }

    /// The file as UTF-8 text (a leading byte-order mark dropped); a directory, a missing or
    /// unreadable file, invalid UTF-8 or NUL bytes (a binary file) are refused with the reason
    /// and, for content, the line. Read once through `InputFile`, so a pipe or FIFO works.
    static func readText(_ path: String) throws -> String {
        var bytes: [UInt8]
        do { bytes = try InputFile(path: path).readAllBytes() } catch let error as InputError {
            let reason = switch error.kind {
            case .directory: "is a directory; give a word-list file"
            case .missing: "no such file"
            case .denied: "permission denied (cannot read the file)"
            default: error.reason
            }
            throw EmbeddingsError.cannotOpen(path: path, reason: reason)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var line = 1, start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            let content = bytes[start..<index]
            if content.contains(0) {
                throw EmbeddingsError.malformedListFile(path: path, line: line, reason: "NUL byte: a binary file, not a word list")
            }
            if String(validating: content, as: UTF8.self) == nil {
                throw EmbeddingsError.malformedListFile(path: path, line: line, reason: "not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)")
            }
            line += 1
            start = index + 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A list of words: a JSON array of strings, or of arrays whose first element is the word
    /// (debiaswe's professions.json), or plain text with one word per line (`#` comments).
    static func wordList(_ path: String) throws -> [String] {
        let text = try readText(path)
        if text.drop(while: \.isWhitespace).first == "[" {
            guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
                throw EmbeddingsError.malformedListFile(path: path, line: 1, reason: "not a JSON array of words")
            }
            return try array.enumerated().map { index, item in
                if let word = item as? String { return word }
                if let row = item as? [Any], let word = row.first as? String { return word }
                throw EmbeddingsError.malformedListFile(path: path, line: 1, reason: "item \(index) is not a word or [word, ...]")
            }
        }
        let words = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !words.isEmpty else {
            throw EmbeddingsError.malformedListFile(path: path, line: 1, reason: "no words in the file (one word per line, or a JSON array)")
        }
        return words
    }

    /// Word pairs: a JSON array of two-word arrays, or text lines "a b" (or "a:b").
    static func pairList(_ path: String) throws -> [(String, String)] {
        let text = try readText(path)
        if text.drop(while: \.isWhitespace).first == "[" {
            guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String]] else {
                throw EmbeddingsError.malformedListFile(path: path, line: 1, reason: "not a JSON array of [word, word] pairs")
            }
            return try array.enumerated().map { index, pair in
                guard pair.count == 2 else {
                    throw EmbeddingsError.malformedListFile(path: path, line: 1, reason: "item \(index) has \(pair.count) words, expected 2")
                }
                return (pair[0], pair[1])
            }
        }
        var pairs: [(String, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init)
            guard words.count == 2 else {
                throw EmbeddingsError.malformedListFile(path: path, line: number + 1, reason: "expected two words, found \(words.count)")
            }
            pairs.append((words[0], words[1]))
        }
        return pairs
    }

    /// Named word sets: a JSON object {"name": [words]} (wefe's weat.json).
    static func wordSets(_ path: String) throws -> [String: [String]] {
        let text = try readText(path)
        guard let sets = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String]] else {
            throw EmbeddingsError.malformedListFile(path: path, line: 1, reason: "not a JSON object of named word lists")
        }
        return sets
    }
}
