import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the console: its own pages and modules under `/console/` (shipped with the server), Leaflet and
/// Chart.js under `/vendor/` from the settings' directory, `/console/config.json` for what a page needs to know
/// about the deployment, and `/` sends a browser to the console.
struct ConsoleAssets {
    let settings: ConsoleSettings

    /// The console's files inside the server's resources.
    static var directory: String? {
        Bundle.module.url(forResource: "console", withExtension: nil, subdirectory: "Resources")?.path
    }

    func addMiddleware(to router: Router<SiagaRequestContext>) {
        router.add(middleware: ConsoleHeadersMiddleware(tileOrigin: settings.tileOrigin))
        if let directory = Self.directory {
            router.add(
                middleware: OnlyUnder(
                    "/console/",
                    FileMiddleware(
                        directory, urlBasePath: "/console",
                        cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true)))
        }
        for library in ["leaflet", "chart.js"] {
            let path = (settings.vendorDirectory as NSString).appendingPathComponent(library)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            router.add(
                middleware: OnlyUnder(
                    "/vendor/\(library)/",
                    FileMiddleware(
                        path, urlBasePath: "/vendor/\(library)",
                        cacheControl: .init([(MediaType(type: .any), [.maxAge(86400)])]))))
        }
    }

    func addRoutes(to router: Router<SiagaRequestContext>) {
        router.get("/") { _, _ in
            Response(status: .found, headers: [.location: "/console/"])
        }
        router.get("/console/config.json") { _, _ in
            let config: [String: String] = ["tileUrl": settings.tileURL, "tileAttribution": settings.tileAttribution]
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(config))))
        }
    }
}

/// Security headers for the console's pages: only its own scripts and styles, the live feed on this host, tiles
/// from the configured tile server, no framing.
struct ConsoleHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let tileOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        guard request.uri.path == "/" || request.uri.path.hasPrefix("/console") else { return response }
        let images = ["'self'", "data:", "blob:", tileOrigin].compactMap { $0 }.joined(separator: " ")
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src \(images); connect-src 'self'; style-src 'self'; script-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return response
    }
}

/// Runs `middleware` only for paths under `prefix`; the API never goes through the file server.
struct OnlyUnder<Middleware: RouterMiddleware>: RouterMiddleware {
    let prefix: String
    let middleware: Middleware

    init(_ prefix: String, _ middleware: Middleware) {
        self.prefix = prefix
        self.middleware = middleware
    }

    func handle(
        _ request: Request, context: Middleware.Context,
        next: (Request, Middleware.Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix(prefix) else { return try await next(request, context) }
        return try await middleware.handle(request, context: context, next: next)
    }
}
