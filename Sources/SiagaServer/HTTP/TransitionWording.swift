import SiagaCore

/// Words for the lifecycles' refusals, in both languages.
enum TransitionWording {
    static func code(_ error: TransitionError) -> String {
        switch error {
        case .incidentActionNotAllowed: "incidentActionNotAllowed"
        case .classificationRequired: "classificationRequired"
        case .unknownCategory: "unknownCategory"
        case .unknownSubcategory: "unknownSubcategory"
        case .unknownAgency: "unknownAgency"
        case .alreadyDispatched: "alreadyDispatched"
        case .callAlreadyLinked: "callAlreadyLinked"
        case .unchanged: "unchanged"
        case .callActionNotAllowed: "callActionNotAllowed"
        case .incidentRequiredForEmergency: "incidentRequiredForEmergency"
        case .incidentNotAllowed: "incidentNotAllowed"
        case .abandonedAfterAnswer: "abandonedAfterAnswer"
        case .dispositionUnchanged: "dispositionUnchanged"
        case .noOpenCallback: "noOpenCallback"
        }
    }

    static func detail(_ error: TransitionError, _ language: Language) -> String {
        switch error {
        case .incidentActionNotAllowed(let action, let status):
            language.pick(
                "Tidak dapat \(word(action, .id)) kejadian yang berstatus \(word(status, .id)).",
                "Cannot \(word(action, .en)) an incident that is \(word(status, .en)).")
        case .classificationRequired:
            language.pick(
                "Klasifikasikan kejadian sebelum meneruskannya ke instansi.",
                "Classify the incident before forwarding it to an agency.")
        case .unknownCategory(let code):
            language.pick("Kategori '\(code)' tidak dikenal.", "Unknown category '\(code)'.")
        case .unknownSubcategory(let category, let sub):
            language.pick(
                "Subkategori '\(sub)' tidak ada dalam kategori '\(category)'.",
                "Subcategory '\(sub)' is not in category '\(category)'.")
        case .unknownAgency(let id):
            language.pick(
                "Instansi '\(id)' tidak terdaftar atau tidak aktif di wilayah ini.",
                "Agency '\(id)' is not registered or not active in this region.")
        case .alreadyDispatched(let id):
            language.pick("Kejadian sudah diteruskan ke '\(id)'.", "The incident was already forwarded to '\(id)'.")
        case .callAlreadyLinked(let id):
            language.pick("Panggilan \(id) sudah tertaut.", "Call \(id) is already linked.")
        case .unchanged:
            language.pick("Tidak ada yang berubah.", "Nothing would change.")
        case .callActionNotAllowed(let action, let status):
            language.pick(
                "Tidak dapat \(word(action, .id)) panggilan yang \(word(status, .id)).",
                "Cannot \(word(action, .en)) a call that is \(word(status, .en)).")
        case .incidentRequiredForEmergency:
            language.pick(
                "Panggilan darurat harus ditautkan ke kejadian (incidentId).",
                "An emergency call must be linked to an incident (incidentId).")
        case .incidentNotAllowed(let disposition):
            language.pick(
                "Disposisi '\(disposition.rawValue)' tidak boleh ditautkan ke kejadian.",
                "A '\(disposition.rawValue)' call cannot be linked to an incident.")
        case .abandonedAfterAnswer:
            language.pick(
                "Panggilan yang sudah dijawab tidak dapat berdisposisi 'abandoned'.",
                "An answered call cannot be 'abandoned'.")
        case .dispositionUnchanged:
            language.pick("Disposisi ini sudah tercatat.", "This disposition is already recorded.")
        case .noOpenCallback:
            language.pick(
                "Panggilan ini tidak punya tugas panggil balik yang terbuka.", "This call has no open call-back task.")
        }
    }

    static func word(_ action: IncidentAction, _ language: Language) -> String {
        switch action {
        case .create: language.pick("membuat", "create")
        case .classify: language.pick("mengklasifikasi", "classify")
        case .locate: language.pick("mengubah lokasi", "locate")
        case .changePriority: language.pick("mengubah prioritas", "change the priority of")
        case .addNote: language.pick("menambah catatan pada", "add a note to")
        case .linkCall: language.pick("menautkan panggilan ke", "link a call to")
        case .dispatch: language.pick("meneruskan", "forward")
        case .resolve: language.pick("menyelesaikan", "resolve")
        case .close: language.pick("menutup", "close")
        case .reopen: language.pick("membuka kembali", "reopen")
        case .cancel: language.pick("membatalkan", "cancel")
        }
    }

    static func word(_ status: IncidentStatus, _ language: Language) -> String {
        switch status {
        case .logged: language.pick("tercatat", "logged")
        case .dispatched: language.pick("diteruskan", "dispatched")
        case .resolved: language.pick("selesai ditangani", "resolved")
        case .closed: language.pick("ditutup", "closed")
        case .cancelled: language.pick("dibatalkan", "cancelled")
        }
    }

    static func word(_ action: CallAction, _ language: Language) -> String {
        switch action {
        case .answer: language.pick("menjawab", "answer")
        case .dispose: language.pick("mencatat disposisi", "record a disposition for")
        case .end: language.pick("mengakhiri", "end")
        case .attemptCallback: language.pick("mencatat panggilan balik untuk", "record a call back for")
        }
    }

    static func word(_ status: CallStatus, _ language: Language) -> String {
        switch status {
        case .ringing: language.pick("masih berdering", "still ringing")
        case .active: language.pick("masih tersambung", "still connected")
        case .ended: language.pick("sudah berakhir", "ended")
        }
    }
}
