import Foundation
import SiagaCore
import SiagaStore

/// Receives AML messages from an SMS gateway: records every one, and attaches a position to the sender's call
/// (and to its incident when that has no coordinate yet), or holds it until the call is recorded.
struct AMLService: Sendable {
    /// A message attaches to the sender's call that rang within this window.
    static let callWindow: TimeInterval = 30 * 60
    /// A call that ended this recently still takes its handset's position (AML can trail the hang-up).
    static let endedGrace: TimeInterval = 120
    /// A held message attaches to a call recorded within this window after it.
    static let holdWindow: TimeInterval = 10 * 60

    let dependencies: Dependencies

    /// How the message arrived: the SMS text, or the HTTPS form.
    enum Format: Sendable {
        case sms
        case https
    }

    struct Outcome: Sendable {
        var status: RecordedAML.Status
        var callID: CallID?
        var location: Location?
        var rejection: AMLRejection?
    }

    /// Records `text` from `sender`. A rejected message is recorded too; the caller answers with its reason.
    /// The position attaches only to a call within the gateway's jurisdiction, in the gateway's name.
    func receive(_ text: String, from sender: PhoneNumber, format: Format = .sms, by principal: Principal)
        async throws -> Outcome
    {
        let metadata = EventMetadata(at: dependencies.now().truncatedToMilliseconds, actor: principal.actor)
        let jurisdiction = principal.jurisdiction
        let parsed = Result { () throws(AMLRejection) in
            switch format {
            case .sms: try AMLMessage.parse(text, now: metadata.at)
            case .https: try AMLMessage.parseHTTPS(text, now: metadata.at).0
            }
        }
        var outcome = Outcome(status: .rejected)
        _ = try await dependencies.store.write(now: metadata.at) { transaction in
            // Gateways retry: the same text from the same sender within the hold window, from the same reach, is
            // the same message (another region's gateway learns nothing of it).
            let earlier = try await transaction.reader.amlMessages(
                from: sender, status: nil, since: metadata.at.addingTimeInterval(-Self.holdWindow), limit: 50,
                newestFirst: true
            ).first { $0.message == text && $0.jurisdiction == jurisdiction }
            if let earlier {
                outcome = Outcome(status: earlier.status, callID: earlier.callID, location: earlier.location)
                if case .failure(let rejection) = parsed { outcome.rejection = rejection }
                return StoredResponse(status: 200, body: "{}")
            }
            switch parsed {
            case .failure(let rejection):
                outcome.rejection = rejection
                try await transaction.recordAML(
                    text, sender: sender, at: metadata.at, status: .rejected, reason: "\(rejection)", call: nil,
                    location: nil, submittedWithin: jurisdiction)
            case .success(let message):
                outcome = try await attach(
                    message, text, from: sender, within: jurisdiction, metadata, in: transaction)
            }
            return StoredResponse(status: 200, body: "{}")
        }
        return outcome
    }

    private func attach(
        _ message: AMLMessage, _ text: String, from sender: PhoneNumber, within jurisdiction: Jurisdiction,
        _ metadata: EventMetadata, in transaction: WriteTransaction
    ) async throws -> Outcome {
        guard let location = message.location else {
            try await transaction.recordAML(
                text, sender: sender, at: metadata.at, status: .noPosition, reason: nil, call: nil, location: nil,
                submittedWithin: jurisdiction)
            return Outcome(status: .noPosition)
        }
        let latest = try await transaction.reader.latestCall(
            from: sender, since: metadata.at.addingTimeInterval(-Self.callWindow))
        // A handset sends AML while it calls: a call that ended minutes ago is an earlier call, not this one.
        // A call outside the gateway's jurisdiction is not its business: the message is held as if no call existed.
        guard let call = latest, jurisdiction.covers(call.regionCode),
            call.endedAt.map({ metadata.at.timeIntervalSince($0) <= Self.endedGrace }) ?? true
        else {
            try await transaction.recordAML(
                text, sender: sender, at: metadata.at, status: .held, reason: nil, call: nil, location: location,
                submittedWithin: jurisdiction)
            return Outcome(status: .held, location: location)
        }
        try await Self.locate(call, at: location, metadata, in: transaction)
        try await transaction.recordAML(
            text, sender: sender, at: metadata.at, status: .attached, reason: nil, call: call.id, location: location,
            submittedWithin: jurisdiction)
        return Outcome(status: .attached, callID: call.id, location: location)
    }

    /// Records `location` on the call, and on its incident when the incident has no coordinate yet.
    static func locate(_ call: Call, at location: Location, _ metadata: EventMetadata, in transaction: WriteTransaction)
        async throws
    {
        let events = try CallLifecycle.decide(.locate(location), on: call, now: metadata.at)
        _ = try await transaction.appendCall(events, to: call, metadata: metadata)
        guard let incidentID = call.incidentID, let incident = try await transaction.reader.incident(incidentID),
            incident.location?.coordinate == nil, incident.status.allows(.locate)
        else { return }
        let rules = try await transaction.reader.incidentRules(for: incident.regionCode)
        let located = LocationLookup.completing(location, in: incident.regionCode)
        let incidentEvents = try IncidentLifecycle.decide(.locate(located), on: incident, rules: rules)
        _ = try await transaction.appendIncident(incidentEvents, to: incident, metadata: metadata)
    }

    /// When a call is recorded, attaches the newest position its number sent in the hold window through a gateway
    /// whose reach covers the call's region; messages held by other regions' gateways stay held.
    static func attachHeld(to call: Call, _ metadata: EventMetadata, in transaction: WriteTransaction) async throws {
        guard let number = call.callerNumber else { return }
        let held = try await transaction.reader.amlMessages(
            from: number, status: .held, since: metadata.at.addingTimeInterval(-holdWindow), limit: 20
        ).filter { $0.jurisdiction?.covers(call.regionCode) == true }
        guard let newest = held.last(where: { $0.location != nil }), let location = newest.location else { return }
        try await locate(call, at: location, metadata, in: transaction)
        try await transaction.attachHeldAML(held.map(\.id), to: call.id)
    }
}

extension Result where Failure == AMLRejection {
    init(_ body: () throws(AMLRejection) -> Success) {
        do { self = .success(try body()) } catch { self = .failure(error) }
    }
}
