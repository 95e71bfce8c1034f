import HTTPTypes
import Hummingbird
import SiagaCore
import SiagaStore

/// The one place where errors become problem documents, worded in the user's language.
extension ProblemDetails {
    static func validation(_ error: ValidationError, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "validation-failed", status: .badRequest,
            title: language.pick("Data tidak valid", "Invalid data"),
            detail: language.pick(
                "Periksa isian yang ditandai lalu kirim ulang.", "Check the fields listed and send again."),
            errors: error.fieldErrors.map { FieldProblem($0, language) })
    }

    static func malformed(_ detail: String, field: String? = nil, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "malformed-request", status: .badRequest,
            title: language.pick("Permintaan tidak dapat dibaca", "Malformed request"), detail: detail,
            errors: field.map { [FieldProblem(field: $0, code: "invalidFormat", message: detail)] } ?? [])
    }

    static func notFound(_ what: String, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "not-found", status: .notFound, title: language.pick("Tidak ditemukan", "Not found"), detail: what)
    }

    static func transition(_ error: TransitionError, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "transition-not-allowed", status: TransitionWording.status(error),
            title: language.pick("Tindakan tidak diizinkan", "Action not allowed"),
            detail: TransitionWording.detail(error, language),
            extensions: transitionExtensions(error))
    }

    /// `reason` always; the allowed next steps when a dispatch step was refused.
    private static func transitionExtensions(_ error: TransitionError) -> [String: any Encodable & Sendable] {
        var extensions: [String: any Encodable & Sendable] = ["reason": TransitionWording.code(error)]
        if case .dispatchActionNotAllowed(_, _, let status, let allowed) = error {
            extensions["dispatchStatus"] = status.rawValue
            extensions["allowedActions"] = allowed.map(\.rawValue)
        }
        return extensions
    }

    static func store(_ error: StoreError, _ language: Language) -> ProblemDetails {
        switch error {
        case .regionNotFound(let code):
            return .notFound(
                language.pick("Wilayah \(code) tidak terdaftar.", "Region \(code) is not registered."), language)
        case .incidentNotFound(let id):
            return .notFound(language.pick("Kejadian \(id) tidak ditemukan.", "Incident \(id) not found."), language)
        case .callNotFound(let id):
            return .notFound(language.pick("Panggilan \(id) tidak ditemukan.", "Call \(id) not found."), language)
        case .versionConflict(_, let actual):
            return .conflict(version: actual, language)
        case .idempotencyKeyReused:
            return ProblemDetails(
                "idempotency-key-reused", status: .unprocessableContent,
                title: language.pick("Idempotency-Key sudah dipakai", "Idempotency-Key already used"),
                detail: language.pick(
                    "Kunci ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan baru.",
                    "This key was used for a different request. Use a new key for a new request."))
        case .corruptRow(let table, let id):
            return .internalError(language, reference: "\(table)/\(id)")
        case .databaseUnavailable:
            var problem = ProblemDetails(
                "database-unavailable", status: .serviceUnavailable,
                title: language.pick("Basis data tidak menjawab", "Database unavailable"),
                detail: language.pick(
                    "Basis data sedang tidak dapat dihubungi; perubahan tidak disimpan. Ulangi sebentar lagi (dengan Idempotency-Key yang sama).",
                    "The database cannot be reached right now; no change was saved. Try again shortly (with the same Idempotency-Key)."
                ))
            problem.retryAfterSeconds = 5
            return problem
        case .storageFull:
            var problem = ProblemDetails(
                "storage-full", status: .serviceUnavailable,
                title: language.pick("Penyimpanan server penuh", "Server storage full"),
                detail: language.pick(
                    "Disk server penuh; perubahan tidak disimpan. Catat laporan di tempat lain, beri tahu tim TI, lalu ulangi (dengan Idempotency-Key yang sama).",
                    "The server's disk is full; no change was saved. Note the report elsewhere, tell the IT team, then try again (with the same Idempotency-Key)."
                ))
            problem.retryAfterSeconds = 30
            return problem
        }
    }

    /// 400 naming every CSV row at fault, as a spreadsheet numbers them.
    static func csvRejected(_ rejection: CSVRejection, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "csv-rejected", status: .badRequest,
            title: language.pick("Berkas CSV ditolak", "CSV file rejected"),
            detail: language.pick(
                "\(rejection.errors.count) baris bermasalah; tidak ada yang disimpan.",
                "\(rejection.errors.count) rows have problems; nothing was saved."),
            errors: rejection.errors.map { CSVWording.problem($0, file: rejection.file, language) })
    }

    /// The one 409 for a stale `version`: someone else wrote first. With the current representation when the
    /// caller has it, so the client can show what changed without another request.
    static func conflict(version: Int, current: (any Encodable & Sendable)? = nil, _ language: Language)
        -> ProblemDetails
    {
        var extensions: [String: any Encodable & Sendable] = ["currentVersion": version]
        if let current { extensions["current"] = current }
        return ProblemDetails(
            "version-conflict", status: .conflict,
            title: language.pick("Data sudah diubah orang lain", "Changed by someone else"),
            detail: language.pick(
                "Data sudah berubah ke versi \(version). Periksa perubahan lalu ulangi tindakan Anda.",
                "It has changed to version \(version). Check the changes and repeat your action."),
            extensions: extensions)
    }

    static func internalError(_ language: Language, reference: String) -> ProblemDetails {
        ProblemDetails(
            "internal-error", status: .internalServerError,
            title: language.pick("Kesalahan server", "Server error"),
            detail: language.pick(
                "Terjadi kesalahan di server; tidak ada data yang hilang. Rujukan: \(reference)",
                "Something went wrong on the server; no data was lost. Reference: \(reference)"))
    }

    static func http(_ error: HTTPError, _ language: Language) -> ProblemDetails {
        switch error.status {
        case .notFound:
            .notFound(language.pick("Alamat ini tidak ada di API.", "No such API address."), language)
        case .methodNotAllowed:
            ProblemDetails(
                "method-not-allowed", status: .methodNotAllowed,
                title: language.pick("Metode tidak didukung", "Method not allowed"),
                detail: language.pick(
                    "Alamat ini tidak menerima metode tersebut.", "This address does not accept that method."))
        case .contentTooLarge:
            .tooLarge(language)
        default:
            ProblemDetails(
                "http-\(error.status.code)", status: error.status, title: error.status.reasonPhrase,
                detail: error.body ?? error.status.reasonPhrase)
        }
    }

    /// 426: the live feed is a WebSocket.
    static func upgradeRequired(_ language: Language) -> ProblemDetails {
        ProblemDetails(
            "upgrade-required", status: .init(code: 426, reasonPhrase: "Upgrade Required"),
            title: language.pick("Perlu WebSocket", "Upgrade required"),
            detail: language.pick(
                "Umpan langsung hanya tersedia lewat WebSocket (Upgrade: websocket).",
                "The live feed is served over WebSocket only (Upgrade: websocket)."))
    }

    static func tooLarge(_ language: Language) -> ProblemDetails {
        ProblemDetails(
            "body-too-large", status: .contentTooLarge,
            title: language.pick("Isi permintaan terlalu besar", "Request body too large"),
            detail: language.pick(
                "Isi permintaan melebihi \(RequestLimits.maxBodyBytes / 1024) KiB.",
                "The request body exceeds \(RequestLimits.maxBodyBytes / 1024) KiB."))
    }
}

