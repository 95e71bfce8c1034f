import SiagaCore

/// Words for rejected CSV rows.
enum CSVWording {
    static func problem(_ error: CSVRowError, file: String?, _ language: Language) -> ProblemDetails.FieldProblem {
        let (code, id, en) = text(error.reason)
        return ProblemDetails.FieldProblem(
            field: "\(file ?? "csv"):\(error.row)", code: code,
            message: language.pick(
                "Baris \(error.row)\(file.map { " di \($0)" } ?? ""): \(id)",
                "Row \(error.row)\(file.map { " of \($0)" } ?? ""): \(en)"))
    }

    private static func text(_ reason: CSVRowError.Reason) -> (String, String, String) {
        switch reason {
        case .unreadable:
            ("unreadable", "tanda kutip tidak ditutup.", "a quoted field is never closed.")
        case .missingHeader(let expected):
            (
                "missingHeader", "judul kolom harus: \(expected.joined(separator: ",")).",
                "the header must be: \(expected.joined(separator: ","))."
            )
        case .wrongColumnCount(let expected, let found):
            (
                "wrongColumnCount", "ada \(found) kolom, seharusnya \(expected).",
                "has \(found) columns, expected \(expected)."
            )
        case .unknownCategory(let code):
            ("unknownCategory", "kategori '\(code)' tidak dikenal.", "unknown category '\(code)'.")
        case .unknownSubcategory(let code):
            ("unknownSubcategory", "subkategori '\(code)' tidak dikenal.", "unknown subcategory '\(code)'.")
        case .invalidKecamatan(let code):
            (
                "invalidKecamatan", "'\(code)' bukan kecamatan di wilayah ini.",
                "'\(code)' is not a kecamatan of this region."
            )
        case .emptyPrimary:
            ("emptyPrimary", "instansi utama kosong.", "the primary agency is empty.")
        case .unknownAgency(let code):
            (
                "unknownAgency", "instansi '\(code)' tidak terdaftar di wilayah ini.",
                "agency '\(code)' is not registered in this region."
            )
        case .duplicateRow(let first):
            ("duplicateRow", "sama dengan baris \(first).", "repeats row \(first).")
        case .invalidCode(let code):
            (
                "invalidCode", "kode '\(code)' hanya boleh huruf kecil, angka dan tanda minus.",
                "code '\(code)' may only have lower-case letters, digits and dashes."
            )
        case .emptyName:
            ("emptyName", "nama kosong.", "the name is empty.")
        case .unknownValue(let column, let value, let allowed):
            (
                "unknownValue", "\(column) '\(value)' tidak dikenal; pilihan: \(allowed.joined(separator: ", ")).",
                "unknown \(column) '\(value)'; allowed: \(allowed.joined(separator: ", "))."
            )
        case .invalidLadder(let rung):
            (
                "invalidLadder",
                "tangga pemberitahuan '\(rung)' tidak terbaca: tiap anak tangga kanal[+detik]:penerima[:nama], dipisah |.",
                "notice ladder '\(rung)' cannot be read: each rung channel[+seconds]:recipient[:label], joined by |."
            )
        }
    }
}
