import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Photos on the timeline")
struct AttachmentAPITests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 2000) + [0xFF, 0xD9]

    @Test("A JPEG is attached by its content, stored once under its hash, and served back")
    func attachAndServe() async throws {
        try await TestApp.run { app in
            // given
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            // when: the phone says nothing useful about the type; the content decides
            let first = try await app.send(.post, "/incidents/\(id)/attachments?caption=Asap%20hitam", bytes: Self.jpeg)
            let again = try await app.send(.post, "/incidents/\(id)/attachments", bytes: Self.jpeg)
            // then
            #expect(first.status == .created, "\(first.text)")
            #expect(first["events.0.type"] as? String == "attachmentAdded")
            #expect(first["events.0.data.mediaType"] as? String == "image/jpeg")
            #expect(first["events.0.data.caption"] as? String == "Asap hitam")
            let hash = try #require(first["events.0.data.sha256"] as? String)
            #expect(again["incident.attachments.1.sha256"] as? String == hash)
            let served = try await app.send(.get, "/incidents/\(id)/attachments/\(hash)")
            #expect(served.headers[.contentType] == "image/jpeg")
            #expect(Array(served.body) == Self.jpeg)
            let files = FileManager.default.enumerator(atPath: app.database.path + "-attachments")?.allObjects
                .compactMap { $0 as? String }
            #expect(files?.filter { $0.hasSuffix(hash) }.count == 1)
        }
    }

    @Test("Anything but a JPEG, PNG or WebP photo is refused, whatever it claims to be")
    func notAPhoto() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let pdf = try await app.send(
                .post, "/incidents/\(id)/attachments", bytes: Array("%PDF-1.7 pura-pura foto".utf8),
                headers: [.contentType: "image/jpeg"])
            let empty = try await app.send(.post, "/incidents/\(id)/attachments", bytes: [])
            #expect(pdf.status == .unsupportedMediaType)
            #expect(empty.status == .unsupportedMediaType)
            let timeline = try await app.send(.get, "/incidents/\(id)/events")
            #expect((timeline["items"] as? [Any])?.count == 2)
        }
    }

    @Test("A photo over the size limit is refused with 413")
    func tooLarge() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let big = [UInt8](repeating: 0, count: 5 * 1024 * 1024 + 1)
            let response = try await app.send(.post, "/incidents/\(id)/attachments", bytes: [0xFF, 0xD8, 0xFF] + big)
            #expect(response.status == .contentTooLarge)
            #expect(response["type"] as? String == "urn:siaga112:problem:attachment-too-large")
        }
    }

    @Test("A photo for an agency that never had the incident is refused; an unknown hash is not found")
    func wrongAgencyAndUnknownHash() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let response = try await app.send(
                .post, "/incidents/\(id)/attachments?agencyId=3515-psc119", bytes: Self.jpeg)
            let unknown = try await app.send(.get, "/incidents/\(id)/attachments/\(String(repeating: "0", count: 64))")
            let malformed = try await app.send(.get, "/incidents/\(id)/attachments/..%2F..%2Fetc%2Fpasswd")
            #expect(response.status == .conflict)
            #expect(unknown.status == .notFound)
            #expect(malformed.status == .notFound)
        }
    }
}
