public import Foundation

/// Who a region's regulation makes responsible for what: rows of category (optionally subcategory and
/// kecamatan) → one primary agency and supporting agencies.
public struct ResponsibilityMatrix: Hashable, Codable, Sendable {
    public struct Row: Hashable, Codable, Sendable {
        public var category: String
        public var subcategory: String?
        /// Limits the row to one kecamatan, for agencies that cover only part of the region.
        public var kecamatan: RegionCode?
        public var primary: AgencyID
        public var supporting: [AgencyID]
        /// The article this row implements, e.g. `Perbup 71/2018 pasal 5`.
        public var regulation: String?

        public init(
            category: String, subcategory: String? = nil, kecamatan: RegionCode? = nil, primary: AgencyID,
            supporting: [AgencyID] = [], regulation: String? = nil
        ) {
            self.category = category
            self.subcategory = subcategory
            self.kecamatan = kecamatan
            self.primary = primary
            self.supporting = supporting
            self.regulation = regulation
        }

        /// Subcategory outranks kecamatan; both outrank a category-only row.
        var specificity: Int { (subcategory != nil ? 2 : 0) + (kecamatan != nil ? 1 : 0) }

        func matches(_ classification: Classification, kecamatan place: RegionCode?) -> Bool {
            category == classification.category
                && (subcategory == nil || subcategory == classification.subcategory)
                && (kecamatan == nil || kecamatan == place)
        }

        /// Rows with equal keys contradict each other.
        var key: String { [category, subcategory ?? "", kecamatan?.rawValue ?? ""].joined(separator: "|") }
    }

    public var rows: [Row]
    /// Agencies proposed when no row matches. Empty: nobody is proposed and the supervisor decides.
    public var fallback: [AgencyID]

    public init(rows: [Row], fallback: [AgencyID] = []) {
        self.rows = rows
        self.fallback = fallback
    }

    /// The agencies to propose for an incident classified as `classification` in `kecamatan`: the most specific
    /// matching row's, or the fallback.
    public func route(_ classification: Classification, kecamatan: RegionCode?, version: Int?) -> RoutingProposal {
        let best = rows.filter { $0.matches(classification, kecamatan: kecamatan) }.max {
            $0.specificity < $1.specificity
        }
        guard let best else {
            return RoutingProposal(primary: nil, supporting: fallback, matrixVersion: version, isFallback: true)
        }
        return RoutingProposal(primary: best.primary, supporting: best.supporting, matrixVersion: version)
    }

    /// Problems that keep the matrix from being used in a region with these categories and agencies, one per row
    /// at fault (`rows[3].primary`…).
    public func problems(categories: CategoryCatalog, agencies: Set<AgencyID>) -> [FieldError] {
        var errors: [FieldError] = []
        var keys: Set<String> = []
        for (index, row) in rows.enumerated() {
            let path = "rows[\(index)]"
            if let category = categories.category(row.category) {
                if let sub = row.subcategory, category.subcategory(sub) == nil {
                    errors.append(
                        FieldError("\(path).subcategory", .unknownValue(allowed: category.subcategories.map(\.code))))
                }
            } else {
                errors.append(FieldError("\(path).category", .unknownValue(allowed: categories.categories.map(\.code))))
            }
            if let kecamatan = row.kecamatan, kecamatan.level != .kecamatan {
                errors.append(FieldError("\(path).kecamatan", .invalidFormat))
            }
            if !agencies.contains(row.primary) {
                errors.append(FieldError("\(path).primary", .unknownValue(allowed: [])))
            }
            for agency in row.supporting where !agencies.contains(agency) {
                errors.append(FieldError("\(path).supporting", .unknownValue(allowed: [])))
            }
            if !keys.insert(row.key).inserted { errors.append(FieldError(path, .notAllowedHere)) }
        }
        for agency in fallback where !agencies.contains(agency) {
            errors.append(FieldError("fallback", .unknownValue(allowed: [])))
        }
        return errors
    }
}

/// One version of a region's matrix: every change makes a new one, with who, when, why and under which regulation.
public struct MatrixVersion: Hashable, Codable, Sendable {
    public var regionCode: RegionCode
    public var version: Int
    public var matrix: ResponsibilityMatrix
    public var author: Actor
    public var at: Date
    public var reason: String
    public var regulation: String?

    public init(
        regionCode: RegionCode, version: Int, matrix: ResponsibilityMatrix, author: Actor, at: Date, reason: String,
        regulation: String?
    ) {
        self.regionCode = regionCode
        self.version = version
        self.matrix = matrix
        self.author = author
        self.at = at
        self.reason = reason
        self.regulation = regulation
    }
}
