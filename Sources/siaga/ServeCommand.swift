import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SiagaServer
import SiagaStore

/// `siaga serve`: the API server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the API server.")

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8112

    @Flag(
        name: .long,
        help:
            "Seed the demo regions (Sidoarjo 35.15, Blitar 35.05) when the database is empty; with several instances, run siaga demo before any starts."
    )
    var demo = false

    @Flag(
        name: .long,
        help:
            "The server sits behind a reverse proxy: believe X-Forwarded-For (sign-in limits, audit) and X-Forwarded-Proto (Secure cookies)."
    )
    var behindProxy = false

    @Flag(name: .long, help: "Always mark the session cookie Secure (the server or its proxy serves HTTPS).")
    var secureCookies = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(
        name: .long,
        help: "The console's map tiles ({z}/{x}/{y} template); an empty value draws no base map, only boundaries.")
    var tileUrl: String = ConsoleSettings().tileURL

    @Option(name: .long, help: "Attribution shown with the map tiles.")
    var tileAttribution: String = ConsoleSettings().tileAttribution

    @Option(name: .long, help: "Where Leaflet and Chart.js are installed (Debian: libjs-leaflet, libjs-chart.js).")
    var javascriptDirectory: String = ConsoleSettings().vendorDirectory

    @Option(
        name: .customLong("switch"),
        help: "Take 112 calls from the telephone switch's event API at HOST:PORT (kamailio evapi, deploy/kamailio).",
        transform: { text in
            guard let address = SwitchAddress(text) else { throw ValidationError("--switch takes HOST:PORT") }
            return address
        })
    var telephonySwitch: SwitchAddress?

    @Option(
        name: .long,
        help: "A JSON file of the channels that reach agencies (WhatsApp, Telegram, SMS, e-mail): docs/notices.md.")
    var channels: String?

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        var logger = Logger(label: "siaga")
        logger.logLevel = level
        Observability.bootstrap()
        let store = try await databaseOptions.openStore(logger: logger)
        do {
            try await serve(store, level: level, logger: logger)
        } catch {
            try? await store.backend.shutdown()
            throw error
        }
        try await store.backend.shutdown()
    }

    private func serve(_ store: SQLStore, level: Logger.Level, logger: Logger) async throws {
        if demo, let summary = try await DemoSeeder.seedIfEmpty(store, now: Date()) {
            logger.info("seeded demo data", metadata: ["summary": "\(summary)"])
        }
        var dependencies = Dependencies(
            store: store,
            attachments: AttachmentStorage(
                directory: URL(fileURLWithPath: databaseOptions.attachmentDirectory, isDirectory: true)),
            auth: AuthSettings(alwaysSecureCookies: secureCookies, behindProxy: behindProxy),
            console: ConsoleSettings(
                vendorDirectory: javascriptDirectory, tileURL: tileUrl, tileAttribution: tileAttribution))
        if let channels {
            let configuration: NoticeConfiguration
            do {
                configuration = try NoticeConfiguration.load(from: channels)
            } catch {
                throw ValidationError("--channels \(channels): \(error)")
            }
            try dependencies.reachAgencies(through: configuration, logger: logger)
        }
        let app = try buildApplication(
            ServerConfiguration(host: host, port: port, logLevel: level, telephonySwitch: telephonySwitch),
            dependencies: dependencies, logger: logger)
        logger.info(
            "Siaga112 listening",
            metadata: ["console": "http://\(host):\(port)/", "database": "\(databaseOptions.location)"])
        try await app.runService()
    }
}
