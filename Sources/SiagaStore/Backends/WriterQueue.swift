/// Who waits for the writer, and who goes next: urgent writes first, but no routine write waits without bound.
///
/// Urgent writes (incidents, dispatch steps, calls not known to be non-emergency) go ahead of routine ones
/// (non-emergency dispositions, sessions, background rounds), so a prank flood never delays an emergency. Under a
/// steady stream of urgent writes, though, strict priority would hold a sign-in or a prank's closing forever.
/// So once the oldest routine write has waited `routineBound`, it takes one turn in every `urgentTurns + 1`: the
/// urgent stream keeps at least that share of the writer (three quarters by default, so an emergency waits at most
/// one routine write longer than it would alone), and every routine write's wait is bounded by `routineBound` plus
/// its place among the routine writes that aged before it, each a few urgent writes apart. First come, first served
/// within each.
struct WriterQueue<Waiter> {
    private struct Entry {
        var waiter: Waiter
        var since: ContinuousClock.Instant
    }

    /// How long a routine write waits behind urgent ones before it takes turns with them.
    let routineBound: Duration
    /// Urgent writes served between two routine writes let in ahead of waiting urgent ones.
    let urgentTurns: Int
    private var urgent: [Entry] = []
    private var routine: [Entry] = []
    /// Urgent writes served since a routine write was last let in ahead of waiting urgent ones.
    private var urgentSinceAgedRoutine: Int

    init(routineBound: Duration = .milliseconds(200), urgentTurns: Int = 3) {
        self.routineBound = routineBound
        self.urgentTurns = urgentTurns
        urgentSinceAgedRoutine = urgentTurns
    }

    var count: Int { urgent.count + routine.count }
    var isEmpty: Bool { urgent.isEmpty && routine.isEmpty }

    mutating func append(_ waiter: Waiter, _ priority: WritePriority, at now: ContinuousClock.Instant) {
        switch priority {
        case .urgent: urgent.append(Entry(waiter: waiter, since: now))
        case .routine: routine.append(Entry(waiter: waiter, since: now))
        }
    }

    /// The waiter to serve next at `now`, removed from the queue; nil when nobody waits.
    mutating func next(at now: ContinuousClock.Instant) -> Waiter? {
        guard let oldestRoutine = routine.first else {
            return urgent.isEmpty ? nil : takeUrgent()
        }
        guard !urgent.isEmpty else { return routine.removeFirst().waiter }
        if now - oldestRoutine.since >= routineBound, urgentSinceAgedRoutine >= urgentTurns {
            urgentSinceAgedRoutine = 0
            return routine.removeFirst().waiter
        }
        return takeUrgent()
    }

    /// The longest-waiting urgent waiter, removed from the queue; nil when none waits. Counts as an urgent turn.
    mutating func nextUrgent() -> Waiter? {
        urgent.isEmpty ? nil : takeUrgent()
    }

    private mutating func takeUrgent() -> Waiter {
        urgentSinceAgedRoutine += 1
        return urgent.removeFirst().waiter
    }

    /// Everyone waiting, urgent first, and the queue emptied.
    mutating func removeAll() -> [Waiter] {
        defer { (urgent, routine) = ([], []) }
        return (urgent + routine).map(\.waiter)
    }
}
