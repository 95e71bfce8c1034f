import Foundation
import SiagaCore

/// What changed, for an audit entry: each changed member as `before → after`, read from the JSON the API shows.
enum AuditDetail {
    static func changes(from before: some Encodable, to after: some Encodable) -> [String: String] {
        let old = flatten(before)
        let new = flatten(after)
        var detail: [String: String] = [:]
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] {
            detail[key] = "\(old[key] ?? "–") → \(new[key] ?? "–")"
        }
        return detail
    }

    private static func flatten(_ value: some Encodable) -> [String: String] {
        guard let data = try? APIJSON.encode(value),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return [:] }
        return object.mapValues { value in
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
            {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
    }
}
