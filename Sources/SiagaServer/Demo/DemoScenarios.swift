import SiagaCore

/// The emergencies the demo day contains: what callers report and how it ends. The agencies come from the
/// region's responsibility matrix.
struct DemoScenario {
    var category: String
    var subcategory: String
    var description: String
    var resolution: String

    static let all: [DemoScenario] = [
        DemoScenario(
            category: "kebakaran", subcategory: "rumah",
            description:
                "Kebakaran rumah warga, api terlihat dari atap. Penghuni sudah keluar, satu lansia sesak napas.",
            resolution: "Api padam 45 menit setelah laporan; lansia dirujuk ke RSUD."),
        DemoScenario(
            category: "kecelakaan", subcategory: "lalu-lintas",
            description: "Tabrakan sepeda motor dengan truk di jalan raya, satu korban tidak sadarkan diri.",
            resolution: "Korban dibawa PSC 119 ke IGD; olah TKP oleh Satlantas."),
        DemoScenario(
            category: "hewan-berbahaya", subcategory: "sarang-tawon",
            description: "Sarang tawon vespa sebesar bola di pohon mangga depan rumah, anak-anak sering lewat.",
            resolution: "Sarang tawon dievakuasi tim Damkar."),
        DemoScenario(
            category: "bencana-alam", subcategory: "pohon-tumbang",
            description: "Pohon tumbang menutup separuh jalan setelah hujan deras, lalu lintas tersendat.",
            resolution: "Pohon dipotong dan jalan dibuka kembali."),
        DemoScenario(
            category: "medis", subcategory: "persalinan",
            description: "Ibu hamil pecah ketuban di rumah, keluarga tidak punya kendaraan.",
            resolution: "Ibu diantar ambulans ke RSUD, persalinan normal."),
        DemoScenario(
            category: "bencana-alam", subcategory: "banjir",
            description: "Air masuk rumah setinggi lutut, ada dua lansia yang perlu dievakuasi.",
            resolution: "Warga dievakuasi ke balai desa; PMI mendirikan dapur umum."),
        DemoScenario(
            category: "utilitas", subcategory: "listrik",
            description: "Kabel listrik putus menjuntai ke jalan, masih ada percikan api.",
            resolution: "Jaringan diamankan PLN, aliran dipulihkan."),
        DemoScenario(
            category: "kriminal", subcategory: "pencurian",
            description: "Warga menangkap terduga pencuri motor, massa mulai berkumpul.",
            resolution: "Terduga diamankan ke Polsek sebelum diamuk massa."),
        DemoScenario(
            category: "sar", subcategory: "tenggelam",
            description: "Anak tenggelam saat mandi di sungai, belum ditemukan.",
            resolution: "Korban ditemukan tim SAR gabungan."),
        DemoScenario(
            category: "kerusuhan", subcategory: "tawuran",
            description: "Tawuran pelajar di dekat sekolah, beberapa membawa senjata tajam.",
            resolution: "Pelajar dibubarkan, tiga orang diamankan."),
    ]
}

/// What a demo call turns out to be, with weights close to published 112 traffic: mostly pranks and silent
/// calls, a few percent real emergencies.
enum DemoCallKind {
    case nonEmergency(CallDisposition)
    case abandoned
    case emergency
    case duplicate

    static let weights: [(DemoCallKind, Double)] = [
        (.nonEmergency(.prank), 33), (.nonEmergency(.silent), 27), (.nonEmergency(.information), 12),
        (.nonEmergency(.wrongNumber), 6), (.nonEmergency(.test), 2), (.abandoned, 10), (.emergency, 6),
        (.duplicate, 4),
    ]
}
