import Foundation
import Logging
import Metrics
import NIOCore
import NIOPosix
import ServiceLifecycle
import SiagaCore
import SiagaStore

/// Siaga112's side of the switch's event API (kamailio's evapi): connects, asks for every step not yet
/// acknowledged, decides each new call at once, and records the steps in the order the switch numbered them,
/// acknowledging each after its transaction commits. Reconnects with backoff whenever the connection ends; a step
/// that could not be recorded is not acknowledged, so the switch sends it again on the next connection.
struct SwitchLink: Service {
    let host: String
    let port: Int
    let telephony: TelephonyService
    let store: SQLStore
    let logger: Logger

    static let minBackoff: Duration = .milliseconds(250)
    static let maxBackoff: Duration = .seconds(5)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = Self.minBackoff
            while !Task.isCancelled {
                do {
                    try await session { backoff = Self.minBackoff }
                    logger.warning("switch closed the event connection", metadata: ["switch": "\(host):\(port)"])
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("switch event connection failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, Self.maxBackoff)
            }
        }
    }

    /// One connection, from connecting until either side closes it.
    private func session(connected: () -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        connected()
        logger.info("connected to the switch", metadata: ["switch": "\(host):\(port)"])
        try await channel.executeThenClose { inbound, outbound in
            let (replies, reply) = AsyncStream.makeStream(of: [UInt8].self)
            let (steps, step) = AsyncStream.makeStream(of: PendingStep.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await bytes in replies { try await outbound.write(ByteBuffer(bytes: bytes)) }
                }
                group.addTask {
                    do {
                        try await record(steps, acknowledging: reply)
                    } catch {
                        // Not acknowledged: the switch keeps the step. A new connection replays it.
                        logger.error("could not record a switch step", metadata: ["error": "\(error)"])
                        channel.channel.close(promise: nil)
                    }
                }
                reply.yield(SwitchOutbound.replay)
                var reader = SwitchReader()
                var decided: Task<Void, Never>?
                defer {
                    step.finish()
                    reply.finish()
                }
                for try await buffer in inbound {
                    for message in try reader.messages(in: buffer) {
                        handle(message, decided: &decided, reply: reply, step: step, reader: &reader)
                    }
                }
            }
        }
    }

    private func handle(
        _ message: Result<SwitchInbound, SwitchMessageRejection>,
        decided: inout Task<Void, Never>?,
        reply: AsyncStream<[UInt8]>.Continuation, step: AsyncStream<PendingStep>.Continuation,
        reader: inout SwitchReader
    ) {
        let yield = { [decided] (reports: [SwitchReport]) in
            reports.forEach { step.yield(PendingStep(report: $0, after: decided)) }
        }
        switch message {
        case .failure(let rejection):
            Counter(label: "siaga_switch_messages_rejected_total").increment()
            logger.warning("switch message refused", metadata: ["reason": "\(rejection)"])
        case .success(.offer(let transaction, let event)):
            // The caller waits for the decision, not for the record: the offer and every step after it are
            // recorded once the decision has gone back, so their writes never compete with it.
            let decision = Task {
                _ = reply.yield(SwitchOutbound.decision(await decide(event), for: transaction))
            }
            decided = decision
            reader.order(.call(event)).forEach { step.yield(PendingStep(report: $0, after: decision)) }
        case .success(.event(let event)):
            yield(reader.order(.call(event)))
        case .success(.registration(let report)):
            yield(reader.order(.phone(report)))
        case .success(.replayed(_, let count)):
            logger.info("switch replayed its unacknowledged steps", metadata: ["count": "\(count)"])
            yield(reader.endReplay())
        }
    }

    /// The decision for a new call; the fallback group when it cannot be made (the switch would fall back anyway).
    private func decide(_ event: SwitchEvent) async -> RingDecision {
        do {
            return try await telephony.decide(for: event)
        } catch {
            logger.error("could not decide which phones ring", metadata: ["error": "\(error)"])
            return .fallback(.nobodyOnDuty)
        }
    }

    /// Records each step in turn. A step that cannot be recorded ends the connection: the switch still holds it
    /// and every later one, and sends them again on the next.
    private func record(
        _ steps: AsyncStream<PendingStep>, acknowledging reply: AsyncStream<[UInt8]>.Continuation
    ) async throws {
        for await pending in steps {
            await pending.after?.value
            let report = pending.report
            switch report {
            case .call(let event):
                let outcome = try await store.perform(telephony.record(event))
                if case .refused(let reason) = outcome {
                    logger.warning(
                        "switch step refused",
                        metadata: ["step": "\(event.stepName)", "call": "\(event.callID)", "reason": "\(reason)"])
                }
            case .phone(let phone):
                try await store.perform(telephony.record(phone))
            }
            reply.yield(SwitchOutbound.acknowledge(source: report.source, sequence: report.sequence))
        }
    }

}

/// A step to record, and the decision it waits for: the last one asked for before the step arrived.
struct PendingStep: Sendable {
    var report: SwitchReport
    var after: Task<Void, Never>?
}

/// Frames and parses the switch's messages, and holds back steps while the switch replays its queue, so they are
/// recorded in the order it numbered them: its queue comes back in no particular order.
struct SwitchReader {
    private var frames = NetstringDecoder()
    private var replaying = true
    private var held: [SwitchReport] = []
    /// More held than this and the replay is taken as it is.
    static let maxHeld = 10_000

    mutating func messages(in buffer: ByteBuffer) throws(NetstringDecoder.Failure)
        -> [Result<SwitchInbound, SwitchMessageRejection>]
    {
        frames.append(buffer.readableBytesView)
        var messages: [Result<SwitchInbound, SwitchMessageRejection>] = []
        while let frame = try frames.next() {
            do throws(SwitchMessageRejection) {
                messages.append(.success(try SwitchInbound.parse(frame)))
            } catch {
                messages.append(.failure(error))
            }
        }
        return messages
    }

    /// The reports to record now: `report` itself, unless a replay is under way.
    mutating func order(_ report: SwitchReport) -> [SwitchReport] {
        guard replaying else { return [report] }
        held.append(report)
        return held.count > Self.maxHeld ? endReplay() : []
    }

    /// Every step held back, in the switch's order.
    mutating func endReplay() -> [SwitchReport] {
        replaying = false
        defer { held = [] }
        return held.sorted { ($0.source, $0.sequence) < ($1.source, $1.sequence) }
    }
}
