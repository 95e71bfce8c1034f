import Foundation
import HTTPTypes
import Hummingbird
import SiagaCore
import SiagaStore

/// The small page an e-mail's link opens: `GET /ack/{token}` shows what is asked and one button; only its
/// `POST` acknowledges, so a mail scanner that opens every link acknowledges nothing.
struct AcknowledgePage {
    let store: SQLStore
    let answers: NoticeAnswers
    let keyring: NoticeKeyring

    func addRoutes(to router: Router<SiagaRequestContext>) {
        router.get("ack/{token}", use: show)
        router.post("ack/{token}", use: acknowledge)
    }

    @Sendable func show(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let language = request.language
        let token = try context.parameters.require("token")
        let keys = try await keyring.token(from: store)
        let found = try await store.read { reader -> (Incident, Agency?)? in
            guard let id = NoticeToken.noticeID(in: token), let notice = try await reader.notice(id),
                keys.verify(token, against: notice), let incident = try await reader.incident(notice.incidentID)
            else { return nil }
            return (incident, try await reader.agency(notice.agencyID))
        }
        guard let (incident, agency) = found else {
            return Self.page(
                status: .notFound, language.pick("Tautan tidak sah", "Invalid link"),
                language.pick(
                    "Tautan ini tidak dikenal. Hubungi Command Center 112.",
                    "This link is not known. Call the 112 command center."), language: language)
        }
        let heading = language.pick("Penerusan 112 \(incident.number)", "112 forward \(incident.number)")
        let body = """
            <p>\(HTML.escape(agency?.name ?? ""))</p>
            <form method="post"><button type="submit" autofocus>\(language.pick("Terima penugasan", "Acknowledge"))</button></form>
            """
        return Self.page(status: .ok, heading, body, language: language, raw: true)
    }

    @Sendable func acknowledge(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let language = request.language
        let token = try context.parameters.require("token")
        let answer = try await answers.acknowledge(
            token: token, channel: .email, from: nil, address: context.clientAddress ?? context.peerAddress)
        switch answer {
        case .acknowledged(let number, _):
            return Self.page(
                status: .ok, language.pick("Diterima", "Acknowledged"),
                language.pick(
                    "Penugasan \(number) tercatat diterima. Terima kasih.",
                    "Assignment \(number) is recorded as acknowledged. Thank you."), language: language)
        case .refused(let refusal):
            return Self.page(
                status: refusal.status, language.pick("Tidak dapat diterima", "Cannot acknowledge"),
                refusal.explanation(language), language: language)
        case .logged, .ignored, .unmatched:
            return Self.page(status: .ok, "", "", language: language)
        }
    }

    static func page(
        status: HTTPResponse.Status, _ title: String, _ body: String, language: Language, raw: Bool = false
    ) -> Response {
        let html = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(HTML.escape(title))</title>
            <style>body{font:18px system-ui,sans-serif;margin:2em auto;max-width:32em;padding:0 1em}
            button{font-size:1.2em;padding:.6em 1.4em}</style></head>
            <body><h1>\(HTML.escape(title))</h1>\(raw ? body : "<p>\(HTML.escape(body))</p>")</body></html>
            """
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension NoticeRefusal {
    var status: HTTPResponse.Status {
        switch self {
        case .forged, .unknownCode: .notFound
        case .expired: .gone
        case .used, .alreadyAcknowledged, .dispatchEnded: .conflict
        case .otherAgency: .forbidden
        }
    }

    /// What the person who answered is told, in their language.
    func explanation(_ language: Language) -> String {
        switch self {
        case .forged:
            language.pick("Tanda terima ini tidak dikenal.", "This acknowledgement is not known.")
        case .unknownCode:
            language.pick("Kode ini tidak dikenal.", "This code is not known.")
        case .expired:
            language.pick(
                "Tanda terima ini sudah kedaluwarsa. Hubungi Command Center 112.",
                "This acknowledgement has expired. Call the 112 command center.")
        case .used:
            language.pick("Tanda terima ini sudah dipakai.", "This acknowledgement was already used.")
        case .alreadyAcknowledged:
            language.pick("Penugasan ini sudah diterima.", "This assignment was already acknowledged.")
        case .dispatchEnded:
            language.pick("Penugasan ini sudah tidak berlaku.", "This assignment no longer stands.")
        case .otherAgency:
            language.pick(
                "Nomor atau akun ini tidak terdaftar untuk instansi tersebut.",
                "This number or account is not registered for that agency.")
        }
    }
}
