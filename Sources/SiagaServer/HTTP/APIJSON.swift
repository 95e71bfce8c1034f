import Foundation
import SiagaCore

/// The API's JSON: camelCase keys as declared, instants as ISO-8601 UTC with milliseconds
/// (`2026-11-23T03:00:00.000Z`), keys sorted so responses are stable.
enum APIJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatInstant(date))
        }
        return try encoder.encode(value)
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseInstant(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO-8601 instant such as 2026-11-23T03:00:00Z")
            }
            return date
        }
        return decoder
    }

    static func formatInstant(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// An RFC 3339 instant, whole (``RFC3339/date(_:)``).
    static func parseInstant(_ text: String) -> Date? { RFC3339.date(text) }
}
