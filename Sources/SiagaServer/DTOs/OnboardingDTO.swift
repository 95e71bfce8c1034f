import SiagaCore

/// `POST /regions`: a new region with its configuration files.
struct OnboardRegionRequest: Decodable, Sendable {
    var code: String
    var agenciesCsv: String
    var postsCsv: String?
    var unitsCsv: String?
    var matrixCsv: String?
    var matrixReason: String?
    var matrixRegulation: String?

    func validated() throws(ValidationError) -> (RegionCode, RegionFiles) {
        guard let region = RegionCode(code), region.level == .kabupaten else {
            throw ValidationError([FieldError("code", .invalidFormat)])
        }
        let reason = matrixReason?.trimmingWhitespace
        let regulation = matrixRegulation?.trimmingWhitespace
        try ValidationError.check(
            (reason.map { TextRules.problems($0, field: "matrixReason", max: 500) } ?? [])
                + (regulation.map { TextRules.problems($0, field: "matrixRegulation", max: 300) } ?? []))
        return (
            region,
            RegionFiles(
                agenciesCSV: agenciesCsv, postsCSV: postsCsv, unitsCSV: unitsCsv, matrixCSV: matrixCsv,
                matrixReason: reason, matrixRegulation: regulation)
        )
    }
}

/// What onboarding created.
struct OnboardedRegionDTO: Encodable, Sendable {
    var region: RegionDTO
    var agencies: Int
    var posts: Int
    var units: Int
    var kecamatan: Int
    var desa: Int
    var matrixVersion: Int?

    init(_ onboarded: OnboardedRegion) {
        region = RegionDTO(onboarded.region)
        agencies = onboarded.agencies
        posts = onboarded.posts
        units = onboarded.units
        kecamatan = onboarded.kecamatan
        desa = onboarded.desa
        matrixVersion = onboarded.matrixVersion
    }
}
