import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Calls, their dispositions and call-back tasks.
///
/// | method | path                              | does                                                    |
/// |--------|-----------------------------------|---------------------------------------------------------|
/// | POST   | /calls                            | record a new call; answers with the caller's history     |
/// | GET    | /calls                            | list, newest first (`callback=open`: the call-back list) |
/// | GET    | /calls/{id}                       | one call                                                 |
/// | GET    | /calls/{id}/caller-history        | what its number did before (the screen-pop's history)    |
/// | PATCH  | /calls/{id}                       | answer, dispose, end                                     |
/// | POST   | /calls/{id}/callback-attempts     | record an attempt to call back                           |
struct CallController {
    let service: CallService
    let store: SQLStore
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("calls", .callWrite, use: create)
        group.get("calls", .callRead, use: list)
        group.get("calls/{id}", .callRead, use: show)
        group.get("calls/{id}/caller-history", .callRead, use: callerHistory)
        group.patch("calls/{id}", .callWrite, use: update)
        group.post("calls/{id}/callback-attempts", .callWrite, use: attemptCallback)
    }

    @Sendable func create(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreateCallRequest>.decode(request)
        let validated = try body.value.validated(now: now())
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(
            try await store.perform(try service.receive(validated, as: context.acting), idempotency: claim) {
                try storedJSON(CallReceivedDTO($0), status: 201, location: "/api/v1/calls/\($0.call.id)")
            })
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let number = query.string("callerNumber").map(PhoneNumber.init)
        if number == .some(nil) { query.fail("callerNumber", .invalidFormat) }
        let callback = query.string("callback")
        if let callback, callback != "open" { query.fail("callback", .unknownValue(allowed: ["open"])) }
        var filter = CallQuery(
            regionCode: query.region("region"), dispositions: query.list("disposition", of: CallDisposition.self),
            callerNumber: number ?? nil, from: query.instant("from"), before: query.instant("before"),
            openCallbacksOnly: callback == "open",
            limit: query.integer("limit", in: 1...RequestLimits.maxPageSize, default: 50))
        try query.check(request.language)
        if let region = filter.regionCode { try context.authorize(.callRead, .region(region)) }
        filter.jurisdiction = context.principal.jurisdiction
        let calls = try await store.read { [filter] in try await $0.calls(matching: filter) }
        return try .json(CallListDTO(items: calls.map(CallDTO.init)))
    }

    @Sendable func show(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let call = try await call(context)
        try context.authorize(.callRead, .region(call.regionCode))
        return try .json(CallDTO(call))
    }

    /// The call's number's recent calls and incidents, for the card of a call the switch put on a call taker's
    /// screen; `callerHistory` is null for a call without a number.
    @Sendable func callerHistory(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let call = try await call(context)
        try context.authorize(.callRead, .region(call.regionCode))
        let history = try await service.callerHistory(of: call)
        return try .json(
            CallerHistoryAnswer(
                callerHistory: history.map { CallerHistoryDTO($0, windowDays: CallService.historyWindowDays) }))
    }

    struct CallerHistoryAnswer: Encodable, Sendable {
        var callerHistory: CallerHistoryDTO?

        private enum CodingKeys: String, CodingKey { case callerHistory }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(callerHistory, forKey: .callerHistory)
        }
    }

    @Sendable func update(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let call = try await call(context)
        let body = try await RequestBody<UpdateCallRequest>.decode(request)
        let commands = try body.value.validated()
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let work = service.update(call.id, expectedVersion: body.value.version, commands: commands, as: context.acting)
        return .write(try await store.perform(work, idempotency: claim) { try storedJSON(CallDTO($0), status: 200) })
    }

    @Sendable func attemptCallback(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let call = try await call(context)
        let body = try await RequestBody<CallbackAttemptRequest>.decode(request)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let work = service.update(
            call.id, expectedVersion: nil, commands: [try body.value.validated()], as: context.acting)
        return .write(try await store.perform(work, idempotency: claim) { try storedJSON(CallDTO($0), status: 200) })
    }

    private func call(_ context: AuthorizedContext) async throws -> Call {
        let id = CallID(try context.parameters.require("id"))
        guard let call = try await store.read({ try await $0.call(id) }) else { throw StoreError.callNotFound(id) }
        return call
    }
}
