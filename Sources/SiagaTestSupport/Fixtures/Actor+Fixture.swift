public import SiagaCore

extension Actor {
    /// Ayu, an Operator 112 on the Sidoarjo floor: answers calls and records incidents.
    public static let callTaker = Actor.petugas(PetugasID("petugas-ayu"))
    /// Budi, kepala regu: verifies and closes incidents.
    public static let supervisor = Actor.petugas(PetugasID("petugas-budi"))
    /// The PBX integration: reports calls that ring and drop.
    public static let telephony = Actor(kind: .integration, id: "pbx")
    /// The operator on duty at Damkar Sidoarjo's console.
    public static let damkarOperator = Actor.petugas(PetugasID("damkar-joko"))
}

extension Attachment {
    /// A JPEG photo sent by the caller.
    public static let photo = Attachment(
        id: AttachmentID(String(repeating: "cd", count: 32)), agencyID: nil, mediaType: .jpeg, byteCount: 2048,
        sha256: String(repeating: "cd", count: 32), caption: "Foto dari pelapor")

    /// A JPEG photo from Damkar's report.
    public static let damkarPhoto = Attachment(
        id: AttachmentID(String(repeating: "ab", count: 32)), agencyID: .damkar, mediaType: .jpeg, byteCount: 2048,
        sha256: String(repeating: "ab", count: 32), caption: "Kondisi rumah setelah api padam")
}
