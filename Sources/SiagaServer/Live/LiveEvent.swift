import Foundation
import NIOCore
import SiagaCore
import SiagaStore

/// A committed event ready to go out: the facts that decide who may see it, and its message for each view.
struct LiveEvent: Sendable {
    enum Stream: Sendable {
        case incident(IncidentAccess)
        case call(RegionCode)
        /// A unit's position or status, for the map: whoever may read the region's units sees it.
        case unit(RegionCode)
        /// A warning from another system (a BMKG quake) for the region: whoever may read the region sees it.
        case warning(RegionCode)
        /// A neighbouring center's handover request in the region's tray: whoever takes the region's incidents sees it.
        case transfer(RegionCode)
        /// A stream this version does not publish (it stays in the log for REST).
        case other
    }

    let id: EventID
    let stream: Stream
    /// The message for those who see caller numbers, encoded once and shared by every console that gets it.
    let full: ByteBuffer
    /// The message without caller numbers, for everyone else.
    let masked: ByteBuffer

    init(id: EventID, stream: Stream, full: String, masked: String) {
        self.id = id
        self.stream = stream
        self.full = ByteBuffer(string: full)
        self.masked = full == masked ? self.full : ByteBuffer(string: masked)
    }

    /// True when `principal` may see the event: the same policy as reading the incident or call over REST.
    func isVisible(to principal: Principal) -> Bool {
        switch stream {
        case .incident(let access): AccessPolicy.decide(principal, .incidentRead, .incident(access)) == .allow
        case .call(let region): AccessPolicy.decide(principal, .callRead, .region(region)) == .allow
        case .unit(let region), .warning(let region):
            AccessPolicy.decide(principal, .referenceRead, .region(region)) == .allow
        case .transfer(let region): AccessPolicy.decide(principal, .incidentCreate, .region(region)) == .allow
        case .other: false
        }
    }

    func message(for principal: Principal) -> ByteBuffer { principal.seesCallerNumbers ? full : masked }

    /// Builds the live form of `events`, reading which agencies each incident was sent to.
    static func build(_ events: [StoredEvent], reader: StoreReader) async throws -> [LiveEvent] {
        let incidents = Set(events.filter { $0.streamType == "incident" }.map(\.streamID))
        let agencies = try await reader.dispatchedAgencies(of: Array(incidents))
        return try events.map { stored in
            switch stored.streamType {
            case "incident":
                let recorded = try stored.recorded(as: IncidentEvent.self)
                let access = IncidentAccess(
                    region: stored.regionCode, dispatchedTo: agencies[stored.streamID] ?? [], workingAgencies: [])
                return LiveEvent(
                    id: stored.id, stream: .incident(access),
                    full: try envelope(stored, EventDTO(recorded: recorded, callers: .full)),
                    masked: try envelope(stored, EventDTO(recorded: recorded, callers: .masked)))
            case "call":
                let text = try envelope(stored, EventDTO(recorded: try stored.recorded(as: CallEvent.self)))
                return LiveEvent(id: stored.id, stream: .call(stored.regionCode), full: text, masked: text)
            case "unit":
                let text = try envelope(stored, EventDTO(recorded: try stored.recorded(as: UnitEvent.self)))
                return LiveEvent(id: stored.id, stream: .unit(stored.regionCode), full: text, masked: text)
            case "warning":
                let text = try envelope(stored, EventDTO(recorded: try stored.recorded(as: WarningEvent.self)))
                return LiveEvent(id: stored.id, stream: .warning(stored.regionCode), full: text, masked: text)
            case "transfer":
                let recorded = try stored.recorded(as: TransferEvent.self)
                // The tray's view: the EIDO it carries (with the caller's number) stays on the server.
                let view = Recorded(
                    id: recorded.id, streamID: recorded.streamID, version: recorded.version,
                    metadata: recorded.metadata, event: TransferController.EventView(recorded.event))
                let text = try envelope(stored, EventDTO(recorded: view))
                return LiveEvent(id: stored.id, stream: .transfer(stored.regionCode), full: text, masked: text)
            default:
                return LiveEvent(id: stored.id, stream: .other, full: "", masked: "")
            }
        }
    }

    private static func envelope(_ stored: StoredEvent, _ payload: some Encodable & Sendable) throws -> String {
        String(
            decoding: try APIJSON.encode(
                LiveMessage.Event(
                    eventId: stored.id.description, stream: stored.streamType, streamId: stored.streamID,
                    regionCode: stored.regionCode.rawValue, at: stored.metadata.at, payload: payload)),
            as: UTF8.self)
    }
}

/// The messages of the live feed: JSON with a version `v` and a `type`.
enum LiveMessage {
    static let version = 1

    /// A committed event; `payload` is the event as `GET /incidents/{id}/events` shows it.
    struct Event<Payload: Encodable & Sendable>: Encodable, Sendable {
        var v = LiveMessage.version
        var type = "event"
        var eventId: String
        /// `incident` or `call`.
        var stream: String
        var streamId: String
        var regionCode: String
        var at: Date
        var payload: Payload
    }

    /// Sent once the missed events are replayed: everything up to `lastEventId` has been sent.
    struct Ready: Encodable, Sendable {
        var v = LiveMessage.version
        var type = "ready"
        var lastEventId: String
        var replayed: Int
    }

    /// Sent every few seconds so a client knows the link lives, and how far the log has got.
    struct Heartbeat: Encodable, Sendable {
        var v = LiveMessage.version
        var type = "heartbeat"
        var lastEventId: String
        var at: Date
    }

    /// The client is too far behind to replay: reload state over REST, then continue from `lastEventId`.
    struct Resync: Encodable, Sendable {
        var v = LiveMessage.version
        var type = "resync"
        var reason: String
        var lastEventId: String
    }

    /// The server closes the connection, and why (`tooSlow`: reconnect with `since` to catch up).
    struct Disconnect: Encodable, Sendable {
        var v = LiveMessage.version
        var type = "disconnect"
        var reason: String
    }

    /// Sent to a console that may not open the feed, before the close: the problem document REST would answer.
    struct Refused: Encodable, Sendable {
        var v = LiveMessage.version
        var type = "disconnect"
        var reason = "refused"
        var problem: ProblemDetails
    }

    static func text(_ message: some Encodable) -> String {
        (try? APIJSON.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
