public import HTTPTypes
import SiagaCore

/// The language of human-readable text in responses: Bahasa Indonesia unless the client asks for English.
public enum Language: String, Sendable, CaseIterable {
    case id
    case en

    /// Picks from an `Accept-Language` header by order of preference; Indonesian when nothing matches.
    public init(acceptLanguage: String?) {
        let ranked = (acceptLanguage ?? "").split(separator: ",").map { part -> (String, Double) in
            let pieces = part.split(separator: ";").map { String($0).trimmingWhitespace }
            let tag = (pieces.first ?? "").lowercased()
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality)
        }.sorted { $0.1 > $1.1 }
        self =
            ranked.lazy.compactMap { tag, _ in
                Language.allCases.first { tag == $0.rawValue || tag.hasPrefix($0.rawValue + "-") }
            }.first ?? .id
    }

    public init(_ headers: HTTPFields) {
        self.init(acceptLanguage: headers[.acceptLanguage])
    }

    /// Chooses the text in this language.
    func pick(_ indonesian: String, _ english: String) -> String { self == .id ? indonesian : english }
}
