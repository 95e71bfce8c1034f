import SiagaCore

/// Words for rejected CSV rows.
enum CSVWording {
    static func problem(_ error: MatrixCSV.RowError, _ language: Language) -> ProblemDetails.FieldProblem {
        let (code, id, en) = text(error.reason)
        return ProblemDetails.FieldProblem(
            field: "csv:\(error.row)", code: code,
            message: language.pick("Baris \(error.row): \(id)", "Row \(error.row): \(en)"))
    }

    private static func text(_ reason: MatrixCSV.RowError.Reason) -> (String, String, String) {
        switch reason {
        case .unreadable:
            ("unreadable", "tanda kutip tidak ditutup.", "a quoted field is never closed.")
        case .missingHeader:
            ("missingHeader", "judul kolom harus: \(MatrixCSV.header.joined(separator: ",")).",
                "the header must be: \(MatrixCSV.header.joined(separator: ",")).")
        case .wrongColumnCount(let expected, let found):
            ("wrongColumnCount", "ada \(found) kolom, seharusnya \(expected).", "has \(found) columns, expected \(expected).")
        case .unknownCategory(let code):
            ("unknownCategory", "kategori '\(code)' tidak dikenal.", "unknown category '\(code)'.")
        case .unknownSubcategory(let code):
            ("unknownSubcategory", "subkategori '\(code)' tidak dikenal.", "unknown subcategory '\(code)'.")
        case .invalidKecamatan(let code):
            ("invalidKecamatan", "'\(code)' bukan kecamatan di wilayah ini.", "'\(code)' is not a kecamatan of this region.")
        case .emptyPrimary:
            ("emptyPrimary", "instansi utama kosong.", "the primary agency is empty.")
        case .unknownAgency(let code):
            ("unknownAgency", "instansi '\(code)' tidak terdaftar di wilayah ini.", "agency '\(code)' is not registered in this region.")
        case .duplicateRow(let first):
            ("duplicateRow", "sama dengan baris \(first).", "repeats row \(first).")
        }
    }
}
