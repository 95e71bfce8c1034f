import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Photos on an incident's timeline.
///
/// | method | path                                | does                                                          |
/// |--------|-------------------------------------|---------------------------------------------------------------|
/// | POST   | /incidents/{id}/attachments         | attach a JPEG, PNG or WebP photo (the raw bytes as the body)   |
/// | GET    | /incidents/{id}/attachments/{sha256} | the photo's bytes                                            |
struct AttachmentController {
    let store: SQLStore
    let attachments: AttachmentStorage
    let incidents: IncidentService

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("incidents/{id}/attachments", .incidentAttach, use: upload)
        group.get("incidents/{id}/attachments/{sha256}", .incidentRead, use: download)
    }

    @Sendable func upload(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let key = try context.parameters.require("id")
        let incident = try await store.read { try await context.readableIncident(key, in: $0) }
        try context.authorize(.incidentAttach, .incident(incident.access))
        let language = request.language
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Attachment.maxBytes)
        } catch is NIOTooManyBytesError {
            throw ProblemDetails.attachmentTooLarge(language)
        }
        let bytes = Array(buffer.readableBytesView)
        guard let mediaType = AttachmentMediaType.sniff(bytes) else { throw ProblemDetails.notAPhoto(language) }
        var query = QueryReader(request)
        let caption = query.string("caption")
        if let caption, caption.storedLength > 500 { query.fail("caption", .tooLong(max: 500)) }
        try query.check(language)
        // The file first, synced: a committed record always has its bytes.
        let hash = try attachments.store(bytes)
        let attachment = Attachment(
            id: AttachmentID(hash),
            // An agency's people credit photos to their own agency, whatever the query says.
            agencyID: context.principal.agency ?? query.string("agencyId").map(AgencyID.init), mediaType: mediaType,
            byteCount: bytes.count, sha256: hash, caption: caption)
        let claim = try context.idempotencyClaim(
            request, fingerprint: hash, scope: "POST /api/v1/incidents/\(incident.id)/attachments")
        let work = incidents.execute(
            .addAttachment(attachment), on: incident.id, expectedVersion: nil, as: context.acting)
        return .write(
            try await store.perform(work, idempotency: claim) { try .changed($0, callers: context.callerView) })
    }

    @Sendable func download(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let key = try context.parameters.require("id")
        let incident = try await store.read { try await context.readableIncident(key, in: $0) }
        let hash = try context.parameters.require("sha256").lowercased()
        // Only a photo of this incident: the incident is what decides who may see it.
        guard incident.attachments.contains(where: { $0.sha256 == hash }),
            let data = try? attachments.read(hash),
            let mediaType = AttachmentMediaType.sniff(Array(data))
        else {
            throw ProblemDetails.notFound(
                request.language.pick("Lampiran tidak ditemukan.", "Attachment not found."), request.language)
        }
        return Response(
            status: .ok,
            headers: [.contentType: mediaType.rawValue, .cacheControl: "private, max-age=31536000, immutable"],
            body: .init(byteBuffer: ByteBuffer(bytes: Array(data))))
    }
}

extension ProblemDetails {
    static func attachmentTooLarge(_ language: Language) -> ProblemDetails {
        ProblemDetails(
            "attachment-too-large", status: .contentTooLarge,
            title: language.pick("Foto terlalu besar", "Photo too large"),
            detail: language.pick(
                "Foto paling besar \(Attachment.maxBytes / 1024 / 1024) MiB.",
                "Photos may be at most \(Attachment.maxBytes / 1024 / 1024) MiB."))
    }

    static func notAPhoto(_ language: Language) -> ProblemDetails {
        ProblemDetails(
            "unsupported-media-type", status: .unsupportedMediaType,
            title: language.pick("Bukan foto yang didukung", "Not a supported photo"),
            detail: language.pick(
                "Kirim foto JPEG, PNG atau WebP; isinya yang diperiksa, bukan nama berkasnya.",
                "Send a JPEG, PNG or WebP photo; its content is checked, not its file name."))
    }
}
