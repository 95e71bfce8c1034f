public import Foundation

/// When and by whom an event happened. Commands carry it; the store writes it with the event.
public struct EventMetadata: Hashable, Codable, Sendable {
    public var at: Date
    public var actor: Actor

    public init(at: Date, actor: Actor) {
        self.at = at
        self.actor = actor
    }
}

/// An event as committed: its global id, its position in its stream, and its metadata.
public struct Recorded<Event: Hashable & Sendable>: Hashable, Sendable {
    public var id: EventID
    /// The id of the incident or call the event belongs to.
    public var streamID: String
    /// 1-based position in the stream; equals the stream's version after this event.
    public var version: Int
    public var metadata: EventMetadata
    public var event: Event

    public init(id: EventID, streamID: String, version: Int, metadata: EventMetadata, event: Event) {
        self.id = id
        self.streamID = streamID
        self.version = version
        self.metadata = metadata
        self.event = event
    }
}
