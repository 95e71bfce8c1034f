/// Something that happened to a unit, for the live map: where it reported itself, and when its status changed.
/// Encoded as `{"type": "<case>", "data": {…}}` like incident events.
public enum UnitEvent: Hashable, Sendable {
    case positionReported(UnitPosition)
    case statusChanged(StatusChange)

    public struct StatusChange: Hashable, Codable, Sendable {
        public var from: UnitStatus
        public var to: UnitStatus

        public init(from: UnitStatus, to: UnitStatus) {
            self.from = from
            self.to = to
        }
    }

    /// The name stored in the log's `type` column.
    public var typeName: String {
        switch self {
        case .positionReported: "positionReported"
        case .statusChanged: "statusChanged"
        }
    }
}

extension UnitEvent: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "positionReported": self = .positionReported(try container.decode(UnitPosition.self, forKey: .data))
        case "statusChanged": self = .statusChanged(try container.decode(StatusChange.self, forKey: .data))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown unit event \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .positionReported(let position): try container.encode(position, forKey: .data)
        case .statusChanged(let change): try container.encode(change, forKey: .data)
        }
    }
}
