public import Foundation

/// Errors worded for a person at a terminal, the same words the API uses in its problem documents.
public enum ErrorReport {
    /// The title, detail and each field problem of `error`, in the language of `LANG` (Indonesian unless English).
    public static func lines(for error: any Error, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        let language: Language = (environment["LANG"] ?? "").lowercased().hasPrefix("en") ? .en : .id
        guard let problem = ProblemDetails.from(error, language) else { return ["\(error)"] }
        return ["\(problem.title): \(problem.detail)"] + problem.errors.map { "  \($0.field): \($0.message)" }
    }
}
