import Foundation
import SiagaCore
import SiagaStore

/// Saves new versions of a region's responsibility matrix after checking them against its categories and
/// agencies; a rejected matrix changes nothing.
struct MatrixService: Sendable {
    let dependencies: Dependencies

    func replace(
        _ source: MatrixSource,
        region: RegionCode,
        actor: Actor,
        idempotency: IdempotencyClaim?
    ) async throws -> WriteOutcome {
        let at = dependencies.now().truncatedToMilliseconds
        return try await dependencies.store.write(idempotency: idempotency, now: at) { transaction in
            let version = try await save(source, region: region, actor: actor, at: at, in: transaction)
            return try storedJSON(MatrixDTO(version), status: 200)
        }
    }

    /// Checks and saves `source` inside `transaction` (shared with region onboarding).
    func save(_ source: MatrixSource, region: RegionCode, actor: Actor, at: Date, in transaction: WriteTransaction)
        async throws -> MatrixVersion
    {
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
        try ValidationError.check(matrix.problems(categories: categories, agencies: Set(agencies.map(\.id))))
        return try await transaction.saveMatrix(
            matrix, for: region, author: actor, at: at, reason: source.reason, regulation: source.regulation)
    }
}
