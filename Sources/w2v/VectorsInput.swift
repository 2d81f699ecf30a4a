import Corpus
import Embeddings
import Foundation

/// The one road from a vectors path to `Embeddings`, taken by the query commands (through
/// `QueryOptions`) and by every `--vectors` option (classify, tag, lm train): the format
/// recognised or given, the progress line of a long load, the warnings (the first five and a
/// count), the load time with `--timing`, and, from a fastText `.bin`, the words a command
/// needs that the vocabulary lacks composed from their n-grams (fastText `getWordVector`, as
/// `fasttext print-word-vectors` prints them). Plain vectors files are returned as read.
struct VectorsInput {
    /// Read only the first `limit` rows.
    var limit: Int?
    /// nil: recognise the format from the file's bytes.
    var format: VectorFormat?
    var timing = false
    /// No progress line (the recurrent commands' `--quiet`); warnings are still printed.
    var quiet = false

    /// The vectors and how many of their rows were composed from subwords (0 for plain files).
    struct Loaded {
        let embeddings: Embeddings
        let composed: Int

        /// " (N composed from subwords)" for the commands' "vectors:" lines, empty when none was.
        var composedNote: String { composed == 0 ? "" : " (\(CorpusStatistics.grouped(composed)) composed from subwords)" }
    }

    /// Loads `path`; from a fastText `.bin`, appends the words of `composing(vectors)` that
    /// `vectors` lacks, composed. `composing` is called only for a `.bin`, so a plain file costs
    /// no pass over the command's data.
    func load(_ path: String, composing: (_ vectors: Embeddings) -> [String] = { _ in [] }) throws -> Loaded {
        let file = try read(path)
        guard let model = file.model else { return Loaded(embeddings: file.embeddings, composed: 0) }
        let words = composing(file.embeddings)
        guard !words.isEmpty else { return Loaded(embeddings: file.embeddings, composed: 0) }
        let embeddings = model.embeddings(extending: file.embeddings, including: words)
        return Loaded(embeddings: embeddings, composed: embeddings.count - file.embeddings.count)
    }

    /// The file as read, keeping what the reader learned (the format, the fastText model).
    func read(_ path: String) throws -> VectorFile {
        let start = ContinuousClock.now
        let progress = LoadProgress(path: path, quiet: quiet)
        let result = try ReadProgress.withReport(progress.report) {
            try format.map { try $0.read(path: path, limit: limit) } ?? VectorFormat.read(path: path, limit: limit)
        }
        progress.finish()
        let elapsed = start.duration(to: .now)
        for warning in result.warnings.prefix(5) { printError("w2v: warning: \(path): \(warning)") }
        if result.warnings.count > 5 { printError("w2v: warning: \(path): \(result.warnings.count - 5) more warnings") }
        if timing {
            let e = result.embeddings
            printError("timing: loaded \(e.count) words x \(e.dimension) (\(result.format.rawValue)) in \(milliseconds(elapsed)) ms")
        }
        return result
    }

    /// The distinct tokens `known` rejects, in first-appearance order (so the embedding table,
    /// and the model file written from it, is the same on every run).
    static func lacking(_ tokens: some Sequence<String>, known: (String) -> Bool) -> [String] {
        var seen = Set<String>(), words: [String] = []
        for token in tokens where !known(token) && seen.insert(token).inserted { words.append(token) }
        return words
    }
}

/// The progress line of a long load on stderr: bytes read, rate and time left, once the load
/// has taken a second (small files print nothing), then one closing line.
///
/// `@unchecked Sendable`: the reader calls `report` synchronously on the loading thread, and
/// `finish` runs on that thread after the read, so its state is never touched concurrently.
final class LoadProgress: @unchecked Sendable {
    private let path: String
    private let printer: ProgressPrinter
    private let start = ContinuousClock.now
    private var shown = false
    private var last = (done: 0, total: 0)

    init(path: String, quiet: Bool = false) {
        self.path = path
        printer = ProgressPrinter(quiet: quiet)
    }

    var report: ReadProgress.Handler {
        { [self] done, total in
            let seconds = seconds(since: start)
            last = (done, total)
            guard seconds >= 1 else { return }
            shown = true
            let rate = Double(done) / seconds
            let left = rate > 0 ? Double(total - done) / rate : 0
            printer.update("reading \(path): \(done >> 20) of \(total >> 20) MB (\(Int(100 * Double(done) / Double(max(total, 1))))%), "
                           + "\(Int(rate / 1e6)) MB/s, \(Int(left.rounded(.up))) s left")
        }
    }

    func finish() {
        guard shown else { return }
        let seconds = seconds(since: start)
        printer.finish("read \(path): \(last.total >> 20) MB in \(fixed(seconds, 1)) s (\(Int(Double(last.total) / seconds / 1e6)) MB/s)")
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let (s, atto) = start.duration(to: .now).components
        return Double(s) + Double(atto) / 1e18
    }
}
