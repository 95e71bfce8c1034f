import HTTPTypes
import SiagaCore

/// Words for the lifecycles' refusals, in both languages.
enum TransitionWording {
    /// The case name, e.g. `incidentActionNotAllowed`: stable, for programs.
    static func code(_ error: TransitionError) -> String {
        String(String(describing: error).prefix { $0 != "(" })
    }

    /// 409 when the request is sound and only the current state refuses it (the call already ended, the dispatch
    /// already acknowledged, another request still open): the same request was right a moment ago, or will be, and
    /// the client reloads to see what changed. 404 for a transfer the incident does not have (it is in the path).
    /// 422 when the request itself names or asks for what can never be done, whatever the state.
    static func status(_ error: TransitionError) -> HTTPResponse.Status {
        switch error {
        case .incidentActionNotAllowed, .classificationRequired, .alreadyDispatched, .callAlreadyLinked, .unchanged,
            .noDispatch, .dispatchActionNotAllowed, .activeDispatches, .unitBusy, .unitOutOfService,
            .unitNotOnDispatch, .awaitingVerification, .notAwaitingVerification, .transferPending, .transferNotOpen,
            .receivedTransferNotPending, .callActionNotAllowed, .abandonedAfterAnswer, .callLinkedToIncident,
            .dispositionUnchanged, .noOpenCallback:
            .conflict
        case .unknownTransfer:
            .notFound
        case .unknownCategory, .unknownSubcategory, .unknownAgency, .deviationReasonRequired, .noAgencyChosen,
            .unknownUnit, .unitOfAnotherAgency, .transferToOwnRegion, .incidentRequiredForEmergency,
            .incidentNotAllowed:
            .unprocessableContent
        }
    }

