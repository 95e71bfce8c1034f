/// What a principal who may not see caller numbers gets instead (UU 27/2022: only what the job needs).
///
/// The incident keeps only the number's last four digits on screen; timelines drop the number altogether.
/// An agency that must call back asks for the number, and that reveal is audited.
extension IncidentEvent {
    /// The event without the caller's number.
    public var withoutCallerNumber: IncidentEvent {
        switch self {
        case .created(var created):
            created.callerNumber = nil
            return .created(created)
        case .callLinked(var link):
            link.callerNumber = nil
            return .callLinked(link)
        default:
            return self
        }
    }
}
