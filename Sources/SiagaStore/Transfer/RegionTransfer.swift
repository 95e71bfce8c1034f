import Crypto
import Foundation
import PostgresNIO
import SQLKit
public import SiagaCore

/// Moves regions' data from the embedded database to another database (a province's PostgreSQL), in one
/// transaction on the target, then proves the copy: every table's rows of those regions are counted and
/// checksummed on both sides.
///
/// Event, audit, AML and duty rows get new ids in the target (nothing refers to those ids), appended in their
/// original order. Sessions and idempotency keys are not moved: users sign in again on the new server.
public enum RegionTransfer {
    public struct TableReport: Sendable, Equatable {
        public var table: String
        public var sourceRows: Int
        public var targetRows: Int
        /// SHA-256 over the rows (order-independent; new ids excluded), hex, on each side.
        public var sourceChecksum: String
        public var targetChecksum: String
        public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noRegions
        case regionMissing([RegionCode])
        case regionAlreadyInTarget([RegionCode])
        case usernamesTaken([String])
        case sourceNotSQLite
        case mismatch([String])
        /// The target refused a row (a constraint the source does not have); nothing was kept.
        case refusedByTarget(String)

        public var description: String {
            switch self {
            case .noRegions: "The source holds no region to move."
            case .regionMissing(let codes): "The source has no region \(codes.map(\.rawValue).joined(separator: ", "))."
            case .regionAlreadyInTarget(let codes):
                "The target already serves \(codes.map(\.rawValue).joined(separator: ", ")); nothing was copied."
            case .usernamesTaken(let names):
                "The target already has users \(names.joined(separator: ", ")); rename them first; nothing was copied."
            case .sourceNotSQLite: "The source must be the embedded (SQLite) database."
            case .refusedByTarget(let message):
                "The target refused the copy and it was rolled back: \(message)"
            case .mismatch(let tables):
                "The copy differs from the source in \(tables.joined(separator: ", ")); the target was rolled back."
            }
        }
    }

    /// Copies `regions` (all of the source's when empty) from `source` to `target`; both must be migrated to the
    /// same version. Throws without changing the target when a region or username already exists there or the
    /// copy does not verify.
    public static func copy(
        regions requested: [RegionCode], from source: any DatabaseBackend, to target: any DatabaseBackend
    ) async throws -> [TableReport] {
        guard source.dialect == .sqlite else { throw Failure.sourceNotSQLite }
        return try await source.withReader { from in
            // One snapshot of the source for the copy and its checks.
            try await from.raw("BEGIN").run()
            do {
                let reports = try await copy(requested, from: from, to: target)
                try await from.raw("COMMIT").run()
                return reports
            } catch let refused as PSQLError where refused.code == .server {
                try? await from.raw("ROLLBACK").run()
                throw Failure.refusedByTarget(refused.serverInfo?[.message] ?? "an error without a message")
            } catch {
                try? await from.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    private static func copy(
        _ requested: [RegionCode], from: any SQLDatabase, to target: any DatabaseBackend
    ) async throws -> [TableReport] {
        let all = try await from.raw("SELECT code FROM regions ORDER BY code").all().compactMap {
            RegionCode(try $0.decode(column: "code", as: String.self))
        }
        let regions = requested.isEmpty ? all : requested
        guard !regions.isEmpty else { throw Failure.noRegions }
        let missing = regions.filter { !all.contains($0) }
        guard missing.isEmpty else { throw Failure.regionMissing(missing) }
        let scope = TransferScope(regions: regions)
        let tables = try await TransferTable.all.asyncMap { try await $0.describe(in: from) }
        return try await target.withWriter { to in
            try await target.inTransaction(to) {
                try await checkTargetIsFree(scope, source: from, target: to)
                var reports: [TableReport] = []
                for table in tables {
                    try await table.copy(scope, from: from, to: to)
                    let before = try await table.checksum(scope, in: from)
                    let after = try await table.checksum(scope, in: to)
                    reports.append(
                        TableReport(
                            table: table.name, sourceRows: before.rows, targetRows: after.rows,
                            sourceChecksum: before.digest, targetChecksum: after.digest))
                }
                let differing = reports.filter { !$0.matches }.map(\.table)
                guard differing.isEmpty else { throw Failure.mismatch(differing) }
                return reports
            }
        }
    }

    private static func checkTargetIsFree(_ scope: TransferScope, source: any SQLDatabase, target: any SQLDatabase)
        async throws
    {
        let present = try await target.raw(
            "SELECT code FROM regions WHERE code IN (\(binds: scope.regions.map(\.rawValue))) ORDER BY code"
        ).all().compactMap { RegionCode(try $0.decode(column: "code", as: String.self)) }
        guard present.isEmpty else { throw Failure.regionAlreadyInTarget(present) }
        let usernames = try await source.raw("SELECT username FROM users WHERE \(TransferTable.users.filter(scope))")
            .all().map { try $0.decode(column: "username", as: String.self) }
        guard !usernames.isEmpty else { return }
        let taken = try await target.raw(
            "SELECT username FROM users WHERE username IN (\(binds: usernames)) ORDER BY username"
        ).all().map { try $0.decode(column: "username", as: String.self) }
        guard taken.isEmpty else { throw Failure.usernamesTaken(taken) }
    }
}

/// The regions being moved, as SQL conditions.
struct TransferScope {
    var regions: [RegionCode]
    var codes: [any Encodable & Sendable] { regions.map(\.rawValue) }
    var agencies: SQLQueryString { "SELECT id FROM agencies WHERE region_code IN (\(binds: codes))" }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
