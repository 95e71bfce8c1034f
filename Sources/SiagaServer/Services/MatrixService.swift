import Foundation
public import SiagaCore
import SiagaStore

/// Saves new versions of a region's responsibility matrix after checking them against its categories and
/// agencies; a rejected matrix changes nothing.
struct MatrixService: Sendable {
    let dependencies: Dependencies

    /// Saves `source` as the region's next matrix version.
    func replace(_ source: MatrixSource, region: RegionCode, actor: Actor, address: String? = nil)
        -> UnitOfWork<MatrixVersion>
    {
        let at = dependencies.now().truncatedToMilliseconds
        return UnitOfWork(at: at) { transaction in
            try await save(source, region: region, actor: actor, address: address, at: at, in: transaction)
        }
    }

    /// Checks and saves `source` inside `transaction` (shared with region onboarding).
    func save(
        _ source: MatrixSource, region: RegionCode, actor: Actor, address: String? = nil, at: Date,
        in transaction: WriteTransaction
    ) async throws -> MatrixVersion {
        let reader = transaction.reader
        guard let categories = try await reader.categories(of: region) else { throw StoreError.regionNotFound(region) }
        let agencies = try await reader.agencies(of: region)
        var matrix: ResponsibilityMatrix
        if let csv = source.csv {
            matrix = try MatrixCSV.parse(csv, region: region, categories: categories, agencies: agencies)
        } else {
            matrix = ResponsibilityMatrix(rows: source.rows ?? [])
        }
        matrix.fallback = source.fallback
        let kecamatan = Set(try await reader.areas(of: region, level: .kecamatan).map(\.code))
        var problems = matrix.problems(categories: categories, agencies: Set(agencies.map(\.id)))
        for (index, row) in matrix.rows.enumerated() {
            if let code = row.kecamatan, !kecamatan.isEmpty, !kecamatan.contains(code) {
                problems.append(FieldError("rows[\(index)].kecamatan", .unknownValue(allowed: [])))
            }
        }
        try ValidationError.check(problems)
        let version = try await transaction.saveMatrix(
            matrix, for: region, author: actor, at: at, reason: source.reason, regulation: source.regulation)
        try await transaction.appendAudit(
            AuditEntry(
                at: at, actor: actor, action: .matrixChanged, target: region.rawValue, region: region, address: address,
                detail: [
                    "version": String(version.version), "rows": String(matrix.rows.count), "reason": source.reason,
                ]))
        return version
    }
}

/// Matrix import for the command line, through the same checks as the API.
public enum MatrixImport {
    /// Saves `csv` as the region's next matrix version and returns its number.
    public static func importCSV(
        _ csv: String, region: RegionCode, reason: String, regulation: String?, dependencies: Dependencies
    ) async throws -> Int {
        let source = MatrixSource(csv: csv, rows: nil, fallback: [], reason: reason, regulation: regulation)
        return try await dependencies.store.perform(
            MatrixService(dependencies: dependencies).replace(source, region: region, actor: .system("cli"))
        ).version
    }
}
