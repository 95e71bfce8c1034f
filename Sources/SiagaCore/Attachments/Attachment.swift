import Foundation

/// A photo attached to an incident (an agency's outcome report, a field team's picture). The bytes live outside
/// the database, named by their SHA-256; the timeline records the hash.
public struct Attachment: Hashable, Codable, Sendable {
    /// Photos larger than this are refused: a phone photo fits well inside it.
    public static let maxBytes = 5 * 1024 * 1024

    public var id: AttachmentID
    /// The agency whose report it belongs to, if any.
    public var agencyID: AgencyID?
    public var mediaType: AttachmentMediaType
    public var byteCount: Int
    /// Lower-case hex SHA-256 of the bytes.
    public var sha256: String
    public var caption: String?

    public init(
        id: AttachmentID, agencyID: AgencyID?, mediaType: AttachmentMediaType, byteCount: Int, sha256: String,
        caption: String?
    ) {
        self.id = id
        self.agencyID = agencyID
        self.mediaType = mediaType
        self.byteCount = byteCount
        self.sha256 = sha256
        self.caption = caption
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case agencyID = "agencyId"
        case mediaType, byteCount, sha256, caption
    }
}

/// The picture formats accepted, recognised by their content, never by a file name or a declared type.
public enum AttachmentMediaType: String, Codable, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case webp = "image/webp"

    /// The format `bytes` are in, from their signature; `nil` for anything else.
    public static func sniff(_ bytes: some Collection<UInt8>) -> AttachmentMediaType? {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count == 12, head[0..<4].elementsEqual(Array("RIFF".utf8)),
            head[8..<12].elementsEqual(Array("WEBP".utf8))
        {
            return .webp
        }
        return nil
    }
}

/// Identifies an attachment.
public struct AttachmentID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
