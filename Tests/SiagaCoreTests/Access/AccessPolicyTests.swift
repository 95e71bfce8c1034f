import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Who may do what, and where")
struct AccessPolicyTests {
    static let sidoarjo = RegionCode("35.15")!
    static let blitar = RegionCode("35.05")!
    static let cilegon = RegionCode("36.72")!

    /// Written out by hand, role by role, so a change to the grants shows up here as a deliberate edit.
    static let grants: [Role: Set<String>] = [
        .callTaker: [
            "incident.read", "incident.create", "incident.update", "dispatch.update", "incident.attach", "caller.read",
            "call.read", "call.write", "aml.read", "unit.report", "reference.read", "shift.read",
        ],
        .supervisor: [
            "incident.read", "incident.create", "incident.update", "dispatch.update", "incident.attach", "caller.read",
            "call.read", "call.write", "aml.read", "unit.report", "reference.read", "shift.read",
            "incident.supervise", "report.read", "shift.manage", "shift.handover", "warning.issue",
        ],
        .agencyOperator: [
            "incident.read", "dispatch.update", "incident.attach", "caller.reveal", "unit.report", "reference.read",
            "shift.read", "agency.duty", "warning.issue",
        ],
        .fieldOfficer: ["incident.read", "incident.attach", "unit.report", "reference.read"],
        .leader: ["incident.read", "report.read", "reference.read", "shift.read"],
        .admin: [
            "reference.read", "region.configure", "region.administer", "report.read", "user.manage", "token.manage",
            "audit.read", "shift.manage", "shift.read", "metrics.read", "warning.submit",
        ],
    ]

