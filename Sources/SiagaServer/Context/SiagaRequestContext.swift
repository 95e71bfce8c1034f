import HTTPTypes
public import Hummingbird
import Logging
import SiagaCore

/// Per-request state for every route.
public struct SiagaRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Bodies are read by ``RequestBody`` with its own limit; this bounds anything else that decodes.
    public var maxUploadSize: Int { RequestLimits.maxBodyBytes }
}

extension Request {
    /// The language for human-readable text in the response.
    var language: Language { Language(headers) }

    /// Who is acting. Until sign-in lands, the petugas id comes from the `X-Siaga-Petugas` header (a trusted
    /// network only); requests without it act as `petugas:anonim`.
    var actor: Actor {
        let id = headers[.siagaPetugas]?.trimmingWhitespace ?? ""
        let valid = !id.isEmpty && id.count <= 64 && id.allSatisfy { $0.isLetter || $0.isNumber || "-_.@".contains($0) }
        return .petugas(PetugasID(valid ? id : "anonim"))
    }
}

extension HTTPField.Name {
    static let siagaPetugas = HTTPField.Name("X-Siaga-Petugas")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
