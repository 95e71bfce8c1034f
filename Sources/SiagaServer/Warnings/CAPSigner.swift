import Crypto
import Foundation
import SiagaCore
import _CryptoExtras

/// Signs the region's CAP messages with an enveloped XML Signature (XML-DSig, as CAP 1.2 section 3.3.2.1 provides):
/// RSA-SHA256 or ECDSA-SHA256 over Exclusive XML Canonicalization, one reference to the whole alert. Receivers that
/// hold the region's certificate know the message came from it unchanged. Configured with `siaga serve
/// --cap-signing-key KEY.pem [--cap-signing-certificate CERT.pem]`; without a key, messages go out unsigned.
public struct CAPSigner: Sendable {
    enum Key: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let excC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"

    let key: Key
    /// The certificate's DER, base64, carried in `KeyInfo` so a receiver can check it against its trust store.
    let certificate: String?

    /// Reads a PEM private key (RSA of 2048 bits or more, or P-256) and optionally the PEM certificate that goes with
    /// it.
    public init(keyPEM: String, certificatePEM: String? = nil) throws {
        if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: keyPEM) {
            guard rsa.keySizeInBits >= 2048 else { throw CAPSignerError.weakKey(rsa.keySizeInBits) }
            key = .rsa(rsa)
        } else if let p256 = try? P256.Signing.PrivateKey(pemRepresentation: keyPEM) {
            key = .p256(p256)
        } else {
            throw CAPSignerError.unreadableKey
        }
        certificate = try certificatePEM.map(Self.der)
    }

    /// The alert as a document with its signature.
    func sign(_ alert: CAPAlert) throws -> String {
        let digest = Data(SHA256.hash(data: Data(CAPDocument.canonicalAlert(alert).utf8))).base64EncodedString()
        let signedInfo = Self.signedInfo(digest: digest, method: method)
        // The canonical SignedInfo carries the signature's namespace; in the document it inherits it.
        let canonical = signedInfo.replacingOccurrences(
            of: "<SignedInfo>", with: #"<SignedInfo xmlns="\#(Self.dsig)">"#)
        let value = try signature(over: Data(canonical.utf8)).base64EncodedString()
        let keyInfo = certificate.map {
            "<KeyInfo><X509Data><X509Certificate>\($0)</X509Certificate></X509Data></KeyInfo>"
        }
        let element =
            #"<Signature xmlns="\#(Self.dsig)">"# + signedInfo + "<SignatureValue>\(value)</SignatureValue>"
            + (keyInfo ?? "") + "</Signature>"
        return CAPDocument.xml(alert, signature: element)
    }

    private var method: String {
        switch key {
        case .rsa: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        case .p256: "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
        }
    }

    private func signature(over data: Data) throws -> Data {
        switch key {
        case .rsa(let key): try key.signature(for: data, padding: .insecurePKCS1v1_5).rawRepresentation
        // XML-DSig's ECDSA value is r and s side by side.
        case .p256(let key): try key.signature(for: data).rawRepresentation
        }
    }

    /// SignedInfo as written in the document, in canonical form but for the namespace it inherits.
    static func signedInfo(digest: String, method: String) -> String {
        "<SignedInfo>"
            + #"<CanonicalizationMethod Algorithm="\#(excC14N)"></CanonicalizationMethod>"#
            + #"<SignatureMethod Algorithm="\#(method)"></SignatureMethod>"#
            + #"<Reference URI=""><Transforms>"#
            + #"<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></Transform>"#
            + #"<Transform Algorithm="\#(excC14N)"></Transform></Transforms>"#
            + #"<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod>"#
            + "<DigestValue>\(digest)</DigestValue></Reference></SignedInfo>"
    }

    /// The base64 body of a PEM certificate.
    static func der(_ pem: String) throws -> String {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(of: "-----BEGIN CERTIFICATE-----"),
            let end = lines.firstIndex(of: "-----END CERTIFICATE-----"), start < end,
            let body = Data(base64Encoded: lines[(start + 1)..<end].joined())
        else { throw CAPSignerError.unreadableCertificate }
        return body.base64EncodedString()
    }
}

/// A signing key or certificate that cannot be used, and why.
public enum CAPSignerError: Error, CustomStringConvertible {
    case unreadableKey
    case weakKey(Int)
    case unreadableCertificate

    public var description: String {
        switch self {
        case .unreadableKey: "not a PEM RSA or P-256 private key"
        case .weakKey(let bits): "an RSA key of \(bits) bits; 2048 or more are needed"
        case .unreadableCertificate: "not a PEM certificate"
        }
    }
}
