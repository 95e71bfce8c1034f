import Synchronization
import Testing

@testable import SiagaStore

@Suite("Write priority")
struct WritePriorityTests {
    final class Order: Sendable {
        let names = Mutex<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
    }

    @Test("An urgent write waiting for the writer goes ahead of routine writes that queued before it")
    func urgentWritesGoFirst() async throws {
        // given the one writer connection lent out, and three routine writes waiting for it, well within their
        // bounded wait (after which they would take turns: WriterQueueTests)
        let pool = ConnectionPool([1], routineBound: .seconds(60))
        let held = await pool.acquire()
        let order = Order()
        var waiting: [Task<Void, Never>] = []
        for name in ["prank 1", "prank 2", "prank 3"] {
            waiting.append(
                Task {
                    let connection = await pool.acquire(priority: .routine)
                    order.append(name)
                    await pool.release(connection)
                })
            while await pool.waitingCount < waiting.count { await Task.yield() }
        }

        // when an incident's write arrives last
        waiting.append(
            Task {
                let connection = await pool.acquire(priority: .urgent)
                order.append("incident")
                await pool.release(connection)
            })
        while await pool.waitingCount < waiting.count { await Task.yield() }
        await pool.release(held)
        for task in waiting { await task.value }

        // then it is served first, and the routine writes keep their order
        #expect(order.names.withLock { $0 } == ["incident", "prank 1", "prank 2", "prank 3"])
    }
}
