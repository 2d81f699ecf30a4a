import Foundation
import Embeddings

/// Checks, before any work, that an output can be written where the user asked: the path
/// is not a directory and a temporary file can be created next to it (then removed). A run
/// of hours must not end in "No such file or directory".
func checkWritable(_ path: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw OutputError.cannotCreate(path: path, reason: "it is a directory; give a file name")
    }
    try AtomicFileWriter(path: path).discard()
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

/// Refuses, before any work, an output (`flag PATH`) that is one of the command's inputs:
/// writing it would replace the input (issue 13: `w2v train c.txt --output c.txt`).
func refuseOutput(_ output: String, flag: String, over inputs: [(role: String, path: String)]) throws {
    for input in inputs where sameFile(output, input.path) {
        let also = input.path == output ? "" : " (\(input.path))"
        throw UsageError(message: "\(flag) \(output) is the \(input.role)\(also): writing there would destroy it; choose another path")
    }
}
