import Dispatch
import Kernels

/// Analogy and word-pair evaluation with gensim 4.4's exact rules
/// (`KeyedVectors.evaluate_word_analogies` and `evaluate_word_pairs`), so that covered and
/// skipped counts are identical to gensim's on the same vectors:
///
/// - Only the first `restrictVocab` rows of the file count (gensim's `index_to_key[:restrict_vocab]`).
/// - Case-insensitive matching upper-cases the words of the test file and of the vocabulary;
///   when several rows upper-case alike, the first (most frequent) row stands for them all.
/// - Analogies: a line starting with ": " opens a section; other lines must have exactly four
///   whitespace-separated words (others are invalid and not counted). A question with a word
///   outside the restricted vocabulary is skipped (or, with `dummy4unknown`, counted wrong).
///   The prediction is the best of the top 5 3CosAdd answers (question rows excluded) whose
///   upper-cased form is not one of the three question words; if all five are, the fifth is taken.
/// - Word pairs: `#` lines are comments; a line must split into exactly three fields on the
///   delimiter, the third a number; pairs with an unknown word are skipped (or, with
///   `dummy4unknown`, given similarity 0). Spearman (ties averaged) and Pearson over the rest.
/// - OOV ratio: unknown / all valid questions (or pairs), in percent, both modes.
extension Embeddings {
    /// Correct and incorrect counts of one section (or of all: "Total accuracy").
    public struct AnalogySection: Sendable, Equatable, Encodable {
        public let name: String
        public internal(set) var correct: Int
        public internal(set) var incorrect: Int
        /// correct / (correct + incorrect), 0 when nothing was asked (gensim's convention).
        public var accuracy: Double { correct + incorrect == 0 ? 0 : Double(correct) / Double(correct + incorrect) }

