public import Hummingbird
public import Logging
import ServiceLifecycle

/// The composition root: the CLI, the tests and the demo all build the server here.
public func buildApplication(
    _ configuration: ServerConfiguration,
    dependencies: Dependencies,
    logger: Logger? = nil
) throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "siaga")
    logger.logLevel = configuration.logLevel
    return Application(
        router: try buildRouter(dependencies),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "siaga112"),
        services: buildServices(dependencies, logger: logger),
        logger: logger)
}

/// The work that runs beside the HTTP server.
func buildServices(_ dependencies: Dependencies, logger: Logger) -> [any Service] {
    [AutoCloseService(closer: AutoCloser(dependencies: dependencies), interval: .seconds(60), logger: logger)]
}

/// Every route under `/api/v1`, behind the problem-details and request-log middleware.
public func buildRouter(_ dependencies: Dependencies) throws -> Router<SiagaRequestContext> {
    let router = Router(context: SiagaRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    let api = router.group("api/v1")
    IncidentController(
        service: IncidentService(dependencies: dependencies), store: dependencies.store, now: dependencies.now
    )
    .addRoutes(to: api)
    CallController(service: CallService(dependencies: dependencies), store: dependencies.store, now: dependencies.now)
        .addRoutes(to: api)
    MatrixController(service: MatrixService(dependencies: dependencies), store: dependencies.store).addRoutes(to: api)
    UnitController(dependencies: dependencies).addRoutes(to: api)
    AgencyController(dependencies: dependencies).addRoutes(to: api)
    AttachmentController(dependencies: dependencies).addRoutes(to: api)
    LocationController(store: dependencies.store).addRoutes(to: api)
    AMLController(dependencies: dependencies).addRoutes(to: api)
    ReferenceController(dependencies: dependencies).addRoutes(to: api)
    HealthController(store: dependencies.store).addRoutes(to: api)
    try OpenAPIController().addRoutes(to: api)
    return router
}