    @Test("Each role holds exactly its permissions", arguments: Role.allCases.filter { $0 != .integration })
    func roleGrants(role: Role) {
        let principal = Principal.sidoarjo(role)
        for permission in Permission.allCases {
            let expected = Self.grants[role]!.contains(permission.rawValue)
            let decision = AccessPolicy.decide(principal, permission, .deployment)
            #expect(
                decision == (expected ? .allow : .deny(.notPermitted(role, permission))),
                "\(role) \(permission)")
        }
    }

    @Test("Nobody touches another region's data unless a provincial or national reach covers it")
    func jurisdictions() {
        let cases: [(Jurisdiction, RegionCode, Bool)] = [
            (.region(Self.sidoarjo), Self.sidoarjo, true),
            (.region(Self.sidoarjo), RegionCode("35.15.18")!, true),
            (.region(Self.sidoarjo), Self.blitar, false),
            (.province("35"), Self.blitar, true),
            (.province("35"), Self.cilegon, false),
            (.nation, Self.cilegon, true),
        ]
        for (jurisdiction, region, allowed) in cases {
            let decision = AccessPolicy.decide(.user(.leader, in: jurisdiction), .incidentRead, .region(region))
            #expect(decision == (allowed ? .allow : .deny(.outsideJurisdiction(region))), "\(jurisdiction) \(region)")
        }
    }

    @Test("An agency operator sees only incidents dispatched to the agency and works only its own dispatch")
    func agencyScope() {
        let damkar = Principal.sidoarjo(.agencyOperator)
        let sentToDamkar = IncidentAccess(
            region: Self.sidoarjo, dispatchedTo: [.damkar, .psc119], workingAgencies: [.damkar])
        let sentElsewhere = IncidentAccess(region: Self.sidoarjo, dispatchedTo: [.psc119], workingAgencies: [.psc119])
        #expect(AccessPolicy.decide(damkar, .incidentRead, .incident(sentToDamkar)) == .allow)
        #expect(
            AccessPolicy.decide(damkar, .incidentRead, .incident(sentElsewhere))
                == .deny(.incidentNotDispatchedToAgency(.damkar)))
        #expect(AccessPolicy.decide(damkar, .dispatchUpdate, .dispatch(Self.sidoarjo, agency: .damkar)) == .allow)
        #expect(
            AccessPolicy.decide(damkar, .dispatchUpdate, .dispatch(Self.sidoarjo, agency: .psc119))
                == .deny(.otherAgency(.psc119)))
        #expect(
            AccessPolicy.decide(damkar, .unitReport, .unit(Self.sidoarjo, agency: .psc119, unit: .psc119Ambulans1))
                == .deny(.otherAgency(.psc119)))
    }

    @Test("A caller's number is revealed to an agency only while its dispatch is open")
    func revealNeedsOpenDispatch() {
        let damkar = Principal.sidoarjo(.agencyOperator)
        let working = IncidentAccess(region: Self.sidoarjo, dispatchedTo: [.damkar], workingAgencies: [.damkar])
        let finished = IncidentAccess(region: Self.sidoarjo, dispatchedTo: [.damkar], workingAgencies: [])
        #expect(AccessPolicy.decide(damkar, .callerNumberReveal, .incident(working)) == .allow)
        #expect(
            AccessPolicy.decide(damkar, .callerNumberReveal, .incident(finished)) == .deny(.noOpenDispatch(.damkar)))
        #expect(AccessPolicy.decide(damkar, .incidentRead, .incident(finished)) == .allow)
        #expect(!damkar.seesCallerNumbers)
        #expect(Principal.sidoarjo(.callTaker).seesCallerNumbers)
        #expect(!Principal.sidoarjo(.leader).seesCallerNumbers)
    }

    @Test("A field officer reports only for the units they crew")
    func fieldOfficerUnits() {
        let officer = Principal.sidoarjo(.fieldOfficer)
        #expect(
            AccessPolicy.decide(officer, .unitReport, .unit(Self.sidoarjo, agency: .damkar, unit: .damkarWaru1))
                == .allow)
        #expect(
            AccessPolicy.decide(officer, .unitReport, .unit(Self.sidoarjo, agency: .damkar, unit: .damkarCandi1))
                == .deny(.notYourUnit(.damkarCandi1)))
    }

    @Test("A token does only what it was given, within its region")
    func tokenScope() {
        let pbx = Principal.token([.callWrite])
        #expect(AccessPolicy.decide(pbx, .callWrite, .region(Self.sidoarjo)) == .allow)
        #expect(AccessPolicy.decide(pbx, .callWrite, .region(Self.blitar)) == .deny(.outsideJurisdiction(Self.blitar)))
        #expect(
            AccessPolicy.decide(pbx, .callRead, .region(Self.sidoarjo)) == .deny(.notPermitted(.integration, .callRead))
        )
        #expect(pbx.actor == Actor(kind: .integration, id: "pbx"))
    }

    @Test("An admin manages only accounts within their own reach")
    func accountsWithinReach() {
        let regionAdmin = Principal.sidoarjo(.admin)
        #expect(AccessPolicy.decide(regionAdmin, .userManage, .account(.region(Self.sidoarjo))) == .allow)
        #expect(
            AccessPolicy.decide(regionAdmin, .userManage, .account(.province("35")))
                == .deny(.accountBeyondJurisdiction(.province("35"))))
        #expect(
            AccessPolicy.decide(.user(.admin, in: .province("35")), .userManage, .account(.region(Self.blitar)))
                == .allow)
    }

    @Test("Commands map to what they need: agencies work their dispatch, the floor re-routes, supervisors close")
    func commandRequirements() {
        let incident = IncidentScenario.fixture(.dispatched).incident
        let (ack, onDispatch) = IncidentCommand.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil))
            .requirement(on: incident)
        #expect(ack == .dispatchUpdate)
        #expect(onDispatch == .dispatch(incident.regionCode, agency: .damkar))
        #expect(
            IncidentCommand.updateDispatch(.damkar, .reroute(to: .psc119, reason: "x")).requirement(on: incident).0
                == .incidentUpdate)
        #expect(IncidentCommand.close(note: nil).requirement(on: incident).0 == .incidentSupervise)
        #expect(IncidentCommand.addNote("x").requirement(on: incident).0 == .incidentUpdate)
    }

    @Test("A field team's button is a report for its own unit, not work on its agency's whole dispatch")
    func fieldStepRequirement() {
        // given
        let incident = IncidentScenario.fixture(.dispatched).incident
        let officer = Principal.sidoarjo(.fieldOfficer)

        // when
        let own = IncidentCommand.reportFieldStep(.damkarWaru1, agency: .damkar, .markEnRoute(.damkarWaru1))
        let other = IncidentCommand.reportFieldStep(.damkarCandi1, agency: .damkar, .markEnRoute(.damkarCandi1))
        let (permission, resource) = own.requirement(on: incident)

        // then
        #expect(permission == .unitReport)
        #expect(AccessPolicy.decide(officer, permission, resource) == .allow)
        let (otherPermission, otherResource) = other.requirement(on: incident)
        #expect(AccessPolicy.decide(officer, otherPermission, otherResource) != .allow)
        #expect(
            AccessPolicy.decide(officer, .dispatchUpdate, .dispatch(incident.regionCode, agency: .damkar)) != .allow)
    }

    @Test("The route of every command admits exactly the permissions some command needs")
    func commandPermissionsCoverEveryCommand() {
        let incident = IncidentScenario.fixture(.dispatched).incident
        let commands: [IncidentCommand] = [
            .classify(Classification(category: "kebakaran"), priority: nil), .addNote("x"), .close(note: nil),
            .reopen(reason: "x"), .cancel(reason: "x"), .resolve(summary: "x"),
            .updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)),
            .updateDispatch(.damkar, .cancel(reason: "x")),
            .reportFieldStep(.damkarWaru1, agency: .damkar, .markOnScene(.damkarWaru1)),
            .addAttachment(
                Attachment(
                    id: AttachmentID("a"), agencyID: nil, mediaType: .jpeg, byteCount: 1, sha256: "a", caption: nil)),
        ]
        #expect(Set(commands.map { $0.requirement(on: incident).0 }) == IncidentCommand.permissions)
    }

    @Test("Accounts: agency roles name one agency in one region; other roles name none; people are never integrations")
    func accountRules() {
        let region = Jurisdiction.region(Self.sidoarjo)
        #expect(
            UserAccount(username: "joko", displayName: "Joko", role: .agencyOperator, jurisdiction: region).problems
                == [FieldError("agencyId", .required)])
        #expect(
            UserAccount(
                username: "joko", displayName: "Joko", role: .agencyOperator, jurisdiction: .province("35"),
                agency: .damkar
            )
            .problems == [FieldError("jurisdiction", .notAllowedHere)])
        #expect(
            UserAccount(username: "ayu", displayName: "Ayu", role: .callTaker, jurisdiction: region, agency: .damkar)
                .problems
                == [FieldError("agencyId", .notAllowedHere)])
        #expect(
            UserAccount(username: "pbx", displayName: "PBX", role: .integration, jurisdiction: region).problems
                == [FieldError("role", .notAllowedHere)])
        #expect(
            UserAccount(username: "9ayu", displayName: "Ayu", role: .callTaker, jurisdiction: region).problems
                == [FieldError("username", .invalidFormat)])
        #expect(
            UserAccount(username: "operator.3515.1", displayName: "Ayu", role: .callTaker, jurisdiction: region)
                .problems.isEmpty)
    }

    @Test("Passwords: at least 10 characters, at most 72 bytes, never containing the username")
    func passwords() {
        #expect(PasswordRules.problem("pendek", username: "ayu") == .tooShort(minimum: 10))
        #expect(PasswordRules.problem(String(repeating: "é", count: 40), username: "ayu") == .tooLong(maximumBytes: 72))
        #expect(PasswordRules.problem("AyuSiaga2026!", username: "ayu") == .containsUsername)
        #expect(PasswordRules.problem("kuda-lumping-112", username: "ayu") == nil)
    }

    @Test("Jurisdictions read and write as nasional, a province code or a regency code")
    func jurisdictionText() {
        #expect(Jurisdiction("nasional") == .nation)
        #expect(Jurisdiction("35") == .province("35"))
        #expect(Jurisdiction("35.15") == .region(Self.sidoarjo))
        #expect(Jurisdiction("35.15.18") == nil)
        #expect(Jurisdiction("jatim") == nil)
    }
}
