public import Foundation

/// The channels a server reaches agencies on, as a region's IT team writes them in a JSON file
/// (`siaga serve --channels channels.json`): each channel present is switched on. Secrets live in this file only;
/// keep it readable by the server's user alone.
public struct NoticeConfiguration: Decodable, Sendable, Equatable {
    /// The server's public address, for e-mail acknowledgement links (`https://112.sidoarjokab.go.id`).
    public var publicURL: String?
    public var whatsapp: WhatsApp?
    public var telegram: Telegram?
    public var sms: SMS?
    public var email: Email?

    public init(publicURL: String? = nil) { self.publicURL = publicURL }

    /// Reads the file, or says what is wrong with it.
    public static func load(from path: String) throws -> NoticeConfiguration {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(NoticeConfiguration.self, from: data)
    }

    public struct WhatsApp: Decodable, Sendable, Equatable {
        public var apiBase: String?
        public var apiVersion: String?
        public var phoneNumberId: String
        public var accessToken: String
        public var appSecret: String
        public var verifyToken: String
        public var templateName: String?
        public var templateLanguage: String?
    }

    public struct Telegram: Decodable, Sendable, Equatable {
        public var apiBase: String?
        public var botToken: String
        public var webhookSecret: String
    }

    public struct SMS: Decodable, Sendable, Equatable {
        public var host: String
        public var port: Int?
        public var systemId: String
        public var password: String
        public var systemType: String?
        /// The number or short code messages come from.
        public var sourceAddress: String
        /// The regions whose calls an AML SMS arriving here may locate: `nasional` (default), a province (`35`)
        /// or a regency (`35.15`).
        public var jurisdiction: String?
    }

    public struct Email: Decodable, Sendable, Equatable {
        public var host: String
        public var port: Int?
        public var username: String?
        public var password: String?
        public var from: String
        public var fromName: String?
        /// `startTLSIfOffered` (default), `startTLSRequired` or `none`.
        public var security: String?
        /// A PEM file of the CA that signs the mail server's certificate, for a private CA.
        public var trustRoots: String?
    }
}

extension NoticeConfiguration.WhatsApp {
    var settings: WhatsAppSettings {
        var settings = WhatsAppSettings(
            phoneNumberID: phoneNumberId, accessToken: accessToken, appSecret: appSecret, verifyToken: verifyToken)
        if let apiBase { settings.apiBase = apiBase }
        if let apiVersion { settings.apiVersion = apiVersion }
        if let templateName { settings.templateName = templateName }
        if let templateLanguage { settings.templateLanguage = templateLanguage }
        return settings
    }
}

extension NoticeConfiguration.Telegram {
    var settings: TelegramSettings {
        var settings = TelegramSettings(botToken: botToken, webhookSecret: webhookSecret)
        if let apiBase { settings.apiBase = apiBase }
        return settings
    }
}

extension NoticeConfiguration.SMS {
    var settings: SMPPSettings {
        SMPPSettings(
            host: host, port: port ?? 2775, systemID: systemId, password: password, systemType: systemType ?? "",
            sourceAddress: sourceAddress)
    }
}

extension NoticeConfiguration.Email {
    func settings() throws -> SMTPSettings {
        let security: SMTPSettings.Security =
            switch security ?? "startTLSIfOffered" {
            case "startTLSIfOffered": .startTLSIfOffered
            case "startTLSRequired": .startTLSRequired
            case "none": .none
            default:
                throw NoticeConfigurationError("email.security must be startTLSIfOffered, startTLSRequired or none")
            }
        return SMTPSettings(
            host: host, port: port ?? 587, username: username, password: password, from: from,
            fromName: fromName ?? "Command Center 112", security: security, trustRoots: trustRoots)
    }
}

/// A channels file that cannot be used, and why.
public struct NoticeConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