extension ProblemDetails.FieldProblem {
    init(_ error: FieldError, _ language: Language) {
        self.field = error.field
        switch error.reason {
        case .required:
            code = "required"
            message = language.pick("Wajib diisi.", "Required.")
        case .empty:
            code = "empty"
            message = language.pick("Tidak boleh kosong.", "Must not be empty.")
        case .tooLong(let max):
            code = "tooLong"
            message = language.pick("Paling banyak \(max) karakter.", "At most \(max) characters.")
        case .outOfRange:
            code = "outOfRange"
            message = language.pick("Di luar rentang yang diizinkan.", "Out of the allowed range.")
        case .invalidFormat:
            code = "invalidFormat"
            message = language.pick("Format tidak valid.", "Invalid format.")
        case .unknownValue(let allowed):
            code = "unknownValue"
            message =
                language.pick("Nilai tidak dikenal. Pilihan: ", "Unknown value. Allowed: ")
                + allowed.joined(separator: ", ")
        case .notAllowedHere:
            code = "notAllowedHere"
            message = language.pick("Tidak boleh diisi di sini.", "Not allowed here.")
        case .controlCharacter:
            code = "controlCharacter"
            message = language.pick(
                "Berisi karakter kontrol (mis. NUL); hapus lalu kirim ulang.",
                "Contains a control character (such as NUL); remove it and send again.")
        }
    }
}

/// Limits on what a request may carry.
enum RequestLimits {
    /// Large enough for any command with a full description; small enough that a flood of big bodies cannot
    /// exhaust memory.
    static let maxBodyBytes = 64 * 1024
    static let maxPageSize = 200
}
