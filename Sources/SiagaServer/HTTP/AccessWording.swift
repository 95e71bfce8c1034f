import HTTPTypes
import SiagaCore

/// 401 and 403 answers, worded for the person at the console.
extension ProblemDetails {
    static func notAuthenticated(_ failure: AuthenticationFailure, _ language: Language) -> ProblemDetails {
        let (id, en): (String, String) =
            switch failure {
            case .missing: ("Silakan masuk terlebih dahulu.", "Please sign in first.")
            case .unknownSession: ("Sesi tidak dikenal; silakan masuk lagi.", "Unknown session; please sign in again.")
            case .sessionExpired:
                (
                    "Sesi Anda berakhir karena tidak aktif atau terlalu lama; silakan masuk lagi.",
                    "Your session ended after inactivity or its maximum length; please sign in again."
                )
            case .sessionRevoked:
                ("Sesi Anda telah dicabut; silakan masuk lagi.", "Your session was revoked; please sign in again.")
            case .accountDisabled:
                ("Akun Anda dinonaktifkan; hubungi admin.", "Your account is disabled; contact your admin.")
            case .unknownToken: ("Token API tidak dikenal.", "Unknown API token.")
            case .tokenRevoked: ("Token API ini telah dicabut.", "This API token was revoked.")
            case .csrfTokenMismatch:
                (
                    "Permintaan ditolak: token CSRF tidak ada atau salah. Muat ulang halaman.",
                    "Request refused: the CSRF token is missing or wrong. Reload the page."
                )
            }
        // A CSRF failure is a refusal of a valid session, not missing credentials.
        let status: HTTPResponse.Status = failure == .csrfTokenMismatch ? .forbidden : .unauthorized
        return ProblemDetails(
            failure == .csrfTokenMismatch ? "csrf-token-mismatch" : "not-authenticated", status: status,
            title: failure == .csrfTokenMismatch
                ? language.pick("Token CSRF salah", "CSRF token mismatch")
                : language.pick("Belum masuk", "Not signed in"),
            detail: language.pick(id, en), extensions: ["reason": "\(failure)"])
    }

    static func accessDenied(_ denial: AccessDenial, _ language: Language) -> ProblemDetails {
        let (id, en) = wording(denial)
        return ProblemDetails(
            "forbidden", status: .forbidden, title: language.pick("Akses ditolak", "Access denied"),
            detail: language.pick(id, en), extensions: ["reason": reason(denial)])
    }

    private static func wording(_ denial: AccessDenial) -> (String, String) {
        switch denial {
        case .notPermitted(let role, let permission):
            (
                "Peran \(role.indonesianName) tidak boleh melakukan ini (\(permission.rawValue)).",
                "The \(role.englishName) role may not do this (\(permission.rawValue))."
            )
        case .outsideJurisdiction(let region):
            ("Wilayah \(region) berada di luar kewenangan Anda.", "Region \(region) is outside your jurisdiction.")
        case .incidentNotDispatchedToAgency(let agency):
            (
                "Kejadian ini tidak diteruskan ke instansi Anda (\(agency)).",
                "This incident was not forwarded to your agency (\(agency))."
            )
        case .otherAgency(let agency):
            ("Ini milik instansi lain (\(agency)).", "This belongs to another agency (\(agency)).")
        case .notYourUnit(let unit): ("Anda tidak bertugas di unit \(unit).", "You do not crew unit \(unit).")
        case .noOpenDispatch(let agency):
            (
                "Nomor pelapor hanya dibuka selama penugasan \(agency) masih berjalan.",
                "The caller's number is revealed only while \(agency)'s dispatch is open."
            )
        case .accountBeyondJurisdiction(let jurisdiction):
            (
                "Akun dengan kewenangan \(jurisdiction) berada di luar kewenangan Anda.",
                "An account with reach \(jurisdiction) is beyond your own."
            )
        case .allRegionsNeedNationalReach:
            (
                "Angka seluruh wilayah layanan hanya untuk petugas atau token berkewenangan nasional.",
                "Figures of every region served here are for national staff and tokens only."
            )
        case .crossOrigin:
            ("Umpan langsung hanya untuk halaman dari server ini.", "The live feed is for this server's own pages.")
        case .permissionBeyondOwn(let permission):
            (
                "Token tidak boleh diberi izin yang tidak Anda miliki sendiri (\(permission.rawValue)). Token seperti itu dibuat di server dengan `siaga token create`.",
                "A token may not be given a permission you do not hold yourself (\(permission.rawValue)). Such a token is made on the server with `siaga token create`."
            )
        }
    }

