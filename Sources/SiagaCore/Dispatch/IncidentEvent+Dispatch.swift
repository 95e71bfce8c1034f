extension IncidentEvent {
    /// The call taker sent the incident on (`teruskan`): what the matrix proposed and what was chosen. Each chosen
    /// agency then gets its own `dispatched` event.
    public struct Forwarded: Hashable, Codable, Sendable {
        public var proposed: [AgencyID]
        public var matrixVersion: Int?
        public var chosen: [AgencyID]
        /// Why the choice differs from the proposal; present whenever it does.
        public var reason: String?

        public var added: [AgencyID] { chosen.filter { !proposed.contains($0) } }
        public var removed: [AgencyID] { proposed.filter { !chosen.contains($0) } }
        public var deviates: Bool { !added.isEmpty || !removed.isEmpty }
    }

    public struct DispatchAcknowledged: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        /// The agency person, when the call taker records the acknowledgement on the agency's behalf.
        public var acknowledgedBy: String?
        public var channel: ForwardingChannel

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case acknowledgedBy, channel
        }
    }

    public struct UnitAssigned: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        public var unitID: UnitID
        public var callsign: String

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case unitID = "unitId"
            case callsign
        }
    }

    /// A unit of the agency moved on (en route, on scene).
    public struct DispatchStep: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        public var unitID: UnitID?

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case unitID = "unitId"
        }
    }

    public struct DispatchCompleted: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        public var outcome: DispatchOutcome

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case outcome
        }
    }

    /// A dispatch declined by the agency or cancelled, with the reason.
    public struct DispatchEnded: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        public var reason: String

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case reason
        }
    }

    public struct DispatchRerouted: Hashable, Codable, Sendable {
        public var from: AgencyID
        public var to: AgencyID
        public var reason: String
        public var channel: ForwardingChannel
    }
}
