import FuzzDriver
import Recurrent

/// Fuzzes the model files (`ClassifierFile`, `TaggerFile`, `LanguageModelFile`) past their
/// checksum: the input is the JSON header and the body of a model, and the harness frames
/// them (magic, version, header length) and appends the right FNV-1a checksum, as a
/// deliberate edit would. So every mutation reaches the header's numbers (hidden units,
/// layers, vocabulary size, byte counts, labels), the class of issue 21's defect 3.
///
/// Input: one byte choosing the kind (classifier, tagger, language model), the header, the
/// line `@@`, the body. Decoding must throw a described error or give a model that predicts;
/// never trap, never loop for long (libFuzzer's -timeout), never allocate more than
/// `fuzz_allocation_bound` (64 bytes per input byte plus 64 KiB) in one block.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelHeaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let kind = Int(data[0] % 3)
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let separator = Array("\n@@\n".utf8)
    var cut = rest.count
    if rest.count >= separator.count {
        for i in 0...(rest.count - separator.count) where rest[i ..< i + separator.count].elementsEqual(separator) {
            cut = i
            break
        }
    }
    let header = rest[..<cut], body = rest[Swift.min(rest.count, cut + separator.count)...]
    let magic = [ClassifierFile.magic, TaggerFile.magic, LanguageModelFile.magic][kind]
    var file = magic
    append(UInt32(1), to: &file)
    append(UInt32(header.count), to: &file)
    file += header
    file += body
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in file { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    append(hash, to: &file)

    _ = fuzz_limit_allocations(fuzz_allocation_bound(file.count, 64 << 10))
    defer { _ = fuzz_limit_allocations(0) }
    do {
        switch kind {
        case 0:
            let classifier = try ClassifierFile.decode(file, path: "fuzz").classifier
            let p = classifier.predict("the film is good").probabilities
            if p.count != classifier.labels.count { fuzz_fail("\(p.count) probabilities for \(classifier.labels.count) labels") }
        case 1:
            let tagger = try TaggerFile.decode(file, path: "fuzz").tagger
            let tags = tagger.predict([["The", "cat", "sat"]], workers: 1)
            if tags.count != 1 || tags[0].count != 3 { fuzz_fail("tagging 3 tokens gave \(tags)") }
        default:
            let (model, vocabulary, _) = try LanguageModelFile.decode(file, path: "fuzz")
            let ids = model.generate(prompt: [], endOfSentence: vocabulary.endOfSentenceID, words: 3, temperature: 1, topK: 0, seed: 1)
            if ids.filter({ $0 != vocabulary.endOfSentenceID }).count != 3 { fuzz_fail("generated \(ids) for 3 words") }
        }
    } catch {
        if "\(error)".isEmpty { fuzz_fail("empty error description") }
    }
    return 0
}

private func append<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
}
