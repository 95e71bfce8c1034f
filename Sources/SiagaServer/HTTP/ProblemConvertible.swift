import Hummingbird
import SiagaCore
import SiagaStore

/// An error a client is told about: each error type says, in one place, which problem document it is. An error
/// that conforms to nothing is not the client's fault: it is logged and answered 500 without internals.
protocol ProblemConvertible: Error {
    /// The problem for this error, worded in `language`; nil when it is not the client's to know after all.
    func problem(_ language: Language) -> ProblemDetails?
}

extension ProblemDetails: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { self }

    /// The problem document for any error a handler throws; nil for errors that are not the client's fault.
    static func from(_ error: any Error, _ language: Language) -> ProblemDetails? {
        (error as? any ProblemConvertible)?.problem(language)
    }
}

// The core's and the store's errors, worded by the server.

extension ValidationError: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .validation(self, language) }
}

extension TransitionError: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .transition(self, language) }
}

extension CSVRejection: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .csvRejected(self, language) }
}

extension Handover.Refusal: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .handoverRefused(self, language) }
}

extension StoreError: ProblemConvertible {
    /// A row the store cannot read back is the server's fault: 500, logged.
    func problem(_ language: Language) -> ProblemDetails? {
        if case .corruptRow = self { return nil }
        return .store(self, language)
    }
}

extension HTTPError: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .http(self, language) }
}
