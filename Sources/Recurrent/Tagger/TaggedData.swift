import Foundation
import Kernels

/// One sentence of tagged data: its tokens, their tags and where each token came from.
public struct TaggedSentence: Sendable, Equatable {
    public var tokens: [String]
    /// One per token (empty for untagged input to `predict`).
    public var tags: [String]
    public var path: String
    /// The line of each token in its file (1-based), for error messages.
    public var lines: [Int]

    public init(tokens: [String], tags: [String], path: String = "-", lines: [Int] = []) {
        self.tokens = tokens
        self.tags = tags
        self.path = path
        self.lines = lines.isEmpty ? [Int](repeating: 0, count: tokens.count) : lines
    }
}

/// The layouts `TaggedData` reads.
public enum TaggedFormat: String, Sendable, CaseIterable {
    /// Decided by the content: CoNLL-U when the first line that is not blank is a `#` comment
    /// or has 10 TAB-separated columns starting with a number, else CoNLL.
    case auto
    /// CoNLL-style columns: `token<TAB>tag` (more columns allowed), a blank line between sentences.
    case conll
    /// Universal Dependencies CoNLL-U: ID FORM LEMMA UPOS ... (10 columns); `#` comment lines,
    /// multi-word token lines (`1-2`) and empty nodes (`1.1`) are skipped.
    case conllu
}

/// How to read tagged data.
public struct TaggedDataOptions: Sendable {
    public var format = TaggedFormat.auto
    /// 1-based columns of the token and the tag; nil: 1,2 for CoNLL, 2,4 (FORM, UPOS) for CoNLL-U.
    public var columns: (token: Int, tag: Int)?
    /// Longest sentence accepted: longer ones are refused (a missing blank line usually).
    public var maxSentenceLength = 512
    public init() {}
}

/// Reader of tagged sentences (CoNLL and CoNLL-U, see `TaggedFormat`), and of untagged
/// text for `w2v tag predict`.
///
/// Every line must be valid UTF-8 without NUL bytes; a trailing CR (CRLF files) is dropped;
/// a run of blank lines (whitespace only) ends a sentence, and the last sentence need not be
/// followed by one. Errors name the file and the line.
/// - Complexity: O(bytes).
public enum TaggedData {
    public static func read(path: String, options: TaggedDataOptions = TaggedDataOptions()) throws -> [TaggedSentence] {
        return try parse(InputFile.contents(path), path: path, options: options)
    }

