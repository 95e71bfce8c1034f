import Crypto
public import Foundation

/// Photo bytes on disk, outside the database, each file named by its SHA-256 so a file is written once however
/// often it is sent. A file is synced to disk before the record that names it is committed.
public struct AttachmentStorage: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Where a database file's photos live by default: a folder beside it.
    public static func beside(database path: String) -> AttachmentStorage {
        AttachmentStorage(directory: URL(fileURLWithPath: path + "-attachments", isDirectory: true))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    func url(for sha256: String) -> URL {
        directory.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true).appendingPathComponent(sha256)
    }

    /// Stores `bytes` durably (write to a temporary file, sync, rename) and returns their hash.
    func store(_ bytes: [UInt8]) throws -> String {
        let hash = Self.sha256(bytes)
        let target = url(for: hash)
        if FileManager.default.fileExists(atPath: target.path) { return hash }
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(hash).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: temporary)
        } else {
            try FileManager.default.moveItem(at: temporary, to: target)
        }
        return hash
    }

    func read(_ sha256: String) throws -> Data { try Data(contentsOf: url(for: sha256)) }
}
