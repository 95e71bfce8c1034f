/// The Kemendagri list of administrative areas: names by code, and the areas inside a region.
///
/// Pure data: the caller reads the reference file and hands its rows in.
public struct Wilayah: Sendable {
    public struct Entry: Hashable, Sendable {
        public var code: RegionCode
        public var name: String

        public init(code: RegionCode, name: String) {
            self.code = code
            self.name = name
        }
    }

    private let names: [RegionCode: String]
    private let sorted: [Entry]

    /// Builds the index from `code,name` rows; rows whose code is not a Kemendagri code are skipped.
    public init(rows: [(String, String)]) {
        let entries = rows.compactMap { code, name in RegionCode(code).map { Entry(code: $0, name: name) } }
        names = Dictionary(entries.map { ($0.code, $0.name) }) { first, _ in first }
        sorted = entries.sorted { $0.code < $1.code }
    }

    public func name(of code: RegionCode) -> String? { names[code] }

    /// Every entry, in code order.
    public var entries: [Entry] { sorted }

    /// Every area inside `region` (not the region itself), at `level` when given, in code order.
    public func areas(in region: RegionCode, level: RegionCode.Level? = nil) -> [Entry] {
        sorted.filter { $0.code != region && region.contains($0.code) && (level == nil || $0.code.level == level) }
    }

    /// The region for a regency or city code, named as people say it (`KAB. SIDOARJO` → `Kabupaten Sidoarjo`).
    public func region(_ code: RegionCode) -> Region? {
        guard code.level == .kabupaten, let name = names[code] else { return nil }
        return Region(code: code, name: Self.displayName(name))
    }

    /// `KAB. TIMOR TENGAH SELATAN` → `Kabupaten Timor Tengah Selatan`; `KOTA CILEGON` → `Kota Cilegon`.
    public static func displayName(_ name: String) -> String {
        var words = name.split(separator: " ").map(String.init)
        if let first = words.first, first == "KAB." || first == "KAB" { words[0] = "Kabupaten" }
        return words.map { $0 == "Kabupaten" ? $0 : $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
    }
}
