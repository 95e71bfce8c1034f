import Foundation
import Hummingbird

/// `GET /words`: the status words of ``StatusWords`` in both languages, for the console. Public: the words are no
/// secret, and the console loads them before anything it draws needs them.
struct WordsController {
    struct Words: Encodable, Sendable {
        var id: [String: String]
        var en: [String: String]
    }

    func addRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.get("words", use: words)
    }

    @Sendable func words(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        var response = try Response.json(Words(id: StatusWords.table(.id), en: StatusWords.table(.en)))
        response.headers[.cacheControl] = "public, max-age=300"
        return response
    }
}
