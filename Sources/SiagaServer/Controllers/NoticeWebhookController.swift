import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import SiagaCore

/// Where the providers bring delivery reports and acknowledgements back. Public routes: each proves itself with
/// its provider's own check (WhatsApp's `X-Hub-Signature-256`, Telegram's secret-token header), and a channel not
/// switched on here answers 404.
///
/// | method | path                    | does                                                             |
/// |--------|-------------------------|------------------------------------------------------------------|
/// | GET    | /notify/whatsapp        | WhatsApp's subscription handshake (`hub.challenge`)               |
/// | POST   | /notify/whatsapp        | WhatsApp's statuses, button presses and replies                  |
/// | POST   | /notify/telegram        | Telegram's updates: button presses and replies                   |
struct NoticeWebhookController {
    let channels: NoticeChannels
    let answers: NoticeAnswers
    let logger: Logger

    func addRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.get("notify/whatsapp", use: whatsAppHandshake)
        group.post("notify/whatsapp", use: whatsApp)
        group.post("notify/telegram", use: telegram)
    }

    @Sendable func whatsAppHandshake(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        guard let settings = channels.whatsapp else { throw Self.notOn("WhatsApp", request.language) }
        let query = request.uri.queryParameters
        guard
            let challenge = WhatsAppWebhook.challenge(
                mode: query["hub.mode"].map(String.init), verifyToken: query["hub.verify_token"].map(String.init),
                challenge: query["hub.challenge"].map(String.init), expected: settings.verifyToken)
        else { throw Self.unauthentic(request.language) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }

    @Sendable func whatsApp(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        guard let settings = channels.whatsapp else { throw Self.notOn("WhatsApp", request.language) }
        let body = Array(buffer: try await collect(request))
        guard
            WhatsAppWebhook.isSigned(
                body, signature: request.headers[HTTPField.Name("X-Hub-Signature-256")!],
                appSecret: settings.appSecret)
        else {
            Counter(label: "siaga_notice_webhooks_refused_total", dimensions: [("channel", "whatsapp")]).increment()
            throw Self.unauthentic(request.language)
        }
        let feedback: [NoticeFeedback]
        do {
            feedback = try WhatsAppWebhook.feedback(body)
        } catch {
            throw ProblemDetails.malformed("\(error)", request.language)
        }
        for item in feedback {
            try await answers.recordEventually(item, address: context.clientAddress ?? context.peerAddress)
        }
        return Response(status: .ok)
    }

    @Sendable func telegram(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        guard let carrier = channels.telegram else { throw Self.notOn("Telegram", request.language) }
        guard
            TelegramWebhook.isAuthentic(
                secretHeader: request.headers[HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!],
                secret: carrier.settings.webhookSecret)
        else {
            Counter(label: "siaga_notice_webhooks_refused_total", dimensions: [("channel", "telegram")]).increment()
            throw Self.unauthentic(request.language)
        }
        let update: TelegramUpdate
        do {
            update = try TelegramWebhook.read(Array(buffer: try await collect(request)))
        } catch {
            throw ProblemDetails.malformed("\(error)", request.language)
        }
        var last: NoticeAnswer = .ignored
        for item in update.feedback {
            last = try await answers.recordEventually(item, address: context.clientAddress ?? context.peerAddress)
        }
        if let query = update.callbackQueryID {
            // The person who pressed the button sees at once whether it counted.
            let text =
                switch last {
                case .acknowledged(let number, _): "Diterima: \(number). Terima kasih."
                case .refused(let refusal): refusal.explanation(.id)
                case .logged, .ignored, .unmatched: ""
                }
            await carrier.answerCallback(id: query, text: text)
        }
        return Response(status: .ok)
    }

    static func notOn(_ channel: String, _ language: Language) -> ProblemDetails {
        .notFound(
            language.pick(
                "Kanal \(channel) tidak diaktifkan di server ini.", "The \(channel) channel is not switched on here."),
            language)
    }

    static func unauthentic(_ language: Language) -> ProblemDetails {
        ProblemDetails(
            "webhook-unauthentic", status: .unauthorized,
            title: language.pick("Webhook tidak sah", "Webhook not authentic"),
            detail: language.pick(
                "Tanda tangan atau token rahasia penyedia tidak cocok.",
                "The provider's signature or secret token does not match."))
    }
}
