/// A gzip file (RFC 1952) decompressed while it is read: member header, DEFLATE data
/// (`Inflater`), then the trailer's CRC-32 and length (ISIZE, modulo 2^32) checked against
/// what was decoded. Several members one after the other (`cat a.gz b.gz`) decode to the
/// concatenation of their contents, as `gzip -d` does.
///
/// A file that does not start with the gzip magic bytes, a damaged stream, a truncated one
/// and a checksum or length mismatch are all refused with `CorpusError.badGzip` naming the
/// compressed byte offset. Bytes of a member are handed out before its trailer is checked;
/// the loader stops at the error, so no corpus is ever built from a file that fails.
///
/// - Complexity: O(compressed + decompressed bytes); memory about 1.4 MiB.
final class GzipByteSource: ByteSource {
    let path: String
    private let file: any ByteSource
    private let inflater: Inflater
    /// Decoded bytes not yet handed out: `inflater.output[taken..<inflater.outPos]`.
    private var taken = 0
    private var crc = CRC32()
    private var memberBytes = 0
    private var members = 0
    private var finished = false

    init(path: String, file: any ByteSource) {
        self.path = path
        self.file = file
        inflater = Inflater(source: file)
    }

    var totalBytes: Int { file.totalBytes }
    var position: Int { file.position }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            if taken == inflater.outPos {
                if finished { break }
                inflater.slideWindow()
                taken = inflater.outPos
                try step()
                continue
            }
            let n = min(inflater.outPos - taken, buffer.count - filled)
            (base + filled).copyMemory(from: inflater.output + taken, byteCount: n)
            taken += n
            filled += n
        }
        return filled
    }

    /// Decodes the next piece: a member header, a run of DEFLATE data, or a trailer.
    private func step() throws {
        do {
            if !started {
                try readHeader()
                return
            }
            if !inflater.streamFinished {
                let start = inflater.outPos
                try inflater.decode()
                let produced = inflater.outPos - start
                crc.update(UnsafeRawBufferPointer(start: inflater.output + start, count: produced))
                memberBytes &+= produced
                return
            }
            try readTrailer()
            inflater.alignToByte()
            if try inflater.atEnd() {
                finished = true
            } else {
                try readHeader()
            }
        } catch let failure as Inflater.Failure {
            switch failure {
            case .truncated:
                throw CorpusError.badGzip(path: path, byteOffset: file.position,
                                          reason: "the file ends in the middle of \(members == 0 ? "the" : "member \(members + 1) of the") compressed data (an incomplete download or copy?)")
            case .invalid(let reason):
                throw CorpusError.badGzip(path: path, byteOffset: inflater.consumed, reason: reason)
            }
        }
    }

    private var started = false

    /// The member header (RFC 1952 2.3): magic, method 8, flags, then the optional extra
    /// field, name, comment and header CRC, all skipped.
    private func readHeader() throws {
        started = true
        inflater.alignToByte()
        let magic0 = try inflater.byte(), magic1 = try inflater.byte()
        guard magic0 == 0x1F && magic1 == 0x8B else {
            if magic0 == 0x1F && magic1 == nil { throw Inflater.Failure.truncated }
            if members == 0 {
                let seen = [magic0, magic1].compactMap { $0 }.map { String($0, radix: 16) }.joined(separator: " ")
                throw CorpusError.notGzip(path: path, firstBytes: seen)
            }
            throw Inflater.Failure.invalid("bytes after gzip member \(members) are not another gzip member (trailing garbage)")
        }
        var header = [UInt8]()
        for _ in 0..<8 {
            guard let b = try inflater.byte() else { throw Inflater.Failure.truncated }
            header.append(b)
        }
        guard header[0] == 8 else { throw Inflater.Failure.invalid("compression method \(header[0]) is not DEFLATE (8)") }
        let flags = header[1]
        guard flags & 0xE0 == 0 else { throw Inflater.Failure.invalid("reserved header flags set (0x\(String(flags, radix: 16)))") }
        func next() throws -> UInt8 {
            guard let b = try inflater.byte() else { throw Inflater.Failure.truncated }
            return b
        }
        if flags & 4 != 0 { // FEXTRA
            let length = Int(try next()) | Int(try next()) << 8
            for _ in 0..<length { _ = try next() }
        }
        if flags & 8 != 0 { while try next() != 0 {} }  // FNAME
        if flags & 16 != 0 { while try next() != 0 {} } // FCOMMENT
        if flags & 2 != 0 { _ = try next(); _ = try next() } // FHCRC
        crc = CRC32()
        memberBytes = 0
        inflater.beginStream()
    }

    /// The member trailer: CRC-32 and ISIZE of the decoded bytes, little-endian.
    private func readTrailer() throws {
        inflater.alignToByte()
        var value: [UInt32] = [0, 0]
        for word in 0..<2 {
            for shift in stride(from: 0, to: 32, by: 8) {
                guard let b = try inflater.byte() else { throw Inflater.Failure.truncated }
                value[word] |= UInt32(b) << UInt32(shift)
            }
        }
        members += 1
        guard value[0] == crc.value else {
            throw Inflater.Failure.invalid("CRC-32 mismatch in member \(members): the trailer says \(hex(value[0])), the data gives \(hex(crc.value)) (the file is damaged)")
        }
        guard value[1] == UInt32(truncatingIfNeeded: memberBytes) else {
            throw Inflater.Failure.invalid("length mismatch in member \(members): the trailer says \(value[1]) bytes (mod 2^32), the data has \(memberBytes)")
        }
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}
