import Foundation
import SiagaServer

/// `siaga bench --compare BASE.json`: each figure of a run beside the same figure of an earlier one, with their
/// ratio and whether it moved the right way, so a change's effect reads from one table.
///
/// Figures are found by walking both JSON documents: every number, at a path such as
/// `incidentIntake[clients=64].p99Milliseconds` (an array's items are named by their `clients` or `consoles`).
/// Times, sizes and counts of errors are better lower; rates better higher; figures without a direction (a
/// count of requests) are shown without a verdict.
enum BenchComparison {
    struct Row: Equatable {
        var path: String
        var base: Double
        var now: Double
        /// `now / base`; nil when the base is zero.
        var ratio: Double? { base == 0 ? nil : now / base }

        /// True when lower is better, false when higher is, nil when it is neither.
        var lowerIsBetter: Bool? {
            let name = path.split(separator: ".").last.map(String.init)?.lowercased() ?? path.lowercased()
            if ["millisecond", "seconds", "megabytes", "errors", "disconnected", "bytes"].contains(where: name.contains)
            {
                return !name.contains("persecond")
            }
            if name.contains("persecond") || name.hasSuffix("rate") { return false }
            return nil
        }
    }

    /// Every figure both documents have, in path order.
    static func rows(base: Any, now: Any) -> [Row] {
        let before = figures(base, path: "")
        return figures(now, path: "").compactMap { path, value in
            before[path].map { Row(path: path, base: $0, now: value) }
        }.sorted { $0.path < $1.path }
    }

    /// Numeric leaves by path; booleans and strings are not figures.
    static func figures(_ value: Any, path: String) -> [String: Double] {
        switch value {
        case let number as NSNumber where String(cString: number.objCType) != "c":
            return [path: number.doubleValue]
        case let object as [String: Any]:
            // What names a measurement (its clients, consoles, the machine's cores) is not one of its figures.
            return object.filter { !["clients", "consoles", "cores"].contains($0.key) }.reduce(into: [:]) {
                result, entry in
                result.merge(figures(entry.value, path: path.isEmpty ? entry.key : "\(path).\(entry.key)")) { $1 }
            }
        case let array as [Any]:
            return array.enumerated().reduce(into: [:]) { result, entry in
                let object = entry.element as? [String: Any]
                let name =
                    ["clients", "consoles"].lazy.compactMap { key in
                        (object?[key] as? NSNumber).map { "\(key)=\($0)" }
                    }.first ?? "\(entry.offset)"
                result.merge(figures(entry.element, path: "\(path)[\(name)]")) { $1 }
            }
        default:
            return [:]
        }
    }

    /// The rows as a Markdown table in the run's language.
    static func table(_ rows: [Row], base: String) -> String {
        let heading = words(
            "| angka | dasar (\(base)) | sekarang | rasio | |", "| figure | base (\(base)) | now | ratio | |")
        let lines = rows.map { row -> String in
            let ratio = row.ratio.map { String(format: "%.2f", $0) } ?? "–"
            var verdict = ""
            if let lower = row.lowerIsBetter, let value = row.ratio, abs(value - 1) >= 0.05 {
                verdict = (value < 1) == lower ? words("lebih baik", "better") : words("lebih buruk", "worse")
            }
            return "| \(row.path) | \(format(row.base)) | \(format(row.now)) | \(ratio) | \(verdict) |"
        }
        return ([heading, "|---|---|---|---|---|"] + lines).joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int(value)) : String(format: "%.3f", value)
    }

    /// The document at `path`, or a refusal that names the file.
    static func load(_ path: String) throws -> Any {
        guard let data = FileManager.default.contents(atPath: path),
            let document = try? JSONSerialization.jsonObject(with: data)
        else {
            throw BenchComparisonError(
                message: words("\(path) bukan hasil bench JSON yang terbaca.", "\(path) is not a readable bench JSON."))
        }
        return document
    }
}

struct BenchComparisonError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