    private static func reason(_ denial: AccessDenial) -> String {
        switch denial {
        case .notPermitted: "notPermitted"
        case .outsideJurisdiction: "outsideJurisdiction"
        case .incidentNotDispatchedToAgency: "notDispatchedToAgency"
        case .otherAgency: "otherAgency"
        case .notYourUnit: "notYourUnit"
        case .noOpenDispatch: "noOpenDispatch"
        case .accountBeyondJurisdiction: "accountBeyondJurisdiction"
        case .allRegionsNeedNationalReach: "allRegionsNeedNationalReach"
        case .permissionBeyondOwn: "permissionBeyondOwn"
        case .crossOrigin: "crossOrigin"
        }
    }
}

extension ProblemDetails {
    static func weakPassword(_ problem: PasswordRules.Problem, _ language: Language) -> ProblemDetails {
        let (id, en): (String, String) =
            switch problem {
            case .tooShort(let minimum):
                ("Kata sandi minimal \(minimum) karakter.", "The password needs at least \(minimum) characters.")
            case .tooLong(let bytes):
                ("Kata sandi paling panjang \(bytes) byte.", "The password may be at most \(bytes) bytes.")
            case .containsUsername:
                ("Kata sandi tidak boleh memuat nama pengguna.", "The password must not contain the username.")
            case .controlCharacter:
                ("Kata sandi tidak boleh memuat karakter kendali.", "The password must not contain control characters.")
            }
        return ProblemDetails(
            "validation-failed", status: .unprocessableContent,
            title: language.pick("Kata sandi terlalu lemah", "Password too weak"), detail: language.pick(id, en),
            errors: [.init(field: "password", code: "weakPassword", message: language.pick(id, en))])
    }
}

extension ProblemDetails {
    static func handoverRefused(_ refusal: Handover.Refusal, _ language: Language) -> ProblemDetails {
        switch refusal {
        case .alreadyAcknowledged(let actor):
            ProblemDetails(
                "handover-acknowledged", status: .conflict,
                title: language.pick("Serah terima sudah diterima", "Handover already acknowledged"),
                detail: language.pick(
                    "Serah terima ini sudah diterima oleh \(actor).",
                    "This handover was already acknowledged by \(actor)."))
        case .ownHandover:
            ProblemDetails(
                "own-handover", status: .forbidden,
                title: language.pick("Tidak bisa menerima sendiri", "Cannot receive your own handover"),
                detail: language.pick(
                    "Serah terima diterima oleh kepala regu shift berikutnya, bukan oleh penulisnya.",
                    "A handover is acknowledged by the incoming supervisor, not by the one who wrote it."),
                extensions: ["reason": "ownHandover"])
        }
    }
}

extension Role {
    /// The role's name on the Indonesian console.
    var indonesianName: String {
        switch self {
        case .callTaker: "Operator 112"
        case .supervisor: "Kepala Regu"
        case .agencyOperator: "Operator OPD"
        case .fieldOfficer: "Petugas Lapangan"
        case .leader: "Pimpinan"
        case .admin: "Admin"
        case .integration: "Integrasi"
        }
    }

    var englishName: String {
        switch self {
        case .callTaker: "call taker"
        case .supervisor: "supervisor"
        case .agencyOperator: "agency operator"
        case .fieldOfficer: "field officer"
        case .leader: "leader"
        case .admin: "admin"
        case .integration: "integration"
        }
    }
}
