import Testing

@testable import SiagaStore

/// Who gets the writer next: emergencies first, and no routine write (a sign-in, a prank's closing, a session's
/// touch) held without bound behind them.
@Suite("Writer queue")
struct WriterQueueTests {
    static let t0 = ContinuousClock.now

    static func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    @Test("An emergency waiting beside a routine write goes first while the routine write is within its bound")
    func urgentFirst() {
        var queue = WriterQueue<String>(routineBound: .milliseconds(200))
        queue.append("prank", .routine, at: Self.at(0))
        queue.append("fire", .urgent, at: Self.at(5))
        #expect(queue.next(at: Self.at(10)) == "fire")
        #expect(queue.next(at: Self.at(20)) == "prank")
        #expect(queue.next(at: Self.at(30)) == nil)
    }

    @Test("Under a steady stream of emergencies, a routine write that waited its bound goes next, then a few apart")
    func routineWaitIsBounded() {
        var queue = WriterQueue<String>(routineBound: .milliseconds(200), urgentTurns: 2)
        queue.append("sign-in", .routine, at: Self.at(0))
        queue.append("aml", .routine, at: Self.at(1))
        for index in 1...5 { queue.append("incident \(index)", .urgent, at: Self.at(index)) }
        #expect(queue.next(at: Self.at(100)) == "incident 1")
        #expect(queue.next(at: Self.at(250)) == "sign-in")
        #expect(queue.next(at: Self.at(260)) == "incident 2")
        #expect(queue.next(at: Self.at(270)) == "incident 3")
        #expect(queue.next(at: Self.at(280)) == "aml")
        #expect(queue.next(at: Self.at(290)) == "incident 4")
        #expect(queue.next(at: Self.at(300)) == "incident 5")
        #expect(queue.isEmpty)
    }

    @Test("Aged routine writes take one turn in four: emergencies keep three quarters of the writer")
    func urgentKeepsMost() {
        var queue = WriterQueue<String>(routineBound: .milliseconds(200))
        for index in 1...2 { queue.append("prank \(index)", .routine, at: Self.at(0)) }
        for index in 1...6 { queue.append("fire \(index)", .urgent, at: Self.at(300)) }
        let order = (0..<8).compactMap { _ in queue.next(at: Self.at(400)) }
        #expect(order == ["prank 1", "fire 1", "fire 2", "fire 3", "prank 2", "fire 4", "fire 5", "fire 6"])
    }

    @Test("The writer connection goes to a routine borrower that aged while emergencies queued behind the holder")
    func poolServesAgedRoutine() async {
        let pool = ConnectionPool([0], routineBound: .zero)
        let held = await pool.acquire(priority: .urgent)
        let order = OrderLog()
        let routine = Task {
            let connection = await pool.acquire(priority: .routine)
            await order.append("routine")
            await pool.release(connection)
        }
        while await pool.waitingCount < 1 { await Task.yield() }
        let urgent = (1...3).map { index in
            Task {
                let connection = await pool.acquire(priority: .urgent)
                await order.append("urgent \(index)")
                await pool.release(connection)
            }
        }
        while await pool.waitingCount < 4 { await Task.yield() }
        await pool.release(held)
        await routine.value
        for task in urgent { await task.value }
        #expect(await order.entries.first == "routine")
    }

    actor OrderLog {
        var entries: [String] = []
        func append(_ entry: String) { entries.append(entry) }
    }
}
