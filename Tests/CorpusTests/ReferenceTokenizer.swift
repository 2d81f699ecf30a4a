import Corpus
import Foundation

/// A deliberately naive re-implementation of the corpus rules, built only from the standard
/// library (`split`, `String(decoding:)`, `Dictionary`), to check the streaming loader against.
enum Reference {
    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (9...13).contains(byte) }

    /// Cuts valid UTF-8 text to at most `Tokenizer.maxTokenBytes` bytes at a scalar boundary.
    static func truncated(_ text: String) -> (text: String, cut: Bool) {
        var scalars = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let length = String(scalar).utf8.count
            if bytes + length > Tokenizer.maxTokenBytes { return (String(scalars), true) }
            bytes += length
            scalars.append(scalar)
        }
        return (text, false)
    }

    /// The tokens of one line, with whether each was truncated.
    /// With `splitPunctuation`, the pieces of one whitespace token between punctuation
    /// characters; a cut token marks its first piece.
    static func tokens(_ line: ArraySlice<UInt8>, _ options: TokenizerOptions) -> [(token: String, cut: Bool)] {
        line.split(whereSeparator: isSpace).flatMap { raw -> [(token: String, cut: Bool)] in
            var (text, cut) = truncated(String(decoding: raw, as: UTF8.self))
            if options.lowercase { text = text.lowercased() }
            if options.stripPunctuation && !options.splitPunctuation { text = text.filter { !$0.isPunctuation } }
            let again = truncated(text)
            cut = cut || again.cut
            guard options.splitPunctuation else { return again.text.isEmpty ? [] : [(again.text, cut)] }
            let pieces = again.text.split(whereSeparator: \.isPunctuation).map(String.init)
            return pieces.enumerated().map { ($0.element, cut && $0.offset == 0) }
        }
    }

    /// U+FFFD count when each whitespace-separated token is decoded by the standard library.
    static func replacementCount(_ bytes: [UInt8]) -> Int {
        bytes.split(whereSeparator: isSpace).reduce(0) { total, raw in
            total + String(decoding: raw, as: UTF8.self).unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        }
    }

    struct Expected {
        var words: [String] = []
        var counts: [Int] = []
        var sentences: [[String]] = []
        var tokens = 0
        var distinct = 0
        var lines = 0
        var truncatedTokens = 0
    }

    /// What `CorpusLoader` should produce for `bytes` (no pruning).
    static func load(_ bytes: [UInt8], _ options: CorpusOptions) -> Expected {
        var expected = Expected()
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        expected.lines = bytes.isEmpty ? 0 : (bytes.last == 10 ? lines.count - 1 : lines.count)
        var tokenLines: [[String]] = []
        var counts: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        for line in lines {
            let tokens = Self.tokens(line, options.tokenizer)
            expected.truncatedTokens += tokens.filter(\.cut).count
            tokenLines.append(tokens.map(\.token))
            for (token, _) in tokens {
                counts[token, default: 0] += 1
                if firstSeen[token] == nil { firstSeen[token] = firstSeen.count }
            }
        }
        expected.tokens = counts.values.reduce(0, +)
        expected.distinct = counts.count
        var words = counts.keys.filter { counts[$0]! >= options.minCount }
        words.sort { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : firstSeen[$0]! < firstSeen[$1]! }
        if let limit = options.maxVocabulary { words = Array(words.prefix(limit)) }
        expected.words = words
        expected.counts = words.map { counts[$0]! }
        let kept = Set(words)
        for line in tokenLines {
            var rest = line.filter(kept.contains)[...]
            while !rest.isEmpty {
                expected.sentences.append(Array(rest.prefix(options.maxSentenceLength)))
                rest = rest.dropFirst(options.maxSentenceLength)
            }
        }
        return expected
    }
}

/// The sentences of a loaded corpus, as words.
func decodedSentences(_ loaded: LoadedCorpus) -> [[String]] {
    var sentences: [[String]] = []
    var current: [String] = []
    for id in loaded.corpus.ids {
        if id == EncodedCorpus.sentenceBreak {
            sentences.append(current)
            current = []
        } else {
            current.append(loaded.vocabulary.words[Int(id)])
        }
    }
    if !current.isEmpty { sentences.append(current) } // a missing final break shows up as a mismatch
    return sentences
}

/// SplitMix64, for reproducible generated corpora.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random corpus: Zipf-like word choice from `vocabularySize` words (some non-ASCII,
/// some with punctuation, some capitalised), every kind of whitespace, empty lines, CRLF,
/// and, when `dirty`, invalid UTF-8 bytes and NULs.
func generatedCorpus(tokens: Int, vocabularySize: Int, seed: UInt64, dirty: Bool = true) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    let pieces = ["a", "b", "c", "d", "e", "é", "Ü", "€", "😀", "Z", "q", "x"]
    let words: [[UInt8]] = (0..<vocabularySize).map { i in
        var word = ""
        var n = i
        repeat {
            word += pieces[n % pieces.count]
            n /= pieces.count
        } while n > 0
        if i % 7 == 3 { word += "," }
        if i % 11 == 5 { word = "«" + word + "»" }
        return Array(word.utf8)
    }
    let separators: [[UInt8]] = [[32], [32], [32], [32, 32], [9], [10], [13, 10], [10, 10], [11], [12], [13], [10, 32, 10]]
    let garbage: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0], [0xF0, 0x9F, 0x98]]
    var bytes: [UInt8] = []
    for _ in 0..<tokens {
        // Zipf-like: small ids are much more frequent.
        let u = Double.random(in: 0..<1, using: &random)
        let index = min(vocabularySize - 1, Int(exp2(u * log2(Double(vocabularySize) + 1))) - 1)
        var word = words[max(0, index)]
        if dirty && Int.random(in: 0..<50, using: &random) == 0 {
            word.insert(contentsOf: garbage.randomElement(using: &random)!, at: Int.random(in: 0...word.count, using: &random))
        }
        bytes += word
        bytes += separators.randomElement(using: &random)!
    }
    return bytes
}
