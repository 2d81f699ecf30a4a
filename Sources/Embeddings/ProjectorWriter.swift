#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes vectors for the TensorFlow Embedding Projector (projector.tensorflow.org, "Load"):
/// a directory with `vectors.tsv` (one row per word, values separated by tabs, no header) and
/// `metadata.tsv` (the words, one per line, in the same order; a single column has no header).
/// Tabs and newlines inside a word would break the format and are replaced by spaces. Each file
/// is written atomically (`AtomicFileWriter`); the directory is created if needed.
public enum ProjectorWriter {
    /// The two file names inside the directory.
    public static let vectorsFile = "vectors.tsv"
    public static let metadataFile = "metadata.tsv"

    /// Writes `embeddings` (raw rows, 6 decimals) into `directory`.
    /// - Complexity: O(count x dimension).
    public static func write(_ embeddings: Embeddings, toDirectory directory: String) throws {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw OutputError.cannotCreate(path: directory, reason: String(cString: strerror(errno)))
        }
        var isDirectory = stat()
        guard stat(directory, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR else {
            throw OutputError.cannotCreate(path: directory, reason: "it exists and is not a directory")
        }
        let dim = embeddings.dimension
        let vectors = try AtomicFileWriter(path: directory + "/" + vectorsFile)
        let metadata: AtomicFileWriter
        do { metadata = try AtomicFileWriter(path: directory + "/" + metadataFile) } catch { vectors.discard(); throw error }
        do {
            var line: [UInt8] = []
            for row in 0..<embeddings.count {
                line.removeAll(keepingCapacity: true)
                for k in 0..<dim {
                    if k > 0 { line.append(0x09) }
                    Word2VecWriter.appendFixed6(embeddings.vectors[row * dim + k], to: &line)
                }
                line.append(0x0A)
                try vectors.write(line)
                let word = embeddings.words[row].map { $0 == "\t" || $0.isNewline ? " " : $0 }
                try metadata.write(String(word) + "\n")
            }
            try vectors.commit()
            try metadata.commit()
        } catch {
            vectors.discard()
            metadata.discard()
            throw error
        }
    }
}
