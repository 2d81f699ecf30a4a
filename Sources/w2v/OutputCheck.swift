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
