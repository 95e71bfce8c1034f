import SiagaCore

// Payload accessors so a test can `#require` the event it expects and read its data in one line.

extension IncidentEvent {
    var created: Created? { if case .created(let data) = self { data } else { nil } }
    var classified: Classified? { if case .classified(let data) = self { data } else { nil } }
    var priorityChanged: PriorityChanged? { if case .priorityChanged(let data) = self { data } else { nil } }
    var callLinked: CallLinked? { if case .callLinked(let data) = self { data } else { nil } }
    var dispatched: Dispatched? { if case .dispatched(let data) = self { data } else { nil } }
}

extension CallEvent {
    var dispositioned: Dispositioned? { if case .dispositioned(let data) = self { data } else { nil } }
    var ended: Ended? { if case .ended(let data) = self { data } else { nil } }
    var callbackScheduled: CallbackScheduled? { if case .callbackScheduled(let data) = self { data } else { nil } }
}
