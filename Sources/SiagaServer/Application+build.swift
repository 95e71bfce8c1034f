import AsyncHTTPClient
public import Hummingbird
import HummingbirdWebSocket
public import Logging
import ServiceLifecycle
import SiagaStore

/// The composition root: the CLI, the tests and the demo all build the server here.
public func buildApplication(
    _ configuration: ServerConfiguration,
    dependencies: Dependencies,
    logger: Logger? = nil
) throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "siaga")
    logger.logLevel = configuration.logLevel
    let router = try buildRouter(dependencies)
    return Application(
        router: router,
        server: .siaga(webSocketRouter: router),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "siaga112"),
        services: buildServices(dependencies, configuration: configuration, logger: logger),
        logger: logger)
}

/// The work that runs beside the HTTP server.
func buildServices(_ dependencies: Dependencies, configuration: ServerConfiguration, logger: Logger)
    -> [any Service]
{
    let telephony: [any Service] =
        configuration.telephonySwitch.map { address in
            [
                SwitchLink(
                    host: address.host, port: address.port, telephony: TelephonyService(dependencies: dependencies),
                    store: dependencies.store, logger: logger)
            ]
        } ?? []
    let notices = NoticeService(
        store: dependencies.store, carriers: dependencies.notices.carriers, keyring: dependencies.notices.keyring,
        now: dependencies.now, publicURL: dependencies.notices.publicURL, logger: logger)
    let answers = NoticeAnswers(
        store: dependencies.store, incidents: IncidentService(dependencies: dependencies),
        keyring: dependencies.notices.keyring, now: dependencies.now, logger: logger)
    // The SMSC's bind, and its receipts, replies and AML messages taken in as they come.
    let sms: [any Service] =
        dependencies.notices.smpp.map { client in
            [
                client,
                SMSInbox(
                    feedback: client.feedback, answers: answers, aml: AMLService(dependencies: dependencies),
                    smsc: dependencies.notices.smsc, logger: logger),
            ]
        } ?? []
    // BMKG's quake and weather feeds, when switched on.
    let quakes: [any Service] =
        dependencies.quakeFeeds.feeds.isEmpty && dependencies.quakeFeeds.nowcast.isEmpty
        ? []
        : [
            RepeatingService(name: "BMKG quake feeds", interval: dependencies.quakeFeeds.interval, logger: logger) {
                try await QuakeFeedPoller(
                    dependencies: dependencies, client: .shared, settings: dependencies.quakeFeeds
                )
                .readAll()
            }
        ]
    // Messages to neighbouring deployments, when any is listed.
    let interop: [any Service] =
        dependencies.transfers.remotes.isEmpty
        ? []
        : [
            RepeatingService(name: "messages to neighbouring 112 centers", interval: .seconds(1), logger: logger) {
                try await InteropDelivery(dependencies: dependencies, client: .shared, logger: logger).sendDue()
            }
        ]
    // Other instances' commits wake the live feed first (PostgreSQL only).
    return [dependencies.store.commitRelay()].compactMap { $0 } + telephony + sms + quakes + interop + [
        dependencies.live,
        RepeatingService(name: "automatic closing", interval: .seconds(60), logger: logger) {
            try await AutoCloser(dependencies: dependencies).closeOverdue().count
        },
        RepeatingService(name: "response-time marks", interval: .seconds(1), logger: logger) {
            try await ResponseWatcher(dependencies: dependencies).recordDue().count
        },
        RepeatingService(name: "unanswered transfer requests", interval: .seconds(1), logger: logger) {
            try await TransferService(dependencies: dependencies).markOverdue()
        },
        RepeatingService(name: "agency notices", interval: .seconds(1), logger: logger) {
            try await notices.sendDue()
        },
        RepeatingService(name: "console presence", interval: ConsolePresenceBoard.interval, logger: logger) {
            try await ConsolePresenceBoard(dependencies: dependencies).report()
        },
        ReferenceWarmUpService(store: dependencies.store, logger: logger),
    ]
}

