import Kernels

/// Vocabulary files in word2vec.c's `-save-vocab` / `-read-vocab` format: one line per
/// word, `word count`, most frequent first. word2vec.c writes `</s>` first (its sentence
/// marker); reading skips that line, writing leaves it out.
extension Vocabulary {
    /// The sentence marker word2vec.c writes as its first vocabulary line.
    public static let sentenceMarker = "</s>"

    /// The file's bytes: `word count\n` per word, in id order.
    /// - Complexity: O(total word length).
    public func fileBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 16)
        for (word, n) in zip(words, counts) {
            out += word.utf8
            out.append(32)
            out += String(n).utf8
            out.append(10)
        }
        return out
    }

    /// Reads a vocabulary file: (word, count) in file order. Refuses a line that is not
    /// exactly a word and a whole number >= 0, a word that is not valid UTF-8, a word given
    /// twice, counts whose sum overflows `Int` (training sums them), and a file without any
    /// word, naming the line. Empty lines are skipped.
    /// - Complexity: O(file size).
    public static func readEntries(path: String) throws -> [(word: String, count: Int)] {
        let bytes: [UInt8]
        do { bytes = try InputFile(path: path).readAllBytes() } catch let error as InputError {
            throw CorpusError.cannotOpenVocabulary(path: path, reason: error.kind == .directory ? "it is a directory" : error.reason)
        }
        var entries: [(word: String, count: Int)] = []
        var seen = Set<String>()
        var lineNumber = 0, total = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            let fields = line.split(whereSeparator: TokenScanner.isSpace)
            if fields.isEmpty { continue }
            func bad(_ reason: String) -> CorpusError { .badVocabularyFile(path: path, line: lineNumber, reason: reason) }
            guard fields.count == 2 else {
                throw bad(fields.count == 1 ? "a word without a count" : "\(fields.count) fields, expected 2")
            }
            guard let word = String(validating: fields[0], as: UTF8.self) else { throw bad("the word is not valid UTF-8") }
            guard let text = String(validating: fields[1], as: UTF8.self), let n = Int(text), n >= 0 else {
                throw bad("the count '\(String(decoding: fields[1], as: UTF8.self))' is not a whole number >= 0")
            }
            if word == sentenceMarker { continue }
            guard seen.insert(word).inserted else { throw bad("'\(word)' appears a second time") }
            let (sum, overflow) = total.addingReportingOverflow(n)
            guard !overflow else { throw bad("the counts add up past \(Int.max)") }
            total = sum
            entries.append((word, n))
        }
        guard !entries.isEmpty else {
            throw CorpusError.badVocabularyFile(path: path, line: lineNumber, reason: "the file holds no word")
        }
        return entries
    }
}
