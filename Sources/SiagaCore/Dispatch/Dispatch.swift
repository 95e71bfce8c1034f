public import Foundation

/// An incident forwarded to one agency, and how far that agency has got with it.
public struct Dispatch: Hashable, Codable, Sendable {
    public var agencyID: AgencyID
    public var status: DispatchStatus
    /// How the incident reached the agency: its console, or phone, HT radio or WhatsApp for agencies without one.
    public var channel: ForwardingChannel
    /// The responsibility-matrix version that proposed this agency, when one did.
    public var matrixVersion: Int?
    public var note: String?
    public var dispatchedAt: Date
    public var dispatchedBy: Actor
    public var acknowledgement: Acknowledgement?
    public var units: [AssignedUnit]
    public var enRouteAt: Date?
    public var onSceneAt: Date?
    public var completedAt: Date?
    public var outcome: DispatchOutcome?
    /// Why the agency declined, was re-routed or cancelled.
    public var endReason: String?
    public var endedAt: Date?
    /// The agency that took over after a re-route.
    public var reroutedTo: AgencyID?
    /// When the agency declined, kept after a re-route: declining answered the alarm.
    public var declinedAt: Date?
    /// How far Siaga112 got in reaching the agency by itself (its notice ladder), when it has a ladder.
    public var reach: DispatchReach?

    public init(
        agencyID: AgencyID, channel: ForwardingChannel = .console, matrixVersion: Int? = nil, note: String? = nil,
        dispatchedAt: Date, dispatchedBy: Actor
    ) {
        self.agencyID = agencyID
        self.status = .notified
        self.channel = channel
        self.matrixVersion = matrixVersion
        self.note = note
        self.dispatchedAt = dispatchedAt
        self.dispatchedBy = dispatchedBy
        self.units = []
    }
}

/// Who acknowledged a dispatch, and how: on the agency's console, or recorded by the call taker on the agency's
/// behalf after a phone call, a radio call or a WhatsApp reply.
public struct Acknowledgement: Hashable, Codable, Sendable {
    public var at: Date
    /// The person who recorded it in Siaga112.
    public var recordedBy: Actor
    /// The agency person who acknowledged, when recorded on the agency's behalf (e.g. "Pak Joko, piket Damkar").
    public var acknowledgedBy: String?
    public var channel: ForwardingChannel
}

/// A unit (team or vehicle) sent to the incident.
public struct AssignedUnit: Hashable, Codable, Sendable {
    public var unitID: UnitID
    public var callsign: String
    public var assignedAt: Date
}

/// What the agency reports when it is done (hasil penanganan). Every count is optional.
public struct DispatchOutcome: Hashable, Codable, Sendable {
    public static let maxSummaryLength = 4000

    public var summary: String
    public var victims: Int?
    public var injured: Int?
    public var deaths: Int?
    public var displaced: Int?
    public var buildingsAffected: Int?

    public init(
        summary: String, victims: Int? = nil, injured: Int? = nil, deaths: Int? = nil, displaced: Int? = nil,
        buildingsAffected: Int? = nil
    ) {
        self.summary = summary
        self.victims = victims
        self.injured = injured
        self.deaths = deaths
        self.displaced = displaced
        self.buildingsAffected = buildingsAffected
    }

    /// Field errors for counts that are negative or beyond belief, and for an empty summary.
    public func problems(field: String = "outcome") -> [FieldError] {
        var errors = TextRules.problems(summary, field: "\(field).summary", max: Self.maxSummaryLength)
        let counts = [
            ("victims", victims), ("injured", injured), ("deaths", deaths), ("displaced", displaced),
            ("buildingsAffected", buildingsAffected),
        ]
        for (name, value) in counts where value.map({ !(0...10_000_000).contains($0) }) ?? false {
            errors.append(FieldError("\(field).\(name)", .outOfRange))
        }
        return errors
    }
}

/// How a dispatch reaches an agency.
public enum ForwardingChannel: String, Codable, Sendable, CaseIterable {
    /// The agency's Siaga112 console.
    case console
    case phone
    /// HT radio.
    case radio
    case whatsapp
    case telegram
    case sms
    case email
}

extension Dispatch {
    /// Follows a notice step: the latest step, whether any failed, and the phone task once raised.
    mutating func record(_ report: IncidentEvent.NoticeReport, at: Date) {
        let failed = report.step == .failed || report.step == .undelivered
        var next = DispatchReach(
            channel: report.channel, rung: report.rung, step: report.step, at: at,
            anyFailed: (reach?.anyFailed ?? false) || failed, phoneTask: reach?.phoneTask)
        if report.step == .phoneTask, let phone = report.phone {
            next.phoneTask = PhoneTask(phone: phone, label: report.recipient, raisedAt: at)
        }
        // A late delivery report of an earlier rung does not hide a later rung's step.
        if let current = reach, current.rung > report.rung, !failed {
            next.channel = current.channel
            next.rung = current.rung
            next.step = current.step
            next.at = current.at
        }
        reach = next
    }
}

extension ForwardingChannel {
    /// The channel an acknowledgement arrives on when it answers a notice.
    public init(_ channel: NoticeChannel) {
        switch channel {
        case .whatsapp: self = .whatsapp
        case .telegram: self = .telegram
        case .sms: self = .sms
        case .email: self = .email
        case .phone: self = .phone
        }
    }
}

/// Identifies a unit of an agency.
public struct UnitID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
