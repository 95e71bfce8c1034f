/// Who did something: every event on a timeline names its actor.
public struct Actor: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The kind of actor.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A person signed in to Siaga112.
        case petugas
        /// An integration (PBX, SMS gateway, another region's 112 center) acting with its own credentials.
        case integration
        /// Siaga112 itself (SLA engine, demo seeding, automatic call-back tasks).
        case system
    }

    public var kind: Kind
    /// The petugas id, integration name or system component name.
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    public static func petugas(_ id: PetugasID) -> Actor { Actor(kind: .petugas, id: id.rawValue) }
    public static func system(_ component: String) -> Actor { Actor(kind: .system, id: component) }

    public var description: String { "\(kind.rawValue):\(id)" }
}
