import Foundation

/// fastText 0.9's model file, `.bin` (fastText `FastText::saveModel`, `Args::save`,
/// `Dictionary::save`, `DenseMatrix::save`; gensim `_fasttext_bin.py` reads the same), all
/// little-endian:
///
///     int32 magic 793712314, int32 version 12
///     int32 dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate; float64 t
///     int32 size nwords nlabels; int64 ntokens; int64 pruneidx_size (-1: not pruned)
///     size x (word bytes, 0, int64 count, int8 type 0 word / 1 label); pruneidx_size x (int32, int32)
///     uint8 quant_input 0; int64 rows cols; rows x cols float32   (input: nwords + bucket rows)
///     uint8 qout 0; int64 rows cols; rows x cols float32          (output)
///
/// As a vectors format it writes a model without subwords (bucket 0, maxn 0; the output
/// matrix zero, counts 1) and reads the vocabulary's vectors composed with their n-grams; the
/// whole model, for words the vocabulary lacks, comes from `readModel`. Supervised (label)
/// models, quantized `.ftz` models and other versions are refused.
public enum FastTextBinaryFormat: VectorFileFormat {
    static let summary = "fastText 0.9 .bin model (fasttext.load_model); read: n-gram vectors for any word"
    static let magic: Int32 = 793_712_314
    static let version: Int32 = 12

    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        var arguments = FastTextModel.Arguments()
        arguments.dimension = Int32(dimension)
        arguments.buckets = 0; arguments.minn = 0; arguments.maxn = 0
        try writeModel(to: path, arguments: arguments, words: words, counts: [Int64](repeating: 1, count: words.count),
                       tokenCount: Int64(words.count), inputRows: words.count, input: fill,
                       outputRows: words.count) { _, row in row.update(repeating: 0) }
    }

    /// Writes a model row by row: `input(r, buffer)` fills input row `r` (words, then buckets),
    /// `output(r, buffer)` output row `r`. Atomic; no full copy of a matrix is made.
    /// - Complexity: O((inputRows + outputRows) x dimension) time, O(dimension) extra memory.
    public static func writeModel(to path: String, arguments: FastTextModel.Arguments, words: [String], counts: [Int64], tokenCount: Int64,
                           inputRows: Int, input: (Int, UnsafeMutableBufferPointer<Float>) -> Void,
                           outputRows: Int, output: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        precondition(counts.count == words.count && inputRows == words.count + Int(arguments.buckets))
        for (row, word) in words.enumerated() where word.utf8.contains(0) || word.isEmpty {
            throw EmbeddingsError.invalidArgument("\(path): word \(row) (\(word.debugDescription)) is empty or holds a NUL byte, which a fastText .bin cannot store")
        }
        try atomically(path) { writer in
            var bytes: [UInt8] = []
            func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
            func int64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
            let a = arguments
            int32(magic); int32(version)
            for v in [a.dimension, a.window, a.epochs, a.minCount, a.negative, a.wordNgrams, a.loss, a.model,
                      a.buckets, a.minn, a.maxn, a.lrUpdateRate] { int32(v) }
            withUnsafeBytes(of: a.sample.bitPattern.littleEndian) { bytes += $0 }
            int32(Int32(words.count)); int32(Int32(words.count)); int32(0)
            int64(tokenCount); int64(-1)
            for (word, count) in zip(words, counts) {
                bytes += word.utf8; bytes.append(0)
                int64(count); bytes.append(0)
                if bytes.count > 1 << 16 { try writer.write(bytes); bytes.removeAll(keepingCapacity: true) }
            }
            try writer.write(bytes)
            let d = Int(a.dimension)
            var row = [Float](repeating: 0, count: d)
            func matrix(_ rows: Int, _ fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
                bytes.removeAll(keepingCapacity: true)
                bytes.append(0); int64(Int64(rows)); int64(Int64(d))
                try writer.write(bytes)
                try row.withUnsafeMutableBufferPointer { buffer in
                    for r in 0..<rows {
                        fill(r, buffer)
                        for k in 0..<d { buffer[k] = Float(bitPattern: buffer[k].bitPattern.littleEndian) }
                        try writer.write(raw: UnsafeRawBufferPointer(buffer))
                    }
                }
            }
            try matrix(inputRows, input)
            try matrix(outputRows, output)
        }
    }

    /// True when the bytes start with fastText's magic number.
    static func hasMagic(_ file: FileBytes) -> Bool {
        file.count >= 4 && Int32(littleEndian: UnsafeRawPointer(file.bytes).loadUnaligned(as: Int32.self)) == magic
    }

    static func read(path: String, limit: Int?) throws -> VectorFile {
        let file = try FileBytes(path: path)
        defer { file.release() }
        return try read(file, path: path, limit: limit)
    }

    /// Reads the model from bytes already read from `path`.
    static func read(_ file: FileBytes, path: String, limit: Int?) throws -> VectorFile {
        let model = try readModel(file, path: path)
        return VectorFile(embeddings: model.embeddings(limit: limit), warnings: [], format: .fastTextBinary, model: model)
    }

    /// Reads the whole model, checking every length against the file's size before allocating.
    /// - Throws: `EmbeddingsError.notVectors` for another format, version, a supervised or
    ///   quantized model; `.truncated` when the file ends early; `.badHeader` for sizes that disagree.
    /// - Complexity: O(file size).
    public static func readModel(path: String) throws -> FastTextModel {
        let file = try FileBytes(path: path)
        defer { file.release() }
        return try readModel(file, path: path)
    }

    static func readModel(_ file: FileBytes, path: String) throws -> FastTextModel {
        var cursor = Cursor(path: path, base: UnsafeRawPointer(file.bytes), count: file.count)
        func refuse(_ reason: String) -> EmbeddingsError { .notVectors(path: path, reason: reason) }
        guard try cursor.int32("the magic number") == magic else { throw refuse("not a fastText model (no magic number 793712314)") }
        let found = try cursor.int32("the version")
        guard found == version else {
            throw refuse("fastText model file version \(found); this reader takes version \(version) (fastText 0.9) only")
        }
        var a = FastTextModel.Arguments()
        a.dimension = try cursor.int32("dim"); a.window = try cursor.int32("ws"); a.epochs = try cursor.int32("epoch")
        a.minCount = try cursor.int32("minCount"); a.negative = try cursor.int32("neg"); a.wordNgrams = try cursor.int32("wordNgrams")
        a.loss = try cursor.int32("loss"); a.model = try cursor.int32("model"); a.buckets = try cursor.int32("bucket")
        a.minn = try cursor.int32("minn"); a.maxn = try cursor.int32("maxn"); a.lrUpdateRate = try cursor.int32("lrUpdateRate")
        a.sample = Double(bitPattern: UInt64(bitPattern: try cursor.int64("t")))
        let size = try cursor.int32("the dictionary size"), nwords = try cursor.int32("nwords"), nlabels = try cursor.int32("nlabels")
        guard a.model != 3, nlabels == 0 else {
            throw refuse("a supervised fastText model (\(nlabels) labels): it holds a classifier, not word vectors; give an unsupervised (skipgram or cbow) model")
        }
        guard a.dimension >= 1, a.buckets >= 0, size == nwords, nwords >= 0 else {
            throw EmbeddingsError.badHeader(path: path, header: "dim \(a.dimension), bucket \(a.buckets), size \(size), nwords \(nwords)",
                                            reason: "a fastText model needs dim >= 1, bucket >= 0 and as many entries as words")
        }
        let tokenCount = try cursor.int64("ntokens")
        let pruned = try cursor.int64("pruneidx_size")
        var words: [String] = [], counts: [Int64] = []
        words.reserveCapacity(Int(nwords)); counts.reserveCapacity(Int(nwords))
        for i in 0..<Int(nwords) {
            words.append(try cursor.word(entry: i))
            counts.append(try cursor.int64("the count of word \(i)"))
            guard try cursor.int8("the type of word \(i)") == 0 else { throw refuse("entry \(i) is a label: a supervised model") }
        }
        if pruned > 0 { throw refuse("a pruned (quantized) model, whose n-gram rows are renumbered; give the unquantized .bin") }
        let d = Int(a.dimension)
        func matrix(_ name: String, rows expected: Int?) throws -> [Float] {
            guard try cursor.int8("the \(name) matrix's quantization flag") == 0 else { throw refuse("a quantized (.ftz) model; give the unquantized .bin") }
            let rows = try cursor.int64("the \(name) matrix's rows"), columns = try cursor.int64("the \(name) matrix's columns")
            guard columns == Int64(d), rows >= 0, expected.map({ Int64($0) == rows }) ?? true else {
                throw EmbeddingsError.badHeader(path: path, header: "\(name) matrix \(rows) x \(columns)",
                                                reason: "expected \(expected.map(String.init) ?? "any") x \(d) (nwords + bucket rows of dim columns)")
            }
            return try cursor.floats(Int(rows) * d, what: "the \(name) matrix")
        }
        let input = try matrix("input", rows: Int(nwords) + Int(a.buckets))
        let output = try matrix("output", rows: nil)
        return FastTextModel(arguments: a, words: words, counts: counts, tokenCount: tokenCount, input: input, output: output)
    }

    /// A bounds-checked reader over the mapped file.
    struct Cursor {
        let path: String
        let base: UnsafeRawPointer
        let count: Int
        var offset = 0

        init(path: String, base: UnsafeRawPointer, count: Int) {
            self.path = path; self.base = base; self.count = count
        }

        mutating func take(_ n: Int, _ what: String) throws -> Int {
            guard n >= 0, n <= count - offset else {
                throw EmbeddingsError.truncated(path: path, at: .row(0, byteOffset: offset), reason: "the file ends inside \(what)")
            }
            defer { offset += n }
            return offset
        }
        mutating func int8(_ what: String) throws -> Int8 {
            let at = try take(1, what)
            return Int8(bitPattern: base.load(fromByteOffset: at, as: UInt8.self))
        }
        mutating func int32(_ what: String) throws -> Int32 {
            let at = try take(4, what)
            return Int32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: Int32.self))
        }
        mutating func int64(_ what: String) throws -> Int64 {
            let at = try take(8, what)
            return Int64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: Int64.self))
        }

        /// A NUL-terminated word (invalid UTF-8 is repaired, as gensim's reader does).
        mutating func word(entry: Int) throws -> String {
            let start = offset
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            var end = start
            while end < count && bytes[end] != 0 { end += 1 }
            guard end < count else {
                throw EmbeddingsError.truncated(path: path, at: .row(entry, byteOffset: start), reason: "the file ends inside word \(entry) of the dictionary")
            }
            offset = end + 1
            return String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
        }

        mutating func floats(_ n: Int, what: String) throws -> [Float] {
            let (bytes, overflow) = n.multipliedReportingOverflow(by: 4)
            guard !overflow else { throw EmbeddingsError.truncated(path: path, at: .row(0, byteOffset: offset), reason: "\(what) is too large") }
            let at = try take(bytes, what), base = base
            return [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
                for i in 0..<n {
                    buffer[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at + 4 * i, as: UInt32.self)))
                }
                initialized = n
            }
        }
    }
}