    /// Every refusal has its own words: the switch has no `default`, so a new one does not compile without them.
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
        case .noDispatch(let agency):
            language.pick(
                "Kejadian ini tidak diteruskan ke '\(agency)'.", "This incident was not forwarded to '\(agency)'.")
        case .dispatchActionNotAllowed(let action, let agency, let status, let allowed):
            language.pick(
                "Penugasan '\(agency)' berstatus \(word(status, .id)); tidak dapat \(word(action, .id)). "
                    + "Langkah yang boleh: \(allowed.map { word($0, .id) }.joined(separator: ", ")).",
                "The dispatch to '\(agency)' is \(word(status, .en)); cannot \(word(action, .en)). "
                    + "Allowed: \(allowed.map { word($0, .en) }.joined(separator: ", ")).")
        case .activeDispatches(let agencies):
            language.pick(
                "Instansi masih menangani: \(agencies.map(\.rawValue).joined(separator: ", ")). Selesaikan atau batalkan penugasannya dulu.",
                "Agencies are still working: \(agencies.map(\.rawValue).joined(separator: ", ")). Complete or cancel their dispatches first."
            )
        case .deviationReasonRequired:
            language.pick(
                "Instansi yang dipilih berbeda dari usulan matriks; tuliskan alasannya.",
                "The agencies chosen differ from the matrix's proposal; give the reason.")
        case .noAgencyChosen:
            language.pick("Pilih minimal satu instansi.", "Choose at least one agency.")
        case .unknownUnit(let unit):
            language.pick("Unit '\(unit)' tidak terdaftar.", "Unit '\(unit)' is not registered.")
        case .callLinkedToIncident(let incident):
            language.pick(
                "Panggilan ini tercatat pada kejadian \(incident); batalkan kejadiannya bila laporan itu keliru.",
                "This call is on incident \(incident)'s timeline; cancel the incident if the report was wrong.")
        case .unitOfAnotherAgency(let unit, let agency):
            language.pick(
                "Unit '\(unit)' milik instansi \(agency), bukan instansi ini.",
                "Unit '\(unit)' belongs to \(agency), not to this agency.")
        case .unitBusy(let unit, let status):
            language.pick(
                "Unit '\(unit)' sedang bertugas pada kejadian lain (\(word(status, .id))); pilih unit lain yang siaga.",
                "Unit '\(unit)' is on another task (\(word(status, .en))); choose another available unit.")
        case .unitOutOfService(let unit):
            language.pick(
                "Unit '\(unit)' sedang tidak beroperasi; pilih unit lain yang siaga.",
                "Unit '\(unit)' is out of service; choose another available unit.")
        case .unitNotOnDispatch(let unit):
            language.pick(
                "Unit '\(unit)' tidak ditugaskan pada penugasan ini.",
                "Unit '\(unit)' was not assigned to this dispatch.")
        case .awaitingVerification:
            language.pick(
                "Kejadian ini dibuka oleh sistem (mis. gempa dari BMKG) dan belum diverifikasi: pastikan dampaknya "
                    + "(hubungi kecamatan, desa atau posko), lalu verifikasi sebelum meneruskan.",
                "A system opened this incident (e.g. a BMKG quake) and nobody has verified it: check its impact "
                    + "(call the kecamatan, village or post), then verify it before forwarding.")
        case .notAwaitingVerification:
            language.pick(
                "Kejadian ini tidak menunggu verifikasi.", "This incident is not awaiting verification.")
        case .transferToOwnRegion:
            language.pick(
                "Kejadian tidak dapat dialihkan ke wilayahnya sendiri; pilih 112 wilayah tetangga.",
                "An incident cannot be transferred to its own region; choose a neighbouring region's 112.")
        case .transferPending(_, let peer):
            language.pick(
                "Kejadian ini masih menunggu jawaban \(peer); tarik permintaan itu dulu sebelum meminta ke yang lain.",
                "This incident still awaits \(peer)'s answer; withdraw that request before asking another center.")
        case .unknownTransfer(let id):
            language.pick(
                "Tidak ada permintaan alih '\(id)' pada kejadian ini.", "This incident has no transfer request '\(id)'."
            )
        case .transferNotOpen(let id, let state):
            language.pick(
                "Permintaan alih '\(id)' sudah \(word(state, .id)).",
                "Transfer request '\(id)' was already \(word(state, .en)).")
        case .receivedTransferNotPending(let id, let state):
            language.pick(
                "Permintaan alih '\(id)' sudah \(word(state, .id)).",
                "Transfer request '\(id)' was already \(word(state, .en)).")
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
        case .forward: language.pick("meneruskan", "forward")
        case .updateDispatch: language.pick("memperbarui penugasan pada", "update a dispatch of")
        case .addAttachment: language.pick("melampirkan foto pada", "attach a photo to")
        case .verify: language.pick("memverifikasi", "verify")
        case .transfer: language.pick("mengalihkan ke 112 tetangga", "transfer to a neighbouring 112")
        case .transferOutcome: language.pick("mencatat jawaban alih untuk", "record a transfer's outcome for")
        }
    }

    static func word(_ state: IncidentTransfer.State, _ language: Language) -> String {
        switch state {
        case .requested: language.pick("dikirim", "sent")
        case .unanswered: language.pick("tidak dijawab", "unanswered")
        case .accepted: language.pick("diterima", "accepted")
        case .declined: language.pick("ditolak", "declined")
        case .withdrawn: language.pick("ditarik", "withdrawn")
        }
    }

    static func word(_ state: ReceivedTransfer.State, _ language: Language) -> String {
        switch state {
        case .pending: language.pick("menunggu", "pending")
        case .accepted: language.pick("diterima", "accepted")
        case .declined: language.pick("ditolak", "declined")
        case .withdrawn: language.pick("ditarik pengirimnya", "withdrawn by its sender")
        }
    }

    static func word(_ action: DispatchAction, _ language: Language) -> String {
        switch action {
        case .acknowledge: language.pick("menerima", "acknowledge")
        case .assignUnit: language.pick("menugaskan unit", "assign a unit")
        case .markEnRoute: language.pick("berangkat", "go en route")
        case .markOnScene: language.pick("tiba di lokasi", "arrive on scene")
        case .complete: language.pick("menyelesaikan", "complete")
        case .decline: language.pick("menolak", "decline")
        case .reroute: language.pick("mengalihkan ke instansi lain", "re-route")
        case .cancel: language.pick("membatalkan", "cancel")
        }
    }

    static func word(_ status: DispatchStatus, _ language: Language) -> String {
        StatusWords.word(status, language, StatusWords.label)
    }

    static func word(_ status: UnitStatus, _ language: Language) -> String {
        StatusWords.word(status, language, StatusWords.label)
    }

    static func word(_ status: IncidentStatus, _ language: Language) -> String {
        StatusWords.word(status, language, StatusWords.label)
    }

    static func word(_ action: CallAction, _ language: Language) -> String {
        switch action {
        case .answer: language.pick("menjawab", "answer")
        case .dispose: language.pick("mencatat disposisi", "record a disposition for")
        case .end: language.pick("mengakhiri", "end")
        case .attemptCallback: language.pick("mencatat panggilan balik untuk", "record a call back for")
        case .locate: language.pick("mencatat lokasi", "record the location of")
        case .alarm: language.pick("mencatat alarm untuk", "record an alarm for")
        }
    }

    static func word(_ status: CallStatus, _ language: Language) -> String {
        StatusWords.word(status, language, StatusWords.label)
    }
}
