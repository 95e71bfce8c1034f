/// The channels this server reaches agencies on, built once: the carriers the outbox sends through, the key of
/// their acknowledgements, and the address acknowledgement links point to.
struct NoticeChannels: Sendable {
    var carriers = NoticeCarriers()
    let keyring = NoticeKeyring()
    /// The server's public address (`https://112.sidoarjokab.go.id`), for e-mail acknowledgement links.
    var publicURL: String?
}
