import Foundation
import SiagaCore

/// The Kemendagri reference list shipped with the server (`Resources/reference`), read once on first use.
enum ReferenceData {
    private static let loaded: Result<Wilayah, any Error> = Result {
        guard
            let url = Bundle.module.url(
                forResource: "wilayah", withExtension: "csv", subdirectory: "Resources/reference")
        else { throw CocoaError(.fileNoSuchFile) }
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            line -> (String, String)? in
            guard let comma = line.firstIndex(of: ",") else { return nil }
            return (String(line[..<comma]), String(line[line.index(after: comma)...]).trimmingWhitespace)
        }
        return Wilayah(rows: rows)
    }

    static func wilayah() throws -> Wilayah { try loaded.get() }
}