        private enum CodingKeys: String, CodingKey { case name, correct, incorrect, accuracy }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(correct, forKey: .correct)
            try container.encode(incorrect, forKey: .incorrect)
            try container.encode(accuracy, forKey: .accuracy)
        }
    }

    /// One evaluated (in-vocabulary) question.
    public struct AnalogyOutcome: Sendable, Equatable, Encodable {
        public let section: String
        /// a, b, c, expected (upper-cased when case-insensitive); b - a + c should be `expected`.
        public let words: [String]
        public let predicted: String
        public let correct: Bool
    }

    public struct AnalogyEvaluation: Sendable, Encodable {
        public let file: String
        public let sections: [AnalogySection]
        public let total: AnalogySection
        /// Valid question lines (gensim's `quadruplets_no`).
        public let questions: Int
        /// Questions answered (correct + incorrect, OOV excluded unless `dummy4unknown`).
        public let covered: Int
        /// Questions with a word outside the restricted vocabulary.
        public let skipped: Int
        /// 100 x skipped / questions.
        public let oovRatio: Double
        /// Non-header lines that are not four words.
        public let invalidLines: Int
        public let restrictVocab: Int
        public let caseInsensitive: Bool
        public let dummy4unknown: Bool
        /// Per-question outcomes when requested.
        public let details: [AnalogyOutcome]?
    }

    /// Evaluates analogies from a file in the questions-words.txt format.
    public func evaluateAnalogies(path: String, restrictVocab: Int = 30_000, caseInsensitive: Bool = true,
                                  dummy4unknown: Bool = false, details: Bool = false) throws -> AnalogyEvaluation {
        try evaluateAnalogies(text: FileBytes.text(path: path), name: path, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive,
                              dummy4unknown: dummy4unknown, details: details)
    }

    /// Evaluates analogies given as text (`name` is used in messages).
    /// - Complexity: O(questions x restrictVocab x dimension), four questions per pass over the
    ///   matrix and one pass per core.
    public func evaluateAnalogies(text: String, name: String, restrictVocab: Int = 30_000, caseInsensitive: Bool = true,
                                  dummy4unknown: Bool = false, details: Bool = false) throws -> AnalogyEvaluation {
        guard restrictVocab >= 1 else { throw EmbeddingsError.invalidArgument("restrict-vocab must be at least 1") }
        let okVocab = restrictedVocabulary(restrictVocab, caseInsensitive: caseInsensitive)
        let limit = Swift.min(restrictVocab, count)
        var sections: [AnalogySection] = []
        var asked: [(section: Int, words: [String], rows: [Int])] = []
        var questions = 0, skipped = 0, invalid = 0
        for (number, line) in Self.pythonLines(text, universalNewlines: false).enumerated() {
            if line.hasPrefix(": ") {
                let name = String(String.UnicodeScalarView(line.unicodeScalars.drop { $0 == ":" || $0 == " " }))
                sections.append(AnalogySection(name: Self.pythonStrip(name), correct: 0, incorrect: 0))
                continue
            }
            guard !sections.isEmpty else {
                throw EmbeddingsError.malformedListFile(path: name, line: number + 1,
                                                        reason: "question before any ': section' header line (gensim refuses this file too)")
            }
            var parts = Self.pythonSplit(line)
            guard parts.count == 4 else { invalid += 1; continue }
            if caseInsensitive { parts = parts.map { $0.uppercased() } }
            questions += 1
            let rows = parts.compactMap { okVocab[WordKey($0)] }
            if rows.count < 4 {
                skipped += 1
                if dummy4unknown { sections[sections.count - 1].incorrect += 1 }
                continue
            }
            asked.append((sections.count - 1, parts, rows))
        }
        guard questions > 0 else {
            throw EmbeddingsError.malformedListFile(path: name, line: 1, reason: "no analogy questions (lines of four words after a ': section' header)")
        }
        // 3CosAdd queries: unit(b) - unit(a) + unit(c), normalised; rows a, b, c excluded.
        let d = dimension
        var queries = [Float](repeating: 0, count: asked.count * d)
        for (q, question) in asked.enumerated() {
            let offset = offsetQuery((question.rows[0], question.rows[1], question.rows[2]))
            let unit = VectorKernels.normalized(offset)
            for j in 0..<d { queries[q * d + j] = unit[j] }
        }
        let ranked = topRowsBatch(queries: queries, count: asked.count, limit: limit, k: 5,
                                  excluding: asked.map { Array($0.rows[0..<3]) })
        var outcomes: [AnalogyOutcome] = []
        for (q, question) in asked.enumerated() {
            let ignore = Set(question.words[0..<3].map { WordKey($0) })
            var predicted = ""
            for row in ranked[q] {
                predicted = caseInsensitive ? words[row].uppercased() : words[row]
                if okVocab[WordKey(predicted)] != nil && !ignore.contains(WordKey(predicted)) { break }
            }
            let correct = WordKey(predicted) == WordKey(question.words[3])
            if correct { sections[question.section].correct += 1 } else { sections[question.section].incorrect += 1 }
            if details {
                outcomes.append(AnalogyOutcome(section: sections[question.section].name, words: question.words,
                                               predicted: predicted, correct: correct))
            }
        }
        let total = AnalogySection(name: "Total accuracy", correct: sections.reduce(0) { $0 + $1.correct },
                                   incorrect: sections.reduce(0) { $0 + $1.incorrect })
        return AnalogyEvaluation(file: name, sections: sections, total: total, questions: questions,
                                 covered: total.correct + total.incorrect, skipped: skipped,
                                 oovRatio: 100 * Double(skipped) / Double(questions), invalidLines: invalid,
                                 restrictVocab: restrictVocab, caseInsensitive: caseInsensitive,
                                 dummy4unknown: dummy4unknown, details: details ? outcomes : nil)
    }

    /// gensim's `ok_vocab`: the first `restrictVocab` words (upper-cased if case-insensitive) to
    /// their row, the first row winning among words that upper-case alike. Keys compare by code
    /// points (`WordKey`), as Python's `str`: NFC and NFD spellings are different words.
    func restrictedVocabulary(_ restrictVocab: Int, caseInsensitive: Bool) -> [WordKey: Int] {
        let limit = Swift.min(restrictVocab, count)
        var vocabulary = [WordKey: Int](minimumCapacity: limit)
        for row in 0..<limit {
            let key = WordKey(caseInsensitive ? words[row].uppercased() : words[row])
            if vocabulary[key] == nil { vocabulary[key] = row }
        }
        return vocabulary
    }

    /// For each of `count` unit queries (row-major in `queries`), the `k` best rows among the
    /// first `limit`, leaving out that query's `excluding` rows; best first.
    func topRowsBatch(queries: [Float], count queryCount: Int, limit: Int, k: Int, excluding: [[Int]]) -> [[Int]] {
        let d = dimension
        let groups = (queryCount + 3) / 4
        let maxExcluded = excluding.map(\.count).max() ?? 0
        // Queries zero-padded to whole SIMD8 chunks, four per group (the last group padded with zeros).
        var rows = (0..<queryCount).map { Array(queries[$0 * d ..< ($0 + 1) * d]) }
        rows += [[Float]](repeating: [Float](repeating: 0, count: d), count: groups * 4 - queryCount)
        let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: groups * 4)
        results.initialize(repeating: [])
        defer { results.deinitialize().deallocate() }
        unitVectors.withUnsafeBufferPointer { unitBuffer in
            VectorKernels.withAlignedQueries(rows) { query, chunks in
                let matrix = PaddedRows(base: unitBuffer.baseAddress!, rows: count, dimension: d)
                let shared = UncheckedSendable((matrix, query, results))
                DispatchQueue.concurrentPerform(iterations: groups) { group in
                    let (matrix, query, results) = shared.value
                    var heaps = (0..<4).map { _ in TopK(capacity: k + maxExcluded) }
                    let q = query + group * 4 * chunks * 8
                    let safe = Swift.min(limit, matrix.safeRows)
                    func offer(_ row: Int, _ s: SIMD4<Float>) {
                        for j in 0..<4 where s[j] >= heaps[j].threshold { heaps[j].insert(row: row, score: s[j]) }
                    }
                    for row in 0..<safe { offer(row, VectorKernels.paddedDot4(matrix.base + row * d, q, chunks: chunks)) }
                    if safe < limit {
                        var copy = [Float](repeating: 0, count: chunks * 8)
                        for row in safe..<limit {
                            for j in 0..<d { copy[j] = matrix.base[row * d + j] }
                            offer(row, copy.withUnsafeBufferPointer { VectorKernels.paddedDot4($0.baseAddress!, q, chunks: chunks) })
                        }
                    }
                    for j in 0..<4 where group * 4 + j < queryCount {
                        let skip = excluding[group * 4 + j]
                        results[group * 4 + j] = Array(heaps[j].sorted().map(\.row).filter { !skip.contains($0) }.prefix(k))
                    }
                }
            }
        }
        return Array(results.prefix(queryCount))
    }

    // MARK: Word pairs

    public struct WordPairEvaluation: Sendable, Encodable {
        public let file: String
        /// Pairs that entered the correlations.
        public let pairs: Int
        /// Pairs with a word outside the restricted vocabulary.
        public let skipped: Int
        /// 100 x skipped / (valid pairs), gensim's "Pairs with unknown words ratio".
        public let oovRatio: Double
        /// nan when undefined (see `undefinedReason`); written to JSON as null.
        public let spearman: Double
        public let pearson: Double
        public let invalidLines: Int
        public let restrictVocab: Int
        public let caseInsensitive: Bool
        public let dummy4unknown: Bool
        /// Why a correlation is undefined (one side constant: scipy returns nan), or nil.
        public var undefinedReason: String? {
            guard spearman.isNaN || pearson.isNaN else { return nil }
            if pairs < 2 { return "\(pairs) pair is too few for a correlation" }
            return "the gold scores or the model's cosines are all equal, so a rank correlation is 0/0"
        }

        private enum CodingKeys: String, CodingKey {
            case file, pairs, skipped, oovRatio, spearman, pearson, invalidLines, restrictVocab, caseInsensitive, dummy4unknown, undefinedReason
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(pairs, forKey: .pairs)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(oovRatio, forKey: .oovRatio)
            try c.encode(spearman.isNaN ? nil : spearman, forKey: .spearman)
            try c.encode(pearson.isNaN ? nil : pearson, forKey: .pearson)
            try c.encode(invalidLines, forKey: .invalidLines)
            try c.encode(restrictVocab, forKey: .restrictVocab)
            try c.encode(caseInsensitive, forKey: .caseInsensitive)
            try c.encode(dummy4unknown, forKey: .dummy4unknown)
            try c.encodeIfPresent(undefinedReason, forKey: .undefinedReason)
        }
    }

    public func evaluateWordPairs(path: String, delimiter: Unicode.Scalar = "\t", restrictVocab: Int = 300_000,
                                  caseInsensitive: Bool = true, dummy4unknown: Bool = false) throws -> WordPairEvaluation {
        try evaluateWordPairs(text: FileBytes.text(path: path), name: path, delimiter: delimiter, restrictVocab: restrictVocab,
                              caseInsensitive: caseInsensitive, dummy4unknown: dummy4unknown)
    }

    /// Word-pair similarity evaluation (WordSim-353, SimLex-999 format) on text.
    /// - Complexity: O(pairs x dimension + pairs log pairs).
    public func evaluateWordPairs(text: String, name: String, delimiter: Unicode.Scalar = "\t", restrictVocab: Int = 300_000,
                                  caseInsensitive: Bool = true, dummy4unknown: Bool = false) throws -> WordPairEvaluation {
        guard restrictVocab >= 1 else { throw EmbeddingsError.invalidArgument("restrict-vocab must be at least 1") }
        let okVocab = restrictedVocabulary(restrictVocab, caseInsensitive: caseInsensitive)
        var gold: [Double] = [], model: [Double] = []
        var skipped = 0, invalid = 0
        for line in Self.pythonLines(text, universalNewlines: true) {
            if line.hasPrefix("#") { continue }
            // Python keeps the newline on the last field; float() strips it.
            let parts = line.unicodeScalars.split(separator: delimiter, omittingEmptySubsequences: false).map {
                String(String.UnicodeScalarView($0))
            }
            guard parts.count == 3, let similarity = Double(Self.pythonStrip(parts[2])) else { invalid += 1; continue }
            let a = caseInsensitive ? parts[0].uppercased() : parts[0]
            let b = caseInsensitive ? parts[1].uppercased() : parts[1]
            guard let ra = okVocab[WordKey(a)], let rb = okVocab[WordKey(b)] else {
                skipped += 1
                if dummy4unknown { gold.append(similarity); model.append(0) }
                continue
            }
            gold.append(similarity)
            model.append(Double(cosine(rows: ra, rb)))
        }
        guard !gold.isEmpty else {
            throw EmbeddingsError.malformedListFile(path: name, line: 1,
                reason: "no usable word pairs ('word1<TAB>word2<TAB>score' lines with both words in the first \(restrictVocab) rows)")
        }
        let valid = dummy4unknown ? gold.count : gold.count + skipped
        return WordPairEvaluation(file: name, pairs: gold.count, skipped: skipped, oovRatio: 100 * Double(skipped) / Double(valid),
                                  spearman: Statistics.spearman(gold, model), pearson: Statistics.pearson(gold, model),
                                  invalidLines: invalid, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive,
                                  dummy4unknown: dummy4unknown)
    }

    // MARK: Python string semantics

    /// Python's `str.split()` with no argument: runs of whitespace separate, none kept.
    static func pythonSplit<S: StringProtocol>(_ line: S) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if isPythonSpace(scalar) {
                if !current.isEmpty { parts.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { parts.append(String(current)) }
        return parts
    }

    /// The lines Python's file iteration yields, without their newline: split after each "\n"
    /// (binary mode) or after "\r\n", "\r" and "\n" (text mode's universal newlines); a final
    /// newline does not start another line.
    static func pythonLines(_ text: String, universalNewlines: Bool) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var previousCR = false
        for byte in text.utf8 {
            if universalNewlines && byte == 10 && previousCR { previousCR = false; continue }
            previousCR = byte == 13
            if byte == 10 || (universalNewlines && byte == 13) {
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }

    /// Python's `str.strip()`.
    static func pythonStrip<S: StringProtocol>(_ text: S) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !isPythonSpace($0) }) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }

    /// Python's `str.isspace()` for one character: Unicode White_Space plus the four
    /// information separators U+001C...U+001F.
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        (0x1C...0x1F).contains(scalar.value) || scalar.properties.isWhitespace
    }
}
