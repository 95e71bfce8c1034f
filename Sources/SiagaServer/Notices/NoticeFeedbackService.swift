import Logging
import ServiceLifecycle

/// Takes in what a channel's own connection brings back (the SMSC's receipts and replies), one at a time, as
/// the providers' webhooks do for theirs. A piece that cannot be recorded is logged and the next one is taken.
struct NoticeFeedbackService: Service {
    let name: String
    let feedback: AsyncStream<NoticeFeedback>
    let answers: NoticeAnswers
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await item in feedback {
                do {
                    try await answers.recordEventually(item, address: nil)
                } catch {
                    logger.error("\(name) feedback not recorded", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
