import Embeddings

/// `w2v verify`: the full check of a mapped vectors file, which opening skips.
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = "check a mapped vectors file (.w2vm) byte for byte against its CRC-32"
    static let help = """
    usage: w2v verify FILE.w2vm [--quiet]

    Reads the whole file and compares the CRC-32 of everything after the header with the
    one the header stores (opening a .w2vm checks only its header, size and layout, so that
    it costs no read of the rows). Prints the rows, dimension and fingerprint (the identity of
    the vectors that an index built over them records; see docs/mapped-format.md).

      --quiet   print nothing; the exit status says it all

    Exit status: 0 intact, 1 damaged, truncated or not a mapped file, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let path = try arguments.finish(positionals: 1...1, names: "FILE")[0]
        let result = try VectorFormat.verifyMapped(path: path)
        if !quiet { print("\(path): ok, \(result.rows) x \(result.dimension), fingerprint \(result.fingerprintHex)") }
        return ExitStatus.success
    }
}
