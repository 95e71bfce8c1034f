import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// The call-event contract over HTTP, for a region whose own PBX (Asterisk, FreePBX, a vendor's system) reports
/// its calls through an adapter instead of the shipped kamailio: the same steps, in the same JSON, that kamailio
/// sends over its event API (deploy/kamailio/README.md), with a telephony token. Each step is taken in once by its
/// `source` and `seq`, so an adapter simply retries until it gets an answer.
///
/// | method | path                   | does                                                               |
/// |--------|------------------------|--------------------------------------------------------------------|
/// | POST   | /telephony/events      | take in one step of a call (`offer`, `ringing`, `answered`, …)      |
/// | POST   | /telephony/decisions   | which phones ring for a call being offered, or the fallback and why |
/// | GET    | /regions/{code}/trunks | calls per operator's trunk by hour, and trunks gone silent          |
/// | GET    | /regions/{code}/phones | the region's phones: registered or not, whose, on a call            |
struct TelephonyController {
    let service: TelephonyService
    let store: SQLStore
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("telephony/events", .callWrite, use: record)
        group.post("telephony/decisions", .callWrite, use: decide)
        group.get("regions/{code}/trunks", .callRead, use: trunks)
        group.get("regions/{code}/phones", .shiftRead, use: phones)
    }

    struct PhoneDTO: Encodable, Sendable {
        struct Person: Encodable, Sendable {
            var username: String
            var displayName: String
            var role: Role
            var signedIn: Bool
        }

        var phone: String
        var registered: Bool
        /// When its registration lapses unless the phone renews it.
        var registeredUntil: Date?
        var people: [Person]
        /// The call it is on, answered by one of its people.
        var callId: String?
    }

    /// The phones of the region's people, for the supervisor: which can ring now, whose, and which are on a call.
    @Sendable func phones(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.shiftRead, .region(code))
        let at = now()
        let (people, registrations, live, calls) = try await store.read { reader in
            let people = try await reader.users(within: .region(code)).map(\.account).filter {
                $0.phone != nil && !$0.disabled
            }
            return (
                people, try await reader.registrations(of: people.compactMap(\.phone)),
                Set(try await reader.openSessions(of: nil, at: at).map(\.username)),
                try await reader.calls(matching: CallQuery(regionCode: code, from: at - 12 * 3600, limit: 500))
            )
        }
        let onCall = Dictionary(
            calls.filter { $0.status == .active }.compactMap { call in call.callTaker.map { ($0, call.id) } }
        ) { first, _ in first }
        var byPhone: [PhoneName: [UserAccount]] = [:]
        for person in people { if let phone = person.phone { byPhone[phone, default: []].append(person) } }
        let items = byPhone.sorted { $0.key < $1.key }.map { phone, owners in
            let registration = registrations[phone]
            return PhoneDTO(
                phone: phone.rawValue, registered: registration?.isRegistered(at: at) ?? false,
                registeredUntil: registration?.until,
                people: owners.map {
                    .init(
                        username: $0.username, displayName: $0.displayName, role: $0.role,
                        signedIn: live.contains($0.username))
                },
                callId: owners.lazy.compactMap { onCall[.petugas(PetugasID($0.username))]?.rawValue }.first)
        }
        return try .json(ItemsDTO(items: items))
    }

    struct TrunkDTO: Encodable, Sendable {
        var trunk: String
        var lastCallAt: Date?
        var hourly: [Int]
        var expectedInWindow: Double
        var silent: Bool

        init(_ report: TrunkReport) {
            trunk = report.trunk
            lastCallAt = report.lastCallAt
            hourly = report.hourly
            expectedInWindow = (report.expectedInWindow * 10).rounded() / 10
            silent = report.silent
        }
    }

    struct TrunksDTO: Encodable, Sendable {
        var silenceMinutes: Int
        var items: [TrunkDTO]
    }

    /// Each trunk's calls in the last 24 hours by hour, and whether one that normally carries calls went silent.
    @Sendable func trunks(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.callRead, .region(code))
        let at = now()
        let (region, offers) = try await store.read { reader in
            (try await reader.region(code), try await reader.switchOffers(in: code, since: at - 8 * 86_400))
        }
        guard let region else { throw StoreError.regionNotFound(code) }
        let minutes = region.policy.trunkSilenceMinutes
        let reports = TrunkReport.reports(of: offers, now: at, silence: Double(minutes) * 60)
        return try .json(TrunksDTO(silenceMinutes: minutes, items: reports.map(TrunkDTO.init)))
    }

    struct RecordedDTO: Encodable, Sendable {
        /// `recorded`, or `repeated` for a step taken in before (nothing changed).
        var outcome: String
        var callId: String?
        /// True when this step started the call.
        var created: Bool?
    }

    struct DecisionDTO: Encodable, Sendable {
        /// `ring` the phones, or `fallback` to the switch's fallback group.
        var decision: String
        var phones: [String]?
        var reason: CallAlarm.Reason?
    }

    @Sendable func record(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let event = try await step(request)
        switch try await store.perform(service.record(event, as: context.acting)) {
        case .recorded(let call, let created):
            return try .json(RecordedDTO(outcome: "recorded", callId: call.rawValue, created: created))
        case .repeated:
            return try .json(RecordedDTO(outcome: "repeated"))
        case .refused(let refusal):
            throw refusal
        }
    }

    @Sendable func decide(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let event = try await step(request)
        guard event.step == .offered else { throw SwitchMessageRejection("a decision is for an offer") }
        switch try await service.decide(for: event, as: context.acting) {
        case .ring(let phones): return try .json(DecisionDTO(decision: "ring", phones: phones.map(\.rawValue)))
        case .fallback(let reason): return try .json(DecisionDTO(decision: "fallback", reason: reason))
        }
    }

    /// The body as one step, checked as the event API's are.
    private func step(_ request: Request) async throws -> SwitchEvent {
        let buffer = try await collect(request)
        guard case .event(let event) = try SwitchInbound.parse(Array(buffer.readableBytesView)) else {
            throw SwitchMessageRejection("not one step of a call")
        }
        return event
    }
}

extension SwitchMessageRejection: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "switch-step-invalid", status: .badRequest,
            title: language.pick("Langkah panggilan tidak sah", "Invalid call step"),
            detail: language.pick(
                "Langkah panggilan tidak dapat dibaca: \(reason).", "The call step cannot be read: \(reason)."),
            extensions: ["reason": reason])
    }
}

extension SwitchStepRefusal: ProblemConvertible, Error {
    func problem(_ language: Language) -> ProblemDetails? {
        switch self {
        case .unknownCall:
            ProblemDetails(
                "switch-step-refused", status: .unprocessableContent,
                title: language.pick("Langkah panggilan ditolak", "Call step refused"),
                detail: language.pick(
                    "Panggilan ini tidak dikenal dan langkahnya tidak menyebut trunk asalnya.",
                    "This call is unknown, and the step does not name the trunk it came from."),
                extensions: ["reason": "unknownCall"])
        case .regionNotServed(let code):
            ProblemDetails(
                "switch-step-refused", status: .unprocessableContent,
                title: language.pick("Langkah panggilan ditolak", "Call step refused"),
                detail: language.pick(
                    "Wilayah \(code) tidak dilayani di sini.", "Region \(code) is not served here."),
                extensions: ["reason": "regionNotServed"])
        }
    }
}
