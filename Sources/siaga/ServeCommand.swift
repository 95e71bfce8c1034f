import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SiagaServer
import SiagaStore

/// `siaga serve`: the API server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: words("Jalankan server API.", "Run the API server."))

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(name: .long, help: .words("Alamat tempat server menerima koneksi.", "Address to listen on."))
    var host: String = "127.0.0.1"

    @Option(name: .long, help: .words("Port tempat server menerima koneksi.", "Port to listen on."))
    var port: Int = 8112

    @Flag(
        name: .long,
        help: .words(
            "Isi wilayah demo (Sidoarjo 35.15, Blitar 35.05) bila basis data masih kosong; dengan beberapa instance, "
                + "jalankan siaga demo sebelum instance mana pun dimulai.",
            "Seed the demo regions (Sidoarjo 35.15, Blitar 35.05) when the database is empty; with several instances, "
                + "run siaga demo before any starts."))
    var demo = false

    @Flag(
        name: .long,
        help: .words(
            "Server berada di belakang reverse proxy: percayai X-Forwarded-For (batas percobaan masuk, audit) "
                + "dan X-Forwarded-Proto (cookie Secure).",
            "The server sits behind a reverse proxy: believe X-Forwarded-For (sign-in limits, audit) "
                + "and X-Forwarded-Proto (Secure cookies)."))
    var behindProxy = false

    @Flag(
        name: .long,
        help: .words(
            "Selalu tandai cookie sesi sebagai Secure (server atau proxy-nya melayani HTTPS).",
            "Always mark the session cookie Secure (the server or its proxy serves HTTPS)."))
    var secureCookies = false

    @Option(
        name: .long,
        help: .words(
            "Tingkat log: trace, debug, info, notice, warning, error, critical.",
            "Log level: trace, debug, info, notice, warning, error, critical."))
    var logLevel: String = "info"

    @Option(
        name: .long,
        help: .words(
            "Tile peta konsol (templat {z}/{x}/{y}); bila kosong, tanpa peta dasar, hanya batas wilayah.",
            "The console's map tiles ({z}/{x}/{y} template); an empty value draws no base map, only boundaries."))
    var tileUrl: String = ConsoleSettings().tileURL

    @Option(
        name: .long, help: .words("Atribusi yang tampil bersama tile peta.", "Attribution shown with the map tiles."))
    var tileAttribution: String = ConsoleSettings().tileAttribution

    @Option(
        name: .long,
        help: .words(
            "Lokasi Leaflet dan Chart.js terpasang (Debian: libjs-leaflet, libjs-chart.js).",
            "Where Leaflet and Chart.js are installed (Debian: libjs-leaflet, libjs-chart.js)."))
    var javascriptDirectory: String = ConsoleSettings().vendorDirectory

    @Option(
        name: .customLong("switch"),
        help: .words(
            "Terima panggilan 112 dari API event sentral telepon di HOST:PORT (kamailio evapi, deploy/kamailio).",
            "Take 112 calls from the telephone switch's event API at HOST:PORT (kamailio evapi, deploy/kamailio)."),
        transform: { text in
            guard let address = SwitchAddress(text) else {
                throw ValidationError(words("--switch harus berupa HOST:PORT", "--switch takes HOST:PORT"))
            }
            return address
        })
    var telephonySwitch: SwitchAddress?

    @Option(
        name: .long,
        help: .words(
            "Berkas JSON berisi kanal untuk menjangkau OPD (WhatsApp, Telegram, SMS, e-mail): docs/notices.md.",
            "A JSON file of the channels that reach agencies (WhatsApp, Telegram, SMS, e-mail): docs/notices.md."))
    var channels: String?

    @Flag(
        name: .long,
        help: .words(
            "Baca umpan gempa BMKG (data.bmkg.go.id dan InaTEWS) setiap menit: docs/warnings.md.",
            "Read BMKG's quake feeds (data.bmkg.go.id and InaTEWS) every minute: docs/warnings.md."))
    var bmkg = false

    @Option(
        name: .customLong("quake-feed"),
        help: .words(
            "Alamat umpan gempa (bentuk BMKG) yang dibaca sebagai ganti umpan BMKG; boleh diulang.",
            "A quake feed address (in BMKG's shape) read instead of BMKG's own; may be repeated."))
    var quakeFeeds: [String] = []

    @Option(
        name: .customLong("nowcast-feed"),
        help: .words(
            "Alamat RSS peringatan dini cuaca (bentuk nowcast BMKG, berisi berkas CAP) sebagai ganti milik BMKG; "
                + "boleh diulang.",
            "A weather nowcast RSS address (in BMKG's shape, listing CAP files) read instead of BMKG's own; "
                + "may be repeated."))
    var nowcastFeeds: [String] = []

    @Option(
        name: .customLong("quake-poll"),
        help: .words("Jeda antarpembacaan umpan gempa, dalam detik.", "Seconds between reads of the quake feeds."))
    var quakePoll = 60

    @Option(
        name: .long,
        help: .words(
            "Berkas JSON berisi 112 wilayah tetangga untuk alih kejadian (alamat, token, telepon): docs/transfer.md.",
            "A JSON file of the neighbouring regions' 112 centers incidents are handed to (address, token, phone): "
                + "docs/transfer.md."))
    var peers: String?

    @Option(
        name: .customLong("cap-signing-key"),
        help: .words(
            "Kunci privat PEM (RSA ≥ 2048 bit atau P-256) untuk menandatangani pesan CAP wilayah (XML Signature).",
            "A PEM private key (RSA of 2048 bits or more, or P-256) that signs the regions' CAP messages (XML Signature)."
        ))
    var capSigningKey: String?

    @Option(
        name: .customLong("cap-signing-certificate"),
        help: .words(
            "Sertifikat PEM kunci itu, disertakan dalam tanda tangan.",
            "That key's PEM certificate, carried in the signature."))
    var capSigningCertificate: String?

    func validate() throws {
        guard (10...3600).contains(quakePoll) else {
            throw ValidationError(
                words("--quake-poll harus 10 s.d. 3600 detik.", "--quake-poll takes 10 to 3600 seconds."))
        }
        for feed in nowcastFeeds where URL(string: feed).map({ ["http", "https"].contains($0.scheme) }) != true {
            throw ValidationError(
                words(
                    "--nowcast-feed \(feed) bukan alamat http(s).", "--nowcast-feed \(feed) is not an http(s) address.")
            )
        }
        for feed in quakeFeeds where URL(string: feed).map({ ["http", "https"].contains($0.scheme) }) != true {
            throw ValidationError(
                words("--quake-feed \(feed) bukan alamat http(s).", "--quake-feed \(feed) is not an http(s) address."))
        }
    }

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
        if let capSigningKey {
            do {
                dependencies.capSigner = try CAPSigner(
                    keyPEM: try String(contentsOfFile: capSigningKey, encoding: .utf8),
                    certificatePEM: try capSigningCertificate.map { try String(contentsOfFile: $0, encoding: .utf8) })
            } catch {
                throw ValidationError("--cap-signing-key \(capSigningKey): \(error)")
            }
        }
        if let peers {
            do {
                dependencies.transfers = try TransferSettings.load(from: peers)
            } catch {
                throw ValidationError("--peers \(peers): \(error)")
            }
        }
        if bmkg || !quakeFeeds.isEmpty || !nowcastFeeds.isEmpty {
            dependencies.quakeFeeds = QuakeFeedSettings(
                feeds: quakeFeeds.isEmpty && bmkg ? QuakeFeedSettings.bmkg : quakeFeeds,
                nowcast: nowcastFeeds.isEmpty && bmkg ? QuakeFeedSettings.bmkgNowcast : nowcastFeeds,
                interval: .seconds(quakePoll))
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
