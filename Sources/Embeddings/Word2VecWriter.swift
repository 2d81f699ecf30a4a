/// The writer of the word2vec formats before `VectorFormat` existed; kept only so that code
/// written against it still compiles. Use `VectorFormat.word2vecText.write(_:to:)` (or
/// `.word2vecBinary`, or any other format).
public enum Word2VecWriter {
    @available(*, deprecated, message: "use VectorFormat.write(_:to:), e.g. VectorFormat.word2vecBinary.write(embeddings, to: path)")
    public static func write(_ embeddings: Embeddings, to path: String, binary: Bool) throws {
        try (binary ? VectorFormat.word2vecBinary : .word2vecText).write(embeddings, to: path)
    }
}
