import Foundation
import SiagaCore
import SiagaStore

/// Reads the figures behind every report from the store: the response-interval projection and the call
/// columns, never the raw events.
struct ReportService: Sendable {
    let dependencies: Dependencies

    /// What every report of a region needs.
    struct Scope: Sendable {
        var region: Region
        var calendar: ReportCalendar
        var policy: ResponsePolicyVersion
        var agencies: [Agency]
        var categories: CategoryCatalog
        /// Kecamatan names by code.
        var kecamatan: [String: String]

        func agencyName(_ id: AgencyID?) -> String {
            guard let id else { return "Command Center 112" }
            return agencies.first { $0.id == id }?.name ?? id.rawValue
        }

        func categoryName(_ code: String?) -> String {
            guard let code else { return "Belum diklasifikasi" }
            return categories.categories.first { $0.code == code }?.name.id ?? code
        }

        func kecamatanName(_ code: String?) -> String {
            guard let code else { return "Tanpa lokasi" }
            return kecamatan[code] ?? code
        }
    }

    func scope(_ code: RegionCode) async throws -> Scope {
        try await dependencies.store.read { reader in
            guard let region = try await reader.region(code) else { throw StoreError.regionNotFound(code) }
            return Scope(
                region: region,
                calendar: ReportCalendar(zone: region.timeZone, shifts: try await reader.shiftPattern(of: code)),
                policy: try await reader.responsePolicy(of: code), agencies: try await reader.agencies(of: code),
                categories: try await reader.categories(of: code) ?? CategoryCatalog.defaults,
                kecamatan: Dictionary(
                    try await reader.areas(of: code, level: .kecamatan).map { ($0.code.rawValue, $0.name) },
                    uniquingKeysWith: { first, _ in first }))
        }
    }

    /// The incidents created in the period, oldest first.
    func incidents(_ scope: Scope, _ period: ReportPeriod) async throws -> [Incident] {
        var incidents: [Incident] = []
        var after: IncidentCursor?
        repeat {
            let page = try await dependencies.store.read { [after] in
                try await $0.incidents(
                    matching: IncidentQuery(
                        regionCode: scope.region.code, createdFrom: period.start, createdBefore: period.end,
                        after: after, limit: 500))
            }
            incidents += page.items
            after = page.next
        } while after != nil
        return incidents.reversed()
    }

    func incidentCounts(_ scope: Scope, _ period: ReportPeriod) async throws -> [IncidentCount] {
        try await dependencies.store.read {
            try await $0.incidentCounts(in: scope.region.code, from: period.start, to: period.end)
        }
    }

    func intervals(_ scope: Scope, _ period: ReportPeriod) async throws -> [MeasuredInterval] {
        try await dependencies.store.measuredIntervals(in: scope.region.code, from: period.start, to: period.end)
    }

    /// Every timed step of the period, the command center's call answering first among them: the incidents'
    /// steps and, for every call that rang, its ring to answer.
    func responseIntervals(_ scope: Scope, _ period: ReportPeriod) async throws -> [MeasuredInterval] {
        let calls = try await dependencies.store.callFacts(in: scope.region.code, from: period.start, to: period.end)
        let target = scope.policy.policy.target(.callAnswering, .p1) ?? 15
        return calls.map { $0.answeringInterval(target: target) } + (try await intervals(scope, period))
    }

    func calls(_ scope: Scope, _ period: ReportPeriod) async throws -> CallReport {
        let calls = try await dependencies.store.callFacts(in: scope.region.code, from: period.start, to: period.end)
        return CallReport(
            calls, target: scope.policy.policy.target(.callAnswering, .p1) ?? 15, calendar: scope.calendar)
    }

    /// Open incidents by priority and every running step past its target, most overdue first.
    func openNow(_ scope: Scope) async throws -> OpenNowDTO {
        let now = dependencies.now()
        let (counts, running) = try await dependencies.store.read { reader in
            (
                try await reader.openIncidentCounts(in: scope.region.code),
                try await reader.runningIntervals(in: scope.region.code)
            )
        }
        let overdue = running.filter { $0.isOverdue(at: now) }.sorted { $0.deadline < $1.deadline }
        let numbers = try await dependencies.store.read { reader in
            try await reader.incidents(ids: overdue.compactMap(\.incidentID)).reduce(into: [String: String]()) {
                $0[$1.id.rawValue] = $1.number.description
            }
        }
        return OpenNowDTO(
            at: now,
            openIncidents: Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
            runningSteps: running.count,
            overdue: overdue.map { step in
                OpenNowDTO.Overdue(
                    incidentId: step.incidentID?.rawValue ?? "",
                    number: step.incidentID.flatMap { numbers[$0.rawValue] }, interval: step.interval,
                    agencyId: step.agencyID?.rawValue, priority: step.priority?.rawValue, startedAt: step.startedAt,
                    deadline: step.deadline, overdueSeconds: Int(now.timeIntervalSince(step.deadline)))
            })
    }
}

/// `GET /reports/open`: what is open and overdue at this moment.
struct OpenNowDTO: Encodable, Sendable {
    struct Overdue: Encodable, Sendable {
        var incidentId: String
        var number: String?
        var interval: ResponseInterval
        var agencyId: String?
        var priority: String?
        var startedAt: Date
        var deadline: Date
        var overdueSeconds: Int
    }

    var at: Date
    var openIncidents: [String: Int]
    var runningSteps: Int
    var overdue: [Overdue]
}
