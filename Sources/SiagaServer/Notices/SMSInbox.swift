import Foundation
import Logging
import ServiceLifecycle
import SiagaCore

/// Takes in what the SMSC's bind brings back, one at a time, as the providers' webhooks do for theirs: delivery
/// receipts and the officers' replies go to the notices; a handset's Advanced Mobile Location SMS (`A"ML=1;…`),
/// which reaches the same number, goes to AML as if an SMS gateway had posted it, in the name of the SMSC. Each is
/// acknowledged to the SMSC once recorded; one that cannot be recorded is refused with a temporary error, so the
/// SMSC delivers it again, and the next one is taken.
struct SMSInbox: Service {
    let feedback: AsyncStream<SMSInbound>
    let answers: NoticeAnswers
    let aml: AMLService
    /// Who AML messages from the SMSC come from: the regions whose calls they may locate.
    let smsc: Principal
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await inbound in feedback {
                do {
                    try await take(inbound.feedback)
                    inbound.settle(true)
                } catch {
                    inbound.settle(false)
                    logger.error("SMS from the SMSC not recorded", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    func take(_ item: NoticeFeedback) async throws {
        if case .reply(.sms, let text, let sender) = item, text.hasPrefix("A\"ML="),
            let number = PhoneNumber("+" + sender.address)
        {
            let outcome = try await aml.receive(text, from: number, format: .sms, by: smsc)
            logger.info("AML SMS from the SMSC", metadata: ["status": "\(outcome.status)"])
            return
        }
        try await answers.recordEventually(item, address: nil)
    }
}
