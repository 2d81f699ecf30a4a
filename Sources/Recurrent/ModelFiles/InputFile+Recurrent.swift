import Kernels

extension InputFile {
    /// The whole input at `path` (a file, a pipe, a FIFO), read once; a failure is the
    /// module's `.unreadable` with the system's reason.
    static func contents(_ path: String) throws -> [UInt8] {
        do { return try InputFile(path: path).readAllBytes() } catch let error as InputError {
            throw RecurrentError.unreadable(path: path, reason: error.reason)
        }
    }
}
