import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into a problem document and tags every response with the request id.
/// Errors that are not the client's fault are logged in full and answered 500 without internals.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let requestID = context.id
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = requestID
            return response
        } catch {
            let language = request.language
            let problem: ProblemDetails
            if let mapped = ProblemDetails.from(error, language) {
                problem = mapped
            } else {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
                problem = .internalError(language, reference: requestID)
            }
            var response = try problem.response(from: request, context: context)
            response.headers[.requestID] = requestID
            return response
        }
    }
}
