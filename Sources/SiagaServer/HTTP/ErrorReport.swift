/// Errors worded for a person at a terminal, the same words the API uses in its problem documents.
public enum ErrorReport {
    /// The title, detail and each field problem of `error`, in `language` (the command line passes the one its run
    /// speaks, `CommandLineLanguage.current`).
    public static func lines(for error: any Error, language: Language) -> [String] {
        guard let problem = ProblemDetails.from(error, language) else { return ["\(error)"] }
        return ["\(problem.title): \(problem.detail)"] + problem.errors.map { "  \($0.field): \($0.message)" }
    }
}
