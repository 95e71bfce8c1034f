import SiagaCore

/// One message to one person of an agency, ready for a carrier.
struct OutgoingNotice: Sendable, Hashable {
    /// Siaga112's reference for this attempt (`<notice id>.<attempt>`), given to the provider wherever its API
    /// echoes one back, so a delivery report or a repeated send is matched to the notice.
    var reference: String
    /// Who receives it: international digits without `+` (`6281234567890`) for WhatsApp and SMS, a chat id for
    /// Telegram, an address for e-mail.
    var recipient: String
    /// A one-line subject (e-mail) or heading.
    var subject: String
    /// The message, in the region's language.
    var text: String
    /// The signed, expiring, single-use acknowledgement: a button's payload or a link's last segment.
    var acknowledgeToken: String
    /// The page that acknowledges with `acknowledgeToken` (e-mail), when the server has a public address.
    var acknowledgeURL: String?
    /// The code an SMS reply carries (`TERIMA 4821`).
    var replyCode: String
}

/// What the provider said when it accepted a notice.
struct NoticeReceipt: Sendable, Hashable {
    /// The provider's id of the message (WhatsApp `wamid`, SMPP `message_id`, Telegram `message_id`, the SMTP
    /// queue id), which its delivery reports name.
    var providerReference: String?
}

/// Why a carrier could not hand a notice over.
enum NoticeCarrierError: Error, Sendable, Hashable {
    /// Down, slow, throttled or not connected: tried again later with backoff.
    case unavailable(String)
    /// The provider refused this message for good (unknown recipient, bad template): not tried again.
    case refused(String)
}

/// One channel's protocol behind one seam: the outbox sends through it and tests put a fake in its place.
protocol NoticeCarrier: Sendable {
    var channel: NoticeChannel { get }
    /// Hands the notice to the provider; returns once the provider has accepted it.
    func send(_ notice: OutgoingNotice) async throws(NoticeCarrierError) -> NoticeReceipt
}

/// What comes back from a channel: a delivery report, an acknowledgement (button, link) or a text reply.
enum NoticeFeedback: Sendable, Hashable {
    /// The provider's report on a message it accepted. Never counts as an acknowledgement.
    case delivery(NoticeChannel, providerReference: String, NoticeDelivery)
    /// Someone pressed the acknowledgement button or opened its link.
    case acknowledgement(NoticeChannel, token: String, from: NoticeSender)
    /// A text reply (SMS, WhatsApp), which may carry `TERIMA <code>`.
    case reply(NoticeChannel, text: String, from: NoticeSender)
}

/// What a delivery report says.
enum NoticeDelivery: Sendable, Hashable {
    case delivered
    case read
    case failed(String)
}

/// Who answered on a channel, as the channel names them.
struct NoticeSender: Sendable, Hashable {
    /// International digits for WhatsApp and SMS, the user's id for Telegram, the address for e-mail.
    var address: String
    /// The name the channel shows, when it has one.
    var name: String?
    /// The chat the answer came from (a Telegram group), when it differs from the person.
    var chat: String?
}
