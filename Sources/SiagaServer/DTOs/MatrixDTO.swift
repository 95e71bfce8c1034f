import Foundation
import SiagaCore

/// A version of a region's responsibility matrix on the wire.
struct MatrixDTO: Encodable, Sendable {
    struct RowDTO: Codable, Sendable {
        var category: String
        var subcategory: String?
        var kecamatan: String?
        var primary: String
        var supporting: [String]?
        var regulation: String?
    }

    var regionCode: String
    var version: Int
    var rows: [RowDTO]
    var fallback: [String]
    var author: String
    var at: Date
    var reason: String
    var regulation: String?

    init(_ version: MatrixVersion) {
        regionCode = version.regionCode.rawValue
        self.version = version.version
        rows = version.matrix.rows.map {
            RowDTO(
                category: $0.category, subcategory: $0.subcategory, kecamatan: $0.kecamatan?.rawValue,
                primary: $0.primary.rawValue, supporting: $0.supporting.map(\.rawValue), regulation: $0.regulation)
        }
        fallback = version.matrix.fallback.map(\.rawValue)
        author = version.author.description
        at = version.at
        reason = version.reason
        regulation = version.regulation
    }
}

/// A version in the list of versions, without its rows.
struct MatrixVersionSummaryDTO: Encodable, Sendable {
    var version: Int
    var author: String
    var at: Date
    var reason: String
    var regulation: String?
    var rowCount: Int

    init(_ version: MatrixVersion) {
        self.version = version.version
        author = version.author.description
        at = version.at
        reason = version.reason
        regulation = version.regulation
        rowCount = version.matrix.rows.count
    }
}

/// `PUT /regions/{code}/matrix`: a new version, as CSV (agency codes) or as rows (agency ids).
struct ReplaceMatrixRequest: Decodable, Sendable {
    var reason: String
    var regulation: String?
    var csv: String?
    var rows: [MatrixDTO.RowDTO]?
    var fallback: [String]?

    /// The matrix the request describes, before it is checked against the region's categories and agencies.
    func source() throws(ValidationError) -> MatrixSource {
        var errors = TextRules.problems(reason, field: "reason", max: Incident.maxReasonLength)
        if let regulation, regulation.storedLength > 200 { errors.append(FieldError("regulation", .tooLong(max: 200))) }
        if (csv == nil) == (rows == nil) {
            errors.append(FieldError(csv == nil ? "csv" : "rows", csv == nil ? .required : .notAllowedHere))
        }
        var parsedRows: [ResponsibilityMatrix.Row] = []
        for (index, row) in (rows ?? []).enumerated() {
            let kecamatan = row.kecamatan.map { RegionCode($0) }
            if kecamatan == .some(nil) { errors.append(FieldError("rows[\(index)].kecamatan", .invalidFormat)) }
            parsedRows.append(
                ResponsibilityMatrix.Row(
                    category: row.category, subcategory: row.subcategory?.nilIfEmpty, kecamatan: kecamatan ?? nil,
                    primary: AgencyID(row.primary), supporting: (row.supporting ?? []).map(AgencyID.init),
                    regulation: row.regulation?.nilIfEmpty))
        }
        try ValidationError.check(errors)
        let fallback = (fallback ?? []).map(AgencyID.init)
        let metadata = (reason.trimmingWhitespace, regulation?.trimmingWhitespace.nilIfEmpty)
        if let csv {
            return MatrixSource(csv: csv, rows: nil, fallback: fallback, reason: metadata.0, regulation: metadata.1)
        }
        return MatrixSource(csv: nil, rows: parsedRows, fallback: fallback, reason: metadata.0, regulation: metadata.1)
    }
}

/// A matrix as submitted: CSV text or rows, with the reason and regulation of the change.
struct MatrixSource: Sendable {
    var csv: String?
    var rows: [ResponsibilityMatrix.Row]?
    var fallback: [AgencyID]
    var reason: String
    var regulation: String?
}
