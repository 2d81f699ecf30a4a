import Foundation
import Embeddings

/// Checks, before any work, that an output can be written where the user asked, by the
/// output-path policy (`OutputTarget`, docs/paths.md): not one of the command's inputs
/// (`CommandInputs`), not a directory or socket, and a temporary file can be created next to a
/// file to replace (then removed). A run of hours must not end in "No such file or directory".
/// An output to standard output keeps it for the data: the command's messages go to stderr.
func checkWritable(_ path: String, flag: String = "--output") throws {
    try CommandInputs.refuse(path, flag: flag)
    try OutputTarget.check(path)
    if case .descriptor(1) = try OutputTarget(path: path) { OutputTarget.claimStandardOutput() }
}

/// `path` made absolute against the current directory, so that a checkpoint can find its
/// corpus from anywhere.
func absolutePath(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return URL(fileURLWithPath: absolute).standardizedFileURL.path
}

/// The directory part of `path` ("." when there is none).
func directoryOf(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let directory = String(path[..<slash])
    return directory.isEmpty ? "/" : directory
}

/// The identity of an existing file (device and inode, symlinks followed), nil if none.
private func fileIdentity(_ path: String) -> [UInt64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
}

/// Whether two paths name the same file: the same device and inode when both exist (so
/// symlinks, hard links and `./x` versus `x` all count), the same absolute path when neither does.
func sameFile(_ a: String, _ b: String) -> Bool {
    switch (fileIdentity(a), fileIdentity(b)) {
    case let (x?, y?): return x == y
    case (nil, nil): return absolutePath(a) == absolutePath(b)
    default: return false
    }
}
