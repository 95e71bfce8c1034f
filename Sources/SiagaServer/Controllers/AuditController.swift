import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// The audit log, for admins: newest first, filtered, as JSON pages or as a CSV file.
///
/// | method | path    | does                                                                               |
/// |--------|---------|------------------------------------------------------------------------------------|
/// | GET    | /audit  | entries within my reach (`action`, `target`, `from`, `before`, `cursor`, `limit`;  |
/// |        |         | `format=csv` for a file of up to 10,000 entries, itself audited)                   |
struct AuditController {
    let store: SQLStore
    let audit: AuditTrail

    static let csvLimit = 10_000

    struct EntryDTO: Encodable, Sendable {
        var id: String
        var at: Date
        var actor: String
        var action: String
        var target: String?
        var regionCode: String?
        var address: String?
        var detail: [String: String]

        init(_ entry: AuditEntry) {
            id = String(entry.id ?? 0)
            at = entry.at
            actor = entry.actor.description
            action = entry.action.rawValue
            target = entry.target
            regionCode = entry.region?.rawValue
            address = entry.address
            detail = entry.detail
        }
    }

    struct PageDTO: Encodable, Sendable {
        var items: [EntryDTO]
        var nextCursor: String?
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("audit", .auditRead, use: list)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let csv = query.string("format") == "csv"
        if let format = query.string("format"), format != "csv", format != "json" {
            query.fail("format", .unknownValue(allowed: ["json", "csv"]))
        }
        let cursor = query.string("cursor").map { Int64($0) }
        if cursor == .some(nil) { query.fail("cursor", .invalidFormat) }
        var filter = AuditQuery(
            jurisdiction: context.principal.jurisdiction, actions: query.list("action", of: AuditAction.self),
            target: query.string("target"), from: query.instant("from"), before: query.instant("before"),
            beforeID: cursor ?? nil, limit: query.integer("limit", in: 1...RequestLimits.maxPageSize, default: 100))
        try query.check(request.language)
        if csv { filter.limit = Self.csvLimit }
        let entries = try await store.read { [filter] in try await $0.auditEntries(filter) }
        guard csv else {
            let next = entries.count == filter.limit ? entries.last?.id.map(String.init) : nil
            return try .json(PageDTO(items: entries.map(EntryDTO.init), nextCursor: next))
        }
        try await context.record(
            .auditExported, in: audit, target: nil, region: context.principal.jurisdiction.auditRegion,
            detail: ["entries": String(entries.count)])
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"audit-siaga112.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: AuditCSV.render(entries))))
    }
}

/// The audit log as CSV (RFC 4180), one entry per row, details as `key=value` pairs.
enum AuditCSV {
    static let header = ["id", "at", "actor", "action", "target", "region", "address", "detail"]

    static func render(_ entries: [AuditEntry]) -> String {
        SpreadsheetCSV.render(
            header: header,
            rows: entries.map { entry in
                let detail = entry.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: "; ")
                return [
                    String(entry.id ?? 0), APIJSON.formatInstant(entry.at), entry.actor.description,
                    entry.action.rawValue, entry.target ?? "", entry.region?.rawValue ?? "", entry.address ?? "",
                    detail,
                ]
            })
    }
}