    /// The lines of `bytes` as text (CR of CRLF dropped), refusing invalid UTF-8 and NUL bytes.
    public static func lines(_ bytes: [UInt8], path: String) throws -> [String] {
        var lines: [String] = []
        var number = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var content = raw[...]
            if content.last == 0x0D { content = content.dropLast() }
            if content.contains(0) {
                throw RecurrentError.invalidText(path: path, line: number, reason: "NUL byte: a binary file, not tagged text")
            }
            guard let line = String(validating: content, as: UTF8.self) else {
                throw RecurrentError.invalidText(path: path, line: number, reason: "not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)")
            }
            lines.append(line)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Only spaces and TABs: a line holding a token such as U+00A0 (tagged SYM in real data)
    /// is not blank.
    static func isBlank(_ line: String) -> Bool { line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    /// `text` without leading and trailing ASCII spaces (other white space can be a token).
    static func trimSpaces(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// The format of `lines` by content (see `TaggedFormat.auto`).
    static func detect(_ lines: [String]) -> TaggedFormat {
        guard let first = lines.first(where: { !isBlank($0) }) else { return .conll }
        if first.hasPrefix("#") { return .conllu }
        let columns = first.split(separator: "\t", omittingEmptySubsequences: false)
        return columns.count == 10 && columns[0].first?.isNumber == true ? .conllu : .conll
    }

    public static func parse(_ bytes: [UInt8], path: String, options: TaggedDataOptions = TaggedDataOptions()) throws -> [TaggedSentence] {
        let lines = try lines(bytes, path: path)
        let format = options.format == .auto ? detect(lines) : options.format
        let (tokenColumn, tagColumn) = options.columns ?? (format == .conllu ? (2, 4) : (1, 2))
        let needed = max(tokenColumn, tagColumn)
        var sentences: [TaggedSentence] = []
        var current = TaggedSentence(tokens: [], tags: [], path: path)
        func close() {
            if !current.tokens.isEmpty { sentences.append(current) }
            current = TaggedSentence(tokens: [], tags: [], path: path)
        }
        for (i, line) in lines.enumerated() {
            let number = i + 1
            if isBlank(line) { close(); continue }
            if format == .conllu && line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else {
                throw RecurrentError.malformedTaggedLine(path: path, line: number, reason: "no TAB between token and tag")
            }
            if format == .conllu {
                let id = columns[0]
                if id.contains("-") || id.contains(".") { continue }
                guard Int(id) != nil else {
                    throw RecurrentError.malformedTaggedLine(path: path, line: number, reason: "CoNLL-U ID '\(id)' is not a number")
                }
            }
            guard columns.count >= needed else {
                throw RecurrentError.missingColumn(path: path, line: number, found: columns.count, needed: needed)
            }
            let token = trimSpaces(columns[tokenColumn - 1])
            let tag = trimSpaces(columns[tagColumn - 1])
            guard !token.isEmpty else { throw RecurrentError.malformedTaggedLine(path: path, line: number, reason: "empty token") }
            guard !tag.isEmpty else { throw RecurrentError.malformedTaggedLine(path: path, line: number, reason: "empty tag") }
            guard current.tokens.count < options.maxSentenceLength else {
                throw RecurrentError.sentenceTooLong(path: path, line: number, limit: options.maxSentenceLength)
            }
            current.tokens.append(token)
            current.tags.append(tag)
            current.lines.append(number)
        }
        close()
        guard !sentences.isEmpty else { throw RecurrentError.noTaggedSentences(path: path) }
        return sentences
    }

    /// Untagged input for `predict`: one sentence per line (tokens separated by spaces or
    /// TABs), or, when `tokenPerLine`, one token per line (only its first TAB column is
    /// read, so a tagged file works too) with blank lines between sentences.
    public static func untagged(_ bytes: [UInt8], path: String, tokenPerLine: Bool?, maxSentenceLength: Int) throws -> [TaggedSentence] {
        let lines = try lines(bytes, path: path)
        let perLine = tokenPerLine ?? looksLikeTokenPerLine(lines)
        var sentences: [TaggedSentence] = []
        if perLine {
            var current = TaggedSentence(tokens: [], tags: [], path: path)
            for (i, line) in lines.enumerated() {
                if isBlank(line) {
                    if !current.tokens.isEmpty { sentences.append(current) }
                    current = TaggedSentence(tokens: [], tags: [], path: path)
                    continue
                }
                guard current.tokens.count < maxSentenceLength else {
                    throw RecurrentError.sentenceTooLong(path: path, line: i + 1, limit: maxSentenceLength)
                }
                let token = trimSpaces(line.split(separator: "\t", omittingEmptySubsequences: false)[0])
                current.tokens.append(token.isEmpty ? "_" : token)
                current.lines.append(i + 1)
            }
            if !current.tokens.isEmpty { sentences.append(current) }
        } else {
            for (i, line) in lines.enumerated() where !isBlank(line) {
                let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard tokens.count <= maxSentenceLength else {
                    throw RecurrentError.sentenceTooLong(path: path, line: i + 1, limit: maxSentenceLength)
                }
                sentences.append(TaggedSentence(tokens: tokens, tags: [], path: path, lines: [Int](repeating: i + 1, count: tokens.count)))
            }
        }
        return sentences
    }

    /// Token-per-line input: some line is blank between non-blank ones, or a line has a TAB
    /// (a tagged file), and no line holds a space.
    static func looksLikeTokenPerLine(_ lines: [String]) -> Bool {
        guard !lines.contains(where: { trimSpaces($0[...]).contains(" ") }) else { return false }
        let trimmed = lines.reversed().drop(while: isBlank).reversed().drop(while: isBlank)
        return trimmed.contains(where: isBlank) || lines.contains(where: { $0.contains("\t") })
    }
}