/// Every route under `/api/v1`, behind the problem-details, request-log and authentication middleware.
///
/// Public routes are listed here; every other route sits in the `AuthorizedContext` group, where a request
/// without valid credentials gets 401 and each route names the permission it needs.
public func buildRouter(_ dependencies: Dependencies) throws -> Router<SiagaRequestContext> {
    let router = Router(context: SiagaRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    let console = ConsoleAssets(settings: dependencies.console)
    console.addMiddleware(to: router)
    console.addRoutes(to: router)
    router.add(middleware: AuthenticationMiddleware(authenticator: Authenticator(dependencies: dependencies)))
    let api = router.group("api/v1")
    let (store, now) = (dependencies.store, dependencies.now)
    let sessions = SessionController(
        store: store, sessions: SessionService(dependencies: dependencies), auth: dependencies.auth, now: now)
    sessions.addPublicRoutes(to: api)
    HealthController(store: store).addRoutes(to: api)
    CAPController(dependencies: dependencies, audit: AuditTrail(store: store, now: now)).addPublicRoutes(to: api)
    WordsController().addRoutes(to: api)
    try OpenAPIController().addRoutes(to: api)
    let live = LiveFeedController(
        store: store, publisher: dependencies.live, presence: ConsolePresenceBoard(dependencies: dependencies),
        auth: dependencies.auth)
    live.addRoutes(to: router)
    let answers = NoticeAnswers(
        store: store, incidents: IncidentService(dependencies: dependencies), keyring: dependencies.notices.keyring,
        now: now, logger: Logger(label: "siaga.notices"))
    AcknowledgePage(store: store, answers: answers, keyring: dependencies.notices.keyring).addRoutes(to: router)
    NoticeWebhookController(channels: dependencies.notices, answers: answers, logger: Logger(label: "siaga.notices"))
        .addRoutes(to: api)

    let protected = api.group(context: AuthorizedContext.self)
    sessions.addRoutes(to: protected)
    addResourceRoutes(to: protected, dependencies)
    live.addRoutes(to: protected)
    MetricsController(openIncidents: OpenIncidentsGauge(dependencies: dependencies))
        .addRoutes(to: router.group(context: AuthorizedContext.self))
    return router
}

/// The resources' controllers, each given the services and readers it uses, built once.
private func addResourceRoutes(to protected: RouterGroup<AuthorizedContext>, _ dependencies: Dependencies) {
    let (store, now) = (dependencies.store, dependencies.now)
    let incidents = IncidentService(dependencies: dependencies)
    let regions = RegionService(dependencies: dependencies)
    let accounts = AccountService(dependencies: dependencies)
    let audit = AuditTrail(store: store, now: now)
    IncidentController(service: incidents, store: store, now: now).addRoutes(to: protected)
    CallController(service: CallService(dependencies: dependencies), store: store, now: now).addRoutes(to: protected)
    MatrixController(service: MatrixService(dependencies: dependencies), store: store).addRoutes(to: protected)
    ResponsePolicyController(service: ResponsePolicyService(dependencies: dependencies), store: store)
        .addRoutes(to: protected)
    UnitController(store: store, units: UnitService(dependencies: dependencies), incidents: incidents, now: now)
        .addRoutes(to: protected)
    AgencyController(
        store: store, agencies: AgencyService(dependencies: dependencies), regions: regions, audit: audit
    )
    .addRoutes(to: protected)
    AttachmentController(store: store, attachments: dependencies.attachments, incidents: incidents)
        .addRoutes(to: protected)
    LocationController(store: store, regions: regions, now: now).addRoutes(to: protected)
    AMLController(store: store, service: AMLService(dependencies: dependencies)).addRoutes(to: protected)
    WarningController(dependencies: dependencies, audit: audit).addRoutes(to: protected)
    CAPController(dependencies: dependencies, audit: audit).addRoutes(to: protected)
    EIDOController(dependencies: dependencies).addRoutes(to: protected)
    TransferController(dependencies: dependencies).addRoutes(to: protected)
    ReferenceController(store: store, regions: regions).addRoutes(to: protected)
    UserController(store: store, accounts: accounts, now: now).addRoutes(to: protected)
    TokenController(store: store, accounts: accounts).addRoutes(to: protected)
    AuditController(store: store, audit: audit).addRoutes(to: protected)
    ShiftController(store: store, shifts: ShiftService(dependencies: dependencies), now: now)
        .addRoutes(to: protected)
    MapController(store: store).addRoutes(to: protected)
    ReportController(reports: ReportService(dependencies: dependencies), audit: audit, now: now)
        .addRoutes(to: protected)
    TelephonyController(service: TelephonyService(dependencies: dependencies), store: store, now: now)
        .addRoutes(to: protected)
    FleetController(store: store, fleet: FleetService(dependencies: dependencies)).addRoutes(to: protected)
    NoticeController(
        store: store, ladders: NoticeLadderService(now: now), carriers: dependencies.notices.carriers, audit: audit
    )
    .addRoutes(to: protected)
}
