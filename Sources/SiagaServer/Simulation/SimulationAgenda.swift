import Foundation

/// What is due next in a simulated region: a binary min-heap on time, first scheduled first among equal times,
/// so a year of actions is ordered in O(log n) each.
struct SimulationAgenda<Action> {
    private struct Entry {
        var at: Date
        var sequence: Int
        var action: Action

        func precedes(_ other: Entry) -> Bool {
            at != other.at ? at < other.at : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var scheduled = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// When the next action is due.
    var nextTime: Date? { heap.first?.at }

    mutating func schedule(_ action: Action, at time: Date) {
        heap.append(Entry(at: time, sequence: scheduled, action: action))
        scheduled += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest action due before `limit`, removed from the agenda.
    mutating func popFirst(before limit: Date) -> (at: Date, action: Action)? {
        guard let first = heap.first, first.at < limit else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.at, first.action)
    }
}
