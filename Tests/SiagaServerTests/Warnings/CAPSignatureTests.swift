import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// Runs a command and returns its exit status and what it said.
private func run(_ arguments: [String], in directory: URL) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, said)
}

private let xmlsecInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/xmlsec1")

@Suite(
    "CAP messages signed with an enveloped XML Signature that xmlsec1 verifies",
    .enabled(if: xmlsecInstalled || ProcessInfo.processInfo.environment["CI"] != nil))
struct CAPSignatureTests {
    /// A fresh key pair and self-signed certificate made with openssl: `kind` `rsa` or `ec`.
    static func keys(_ kind: String) throws -> (directory: URL, signer: CAPSigner) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cap-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key =
            kind == "rsa"
            ? ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem"]
            : ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem"]
        for command in [
            key,
            [
                "openssl", "req", "-new", "-x509", "-key", "key.pem", "-out", "cert.pem", "-days", "365", "-subj",
                "/CN=Command Center 112 Kabupaten Sidoarjo",
            ],
            ["openssl", "pkey", "-in", "key.pem", "-pubout", "-out", "public.pem"],
        ] {
            let (status, said) = try run(command, in: directory)
            try #require(status == 0, "\(command): \(said)")
        }
        let signer = try CAPSigner(
            keyPEM: try String(contentsOf: directory.appendingPathComponent("key.pem"), encoding: .utf8),
            certificatePEM: try String(contentsOf: directory.appendingPathComponent("cert.pem"), encoding: .utf8))
        return (directory, signer)
    }

    /// Issues the flood warning with `signer` and returns its public document.
    static func signedFlood(_ signer: CAPSigner) async throws -> String {
        try await TestApp.run(clock: TestClock(BMKGSamples.now), capSigner: signer) { app in
            let issued = try await app.send(.post, "/regions/35.15/cap-alerts", json: CAPAPITests.flood)
            let url = try #require(issued["url"] as? String, "\(issued.text)")
            return try await app.send(.get, String(url.dropFirst("/api/v1".count)), signedIn: false).text
        }
    }

    static func verify(_ xml: String, in directory: URL, key: [String]) throws -> (Int32, String) {
        let file = directory.appendingPathComponent("alert-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        return try run(["xmlsec1", "--verify"] + key + [file.lastPathComponent], in: directory)
    }

    @Test("RSA-SHA256: the signed warning validates against CAP's schema, verifies, and fails once a word changes")
    func rsa() async throws {
        let (directory, signer) = try Self.keys("rsa")
        defer { try? FileManager.default.removeItem(at: directory) }
        let xml = try await Self.signedFlood(signer)
        #expect(xml.contains("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"))
        #expect(xml.contains("<X509Certificate>"))
        try expectValidCAP(xml)
        let (status, said) = try Self.verify(xml, in: directory, key: ["--pubkey-cert-pem", "cert.pem"])
        #expect(status == 0, "\(said)")
        let tampered = xml.replacingOccurrences(of: "Banjir di Waru dan Sedati", with: "Banjir di Waru")
        let (refused, _) = try Self.verify(tampered, in: directory, key: ["--pubkey-cert-pem", "cert.pem"])
        #expect(refused != 0)
    }

    @Test("ECDSA P-256: the signed warning verifies with the public key")
    func ecdsa() async throws {
        let (directory, signer) = try Self.keys("ec")
        defer { try? FileManager.default.removeItem(at: directory) }
        let xml = try await Self.signedFlood(signer)
        #expect(xml.contains("xmldsig-more#ecdsa-sha256"))
        let (status, said) = try Self.verify(xml, in: directory, key: ["--pubkey-pem", "public.pem"])
        #expect(status == 0, "\(said)")
    }

    @Test("A key too weak or not a key is refused when the server starts")
    func badKeys() throws {
        #expect(throws: CAPSignerError.self) {
            try CAPSigner(keyPEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cap-weak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try run(
            ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "weak.pem"],
            in: directory)
        let weak = try String(contentsOf: directory.appendingPathComponent("weak.pem"), encoding: .utf8)
        #expect(throws: CAPSignerError.self) { try CAPSigner(keyPEM: weak) }
    }
}
