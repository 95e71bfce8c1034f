import SiagaCore

/// Sends notices as SMS through the bind to the operator's SMSC. Delivery receipts and replies come from the
/// client's `feedback`, matched to the notice by the `message_id` this returns.
struct SMSCarrier: NoticeCarrier {
    let client: SMPPClient

    var channel: NoticeChannel { .sms }

    func send(_ notice: OutgoingNotice) async throws(NoticeCarrierError) -> NoticeReceipt {
        let messageID = try await client.submit(to: notice.recipient, text: notice.text, reference: notice.reference)
        return NoticeReceipt(providerReference: messageID)
    }
}
