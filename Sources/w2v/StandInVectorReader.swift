import Foundation
import Embeddings

// STAND-IN: replace with Corpus.Tokenizer / Word2VecReader at merge.
// A minimal word2vec reader (text and binary) so that `w2v classify` works before
// Embeddings.Word2VecReader lands; `Word2VecReader.read(path:limit:)` replaces every call.
enum StandInVectorReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func read(path: String, limit: Int? = nil) throws -> Embeddings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the vectors file")
        }
        let bytes = [UInt8](data)
        var offset = 0
        func line() -> ArraySlice<UInt8>? {
            guard offset < bytes.count else { return nil }
            let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
            defer { offset = end + 1 }
            return bytes[offset ..< end]
        }
        guard let headerLine = line() else { throw Failure(description: "\(path): empty vectors file") }
        let header = String(decoding: headerLine, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard header.count == 2, header[0] >= 0, header[1] > 0 else {
            throw Failure(description: "\(path):1: expected a 'count dimension' header line")
        }
        let count = min(header[0], limit ?? .max), dimension = header[1]
        // Binary if the first row's bytes after the word are not text.
        let binary = bytes[offset...].prefix(200).contains { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }
        var words: [String] = [], vectors: [Float] = []
        words.reserveCapacity(count)
        vectors.reserveCapacity(count * dimension)
        for row in 0..<count {
            if binary {
                let space = bytes[offset...].firstIndex(of: 0x20) ?? bytes.count
                guard space + 4 * dimension <= bytes.count else { throw Failure(description: "\(path): truncated at row \(row + 1)") }
                words.append(String(decoding: bytes[offset ..< space], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                for k in 0..<dimension {
                    var bits: UInt32 = 0
                    for b in 0..<4 { bits |= UInt32(bytes[space + 1 + 4 * k + b]) << (8 * b) }
                    vectors.append(Float(bitPattern: bits))
                }
                offset = space + 1 + 4 * dimension
                if offset < bytes.count && bytes[offset] == 0x0A { offset += 1 }
            } else {
                guard let text = line() else { throw Failure(description: "\(path): \(row) rows, header says \(header[0])") }
                let fields = text.split(separator: 0x20)
                guard fields.count == dimension + 1 else {
                    throw Failure(description: "\(path):\(row + 2): \(fields.count - 1) values, header says \(dimension)")
                }
                words.append(String(decoding: fields[0], as: UTF8.self))
                for field in fields.dropFirst() {
                    guard let v = Float(String(decoding: field, as: UTF8.self)) else {
                        throw Failure(description: "\(path):\(row + 2): '\(String(decoding: field, as: UTF8.self))' is not a number")
                    }
                    vectors.append(v)
                }
            }
        }
        return Embeddings(words: words, dimension: dimension, vectors: vectors)
    }
}
