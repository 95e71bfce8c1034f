extension CategoryCatalog {
    /// The categories of DESIGN.md with subcategories and default priorities that a region starts from.
    public static let defaults = CategoryCatalog([
        category(
            "kebakaran", "Kebakaran", "Fire", .p1,
            [
                ("rumah", "Kebakaran rumah/permukiman", "House or settlement fire", .p1),
                ("gedung", "Kebakaran gedung/pabrik", "Building or factory fire", .p1),
                ("kendaraan", "Kebakaran kendaraan", "Vehicle fire", .p1),
                ("lahan", "Kebakaran hutan dan lahan", "Forest or land fire", .p2),
            ]),
        category(
            "bencana-alam", "Bencana alam", "Natural disaster", .p1,
            [
                ("banjir", "Banjir", "Flood", .p2),
                ("tanah-longsor", "Tanah longsor", "Landslide", .p1),
                ("gempa-bumi", "Gempa bumi", "Earthquake", .p1),
                ("angin-kencang", "Angin kencang/puting beliung", "Windstorm", .p2),
                ("pohon-tumbang", "Pohon tumbang", "Fallen tree", .p3),
            ]),
        category(
            "kecelakaan", "Kecelakaan", "Accident", .p1,
            [
                ("lalu-lintas", "Kecelakaan lalu lintas", "Traffic accident", .p1),
                ("kerja", "Kecelakaan kerja", "Workplace accident", .p1),
                ("kereta-api", "Kecelakaan kereta api", "Railway accident", .p1),
            ]),
        category(
            "medis", "Medis/penyakit", "Medical", .p1,
            [
                ("gawat-darurat", "Gawat darurat medis", "Medical emergency", .p1),
                ("persalinan", "Persalinan", "Childbirth", .p1),
                ("odgj", "Orang dengan gangguan jiwa", "Mental health crisis", .p2),
                ("penyakit", "Sakit, perlu rujukan", "Illness needing transport", .p2),
            ]),
        category(
            "kriminal", "Kriminal dan keamanan", "Crime and security", .p2,
            [
                ("pencurian", "Pencurian", "Theft", .p2),
                ("penganiayaan", "Penganiayaan", "Assault", .p1),
                ("kdrt", "Kekerasan dalam rumah tangga", "Domestic violence", .p1),
                ("mencurigakan", "Orang/barang mencurigakan", "Suspicious person or object", .p3),
            ]),
        category(
            "kerusuhan", "Kerusuhan", "Riot", .p1,
            [
                ("tawuran", "Tawuran", "Street fight", .p1),
                ("unjuk-rasa", "Unjuk rasa tidak tertib", "Disorderly protest", .p2),
            ]),
        category(
            "hewan-berbahaya", "Hewan berbahaya/sarang tawon", "Dangerous animal or wasp nest", .p3,
            [
                ("sarang-tawon", "Sarang tawon", "Wasp nest", .p3),
                ("ular", "Ular", "Snake", .p2),
                ("hewan-buas", "Hewan buas/liar", "Wild animal", .p2),
            ]),
        category(
            "sar", "Pencarian dan pertolongan", "Search and rescue", .p1,
            [
                ("orang-hilang", "Orang hilang", "Missing person", .p2),
                ("tenggelam", "Tenggelam", "Drowning", .p1),
                ("terjebak", "Terjebak/terjepit", "Trapped person", .p1),
            ]),
        category(
            "utilitas", "Gangguan utilitas", "Utility failure", .p3,
            [
                ("listrik", "Gangguan listrik", "Power failure", .p3),
                ("air", "Gangguan air bersih", "Water supply failure", .p4),
                ("lampu-jalan", "Lampu jalan mati", "Street light out", .p4),
            ]),
        category("lainnya", "Lainnya", "Other", .p3, []),
    ])

    private static func category(
        _ code: String,
        _ nameID: String,
        _ nameEN: String,
        _ priority: Priority,
        _ subcategories: [(String, String, String, Priority)]
    ) -> Category {
        Category(
            code: code,
            name: LocalizedText(id: nameID, en: nameEN),
            defaultPriority: priority,
            subcategories: subcategories.map {
                Subcategory(code: $0.0, name: LocalizedText(id: $0.1, en: $0.2), defaultPriority: $0.3)
            }
        )
    }
}
