import Corpus

/// Fuzzes the tokenizer and the corpus loader with arbitrary bytes. The first byte picks
/// the options (lowercasing, punctuation stripping, min-count, a tiny pruning bound that
/// forces the second pass, a short maximum sentence length); the rest is the text.
/// Besides crashes (and AddressSanitizer reports), it checks the invariants callers rely
/// on and traps when one fails.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var tokenizer = TokenizerOptions()
    tokenizer.lowercase = control & 1 != 0
    tokenizer.stripPunctuation = control & 2 != 0

    // 1. Tokens: non-empty, no ASCII whitespace inside, at most maxTokenBytes bytes.
    let tokens = Tokenizer(options: tokenizer).tokens(in: bytes)
    for token in tokens {
        let n = token.utf8.count
        check(n > 0 && n <= Tokenizer.maxTokenBytes, "token length \(n)")
        check(!token.utf8.contains { $0 == 32 || (9...13).contains($0) }, "whitespace inside a token")
    }

    // 2. The loader sees the same tokens, and its output is consistent.
    var options = CorpusOptions(tokenizer: tokenizer)
    options.minCount = Int(control >> 2 & 3)
    options.maxSentenceLength = control & 16 != 0 ? 3 : 1000
    options.maxVocabularyEntries = control & 32 != 0 ? 4 : nil
    do {
        let loaded = try CorpusLoader.load(bytes: bytes, name: "fuzz", options: options)
        check(loaded.statistics.tokensRead == tokens.count, "loader read \(loaded.statistics.tokensRead) tokens, tokenizer \(tokens.count)")
        let vocabulary = loaded.vocabulary
        check(vocabulary.count > 0 && vocabulary.counts.allSatisfy { $0 >= max(options.minCount, 1) }, "vocabulary counts")
        check(vocabulary.totalCount == loaded.corpus.wordCount, "word count")
        loaded.corpus.withIDs { ids in
            var previousBreak = true
            var sentence = 0
            for id in ids {
                if id == 0xFFFF_FFFF {
                    check(!previousBreak, "empty sentence")
                    previousBreak = true
                    sentence = 0
                } else {
                    check(Int(id) < vocabulary.count, "id \(id) out of range")
                    previousBreak = false
                    sentence += 1
                    check(sentence <= options.maxSentenceLength, "sentence longer than the maximum")
                }
            }
            check(ids.isEmpty || previousBreak, "stream does not end with a break")
        }
    } catch {
        // Errors are fine (empty input, nothing reaching min-count); they must describe themselves.
        check(!"\(error)".isEmpty, "empty error description")
    }
    return 0
}

func check(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(what())") }
}
