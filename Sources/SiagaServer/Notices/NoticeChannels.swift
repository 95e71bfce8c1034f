import AsyncHTTPClient
import Logging
import SiagaCore

/// The channels this server reaches agencies on, built once from the channels file: the carriers the outbox
/// sends through, what the providers' webhooks are checked with, the key of acknowledgements, and the address
/// acknowledgement links point to.
struct NoticeChannels: Sendable {
    var carriers = NoticeCarriers()
    let keyring = NoticeKeyring()
    /// The server's public address (`https://112.sidoarjokab.go.id`), for e-mail acknowledgement links.
    var publicURL: String?
    /// WhatsApp's webhook secrets, when WhatsApp is on.
    var whatsapp: WhatsAppSettings?
    /// Telegram's carrier (it answers button presses) and webhook secret, when Telegram is on.
    var telegram: TelegramCarrier?
    /// The bind to the operator's SMSC, when SMS is on: it runs beside the server and brings receipts and replies.
    var smpp: SMPPClient?
    /// Who AML messages arriving over the SMSC's bind come from.
    var smsc = Principal(
        name: "smsc", role: .integration, jurisdiction: .nation, permissions: [.amlSubmit],
        credential: .token(id: "smsc"))

    init() {}

    init(_ configuration: NoticeConfiguration, logger: Logger) throws {
        var carriers: [any NoticeCarrier] = []
        publicURL = configuration.publicURL
        if let whatsapp = configuration.whatsapp {
            let settings = whatsapp.settings
            self.whatsapp = settings
            carriers.append(WhatsAppCarrier(client: .shared, settings: settings))
        }
        if let telegram = configuration.telegram {
            let carrier = TelegramCarrier(client: .shared, settings: telegram.settings)
            self.telegram = carrier
            carriers.append(carrier)
        }
        if let sms = configuration.sms {
            let client = SMPPClient(settings: sms.settings, logger: logger)
            smpp = client
            if let text = sms.jurisdiction {
                guard let jurisdiction = Jurisdiction(text) else {
                    throw NoticeConfigurationError("sms.jurisdiction must be nasional, a province or a regency code")
                }
                smsc.jurisdiction = jurisdiction
            }
            carriers.append(SMSCarrier(client: client))
        }
        if let email = configuration.email {
            carriers.append(try SMTPCarrier(settings: try email.settings(), logger: logger))
        }
        self.carriers = NoticeCarriers(carriers)
    }
}
