public import Foundation
public import Logging
public import SiagaCore
public import SiagaStore

/// What the server's services need from the outside world, passed explicitly so tests can pin each one.
public struct Dependencies: Sendable {
    public var store: SQLStore
    /// The current instant. Tests pin and step it.
    public var now: @Sendable () -> Date
    public var ids: IDGenerator
    /// Where photos are kept.
    public var attachments: AttachmentStorage
    /// Sessions, passwords and sign-in limits.
    public var auth: AuthSettings
    /// Where the console finds Leaflet, Chart.js and map tiles.
    public var console: ConsoleSettings
    /// Sign-ins in progress, shared by every request of this server.
    public let signIns = SignInGate()
    /// Publishes committed events to live consoles.
    var live: EventPublisher
    /// How Siaga112 reaches agencies by itself: the channels this server can send on.
    var notices = NoticeChannels()
    /// The BMKG quake feeds this server reads (none unless switched on: `siaga serve --bmkg`).
    public var quakeFeeds = QuakeFeedSettings()
    /// Signs the region's CAP messages when a key is configured (`siaga serve --cap-signing-key`).
    public var capSigner: CAPSigner?
    /// The neighbouring 112 centers incidents are handed over to (`siaga serve --peers`).
    public var transfers = TransferSettings()
    /// This server instance, among those sharing the database.
    let instanceID = UUID().uuidString

    public init(
        store: SQLStore,
        now: @escaping @Sendable () -> Date = { Date() },
        ids: IDGenerator = .random,
        attachments: AttachmentStorage = AttachmentStorage(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("siaga-attachments")),
        auth: AuthSettings = AuthSettings(),
        console: ConsoleSettings = ConsoleSettings()
    ) {
        self.store = store
        self.now = now
        self.ids = ids
        self.attachments = attachments
        self.auth = auth
        self.console = console
        self.live = EventPublisher(store: store, auth: auth, now: now)
    }

    /// Switches on the channels of `configuration` (WhatsApp, Telegram, SMS, e-mail) for reaching agencies.
    /// Throws when a channel cannot be set up (an unreadable CA file).
    public mutating func reachAgencies(through configuration: NoticeConfiguration, logger: Logger) throws {
        notices = try NoticeChannels(configuration, logger: logger)
    }

    /// Metadata for events written now by `actor`, at the store's precision.
    func metadata(_ actor: Actor) -> EventMetadata {
        EventMetadata(at: now().truncatedToMilliseconds, actor: actor)
    }
}

/// A command was made against an old version of the incident; carries the current one for the 409 answer.
struct IncidentVersionConflict: Error {
    var current: Incident
    /// The policy its deadlines follow.
    var policy: ResponsePolicy
    /// How the 409's copy of the incident shows the caller's number.
    var callerView: CallerView = .full
}

/// The same for a call.
struct CallVersionConflict: Error {
    var current: Call
}

extension IncidentVersionConflict: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .conflict(
            version: current.version, current: IncidentDTO(current, callers: callerView, policy: policy), language)
    }
}

extension CallVersionConflict: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .conflict(version: current.version, current: CallDTO(current), language)
    }
}

/// Encodes a response body for storage with the write.
func storedJSON(_ value: some Encodable, status: Int, location: String? = nil) throws -> StoredResponse {
    StoredResponse(status: status, body: String(decoding: try APIJSON.encode(value), as: UTF8.self), location: location)
}
