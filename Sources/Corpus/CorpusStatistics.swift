/// What `CorpusLoader` saw and kept, for the log line and for tests.
public struct CorpusStatistics: Sendable, Equatable {
    /// Bytes in the file.
    public var bytesRead: Int = 0
    /// Lines, counting a last line without a final newline; empty lines included.
    public var linesRead: Int = 0
    /// Tokens produced by the tokenizer (tokens emptied by punctuation stripping excluded).
    public var tokensRead: Int = 0
    /// Distinct tokens before min-count. When `countsApproximate`, an upper bound: a word
    /// pruned while counting and seen again is counted again.
    public var distinctWords: Int = 0
    /// Words in the vocabulary.
    public var vocabularySize: Int = 0
    /// Word ids in the encoded corpus (`EncodedCorpus.wordCount`).
    public var tokensKept: Int = 0
    /// Sentences in the encoded corpus (lines with a kept token, cut at the maximum length).
    public var sentences: Int = 0
    /// Maximal invalid UTF-8 subsequences replaced by U+FFFD, over the whole file.
    public var invalidUTF8Replacements: Int = 0
    /// Tokens longer than `Tokenizer.maxTokenBytes` that were cut short.
    public var truncatedTokens: Int = 0
    /// True when counting hit `maxVocabularyEntries` and pruned rare entries (word2vec.c
    /// `ReduceVocab`): which words made the vocabulary was then decided on lower-bound
    /// counts. The counts of the words kept are exact (recounted by the second pass).
    public var countsApproximate: Bool = false
    /// The min-count applied.
    public var minCount: Int = 0
    /// True when the vocabulary came from a file (`--read-vocab`), not from counting.
    public var vocabularyFromFile = false
    /// With a vocabulary file: corpus tokens dropped because the file lacks them.
    public var unknownTokens = 0
    /// Continued training (`CorpusLoader.load(input:continuing:options:)`): words of the
    /// earlier vocabulary (they come first), and how many of them this corpus holds.
    public var baseVocabularySize: Int?
    public var baseWordsSeen = 0

    /// What the tokenizer mended in the text, for every command that reads a corpus (`train`,
    /// `phrases`): "N invalid UTF-8 sequences replaced", then the tokens cut at
    /// `Tokenizer.maxTokenBytes` when there are any.
    public static func repairs(invalidUTF8Replacements: Int, truncatedTokens: Int) -> String {
        var text = "\(grouped(invalidUTF8Replacements)) invalid UTF-8 sequence\(invalidUTF8Replacements == 1 ? "" : "s") replaced"
        if truncatedTokens > 0 {
            text += "; \(grouped(truncatedTokens)) token\(truncatedTokens == 1 ? "" : "s") truncated to \(grouped(Tokenizer.maxTokenBytes)) bytes"
        }
        return text
    }

    /// One line for the log, e.g. `read 17,005,207 tokens (253,854 distinct) from 1 line;
    /// vocabulary 71,290 words (min-count 5); 16,718,844 tokens kept; 0 invalid UTF-8
    /// sequences replaced`.
    public var summary: String {
        var text = "read \(Self.grouped(tokensRead)) tokens "
            + (vocabularyFromFile ? "" : "(\(Self.grouped(distinctWords)) distinct) ")
            + "from \(Self.grouped(linesRead)) line\(linesRead == 1 ? "" : "s"); "
            + "vocabulary \(Self.grouped(vocabularySize)) words \(vocabularyFromFile ? "from the vocabulary file " : "")(min-count \(minCount)); "
            + "\(Self.grouped(tokensKept)) tokens kept; "
            + Self.repairs(invalidUTF8Replacements: invalidUTF8Replacements, truncatedTokens: truncatedTokens)
        if let baseVocabularySize {
            text += "; \(Self.grouped(baseVocabularySize)) words from the earlier run (\(Self.grouped(baseWordsSeen)) of them in this corpus), \(Self.grouped(vocabularySize - baseVocabularySize)) new"
        }
        if vocabularyFromFile {
            text += "; \(Self.grouped(unknownTokens)) token\(unknownTokens == 1 ? "" : "s") not in the vocabulary file dropped"
        }
        if countsApproximate {
            text += "; counting pruned rare words to bound memory, so the vocabulary cut is approximate"
        }
        return text
    }

    /// `1234567` -> `"1,234,567"`, independent of the locale so logs compare across machines.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
