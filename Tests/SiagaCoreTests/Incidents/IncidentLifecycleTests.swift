import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incident lifecycle: opening an incident")
struct IncidentCreationTests {
    @Test("An incident opened from a call records it, then links the call")
    func openedFromACallLinksTheCall() throws {
        // given
        let report = CreateIncident(
            regionCode: Region.sidoarjo.code, description: "Kebakaran rumah", callerNumber: .demoCaller,
            callID: CallID("call-7"))

        // when
        let events = try IncidentLifecycle.create(
            report, id: IncidentID("incident-1"), number: Self.number, rules: .demo)

        // then
        #expect(events.map(\.type) == [.created, .callLinked])
        let link = try #require(events.last?.callLinked)
        #expect(link.callID == CallID("call-7"))
        #expect(link.callerNumber == .demoCaller)
    }

    @Test("An incident opened without a call (a walk-in, a radio report) only records it")
    func openedWithoutACallOnlyRecordsIt() throws {
        // given
        let report = CreateIncident(regionCode: Region.sidoarjo.code, description: "Laporan langsung di posko")

        // when
        let events = try IncidentLifecycle.create(
            report, id: IncidentID("incident-1"), number: Self.number, rules: .demo)

        // then
        #expect(events.map(\.type) == [.created])
        let created = try #require(events.first?.created)
        #expect(created.id == IncidentID("incident-1"))
        #expect(created.number == Self.number)
    }

    @Test("An unclassified incident is P2 until someone classifies it")
    func unclassifiedIncidentIsUrgent() {
        // given, when
        let incident = Incident.fixture(.logged)

        // then
        #expect(incident.classification == nil)
        #expect(incident.priority == .p2)
        #expect(!incident.priorityIsManual)
    }

    @Test("An incident opened with a classification takes the subcategory's default priority")
    func classifiedAtCreationTakesTheDefault() throws {
        // given
        let report = CreateIncident(
            regionCode: Region.sidoarjo.code, classification: Classification(category: "utilitas", subcategory: "air"),
            description: "Air PDAM mati sejak pagi")

        // when
        let scenario = try IncidentScenario(report)

        // then
        #expect(scenario.incident.priority == .p4)
        #expect(!scenario.incident.priorityIsManual)
    }

    @Test("A priority chosen at creation counts as the call taker's choice")
    func priorityChosenAtCreationIsManual() throws {
        // given
        let report = CreateIncident(
            regionCode: Region.sidoarjo.code, classification: Classification(category: "kebakaran"), priority: .p3,
            description: "Bakar sampah, asap mengganggu")

        // when
        let scenario = try IncidentScenario(report)

        // then
        #expect(scenario.incident.priority == .p3)
        #expect(scenario.incident.priorityIsManual)
    }

    @Test("An incident cannot be opened with a category the region does not have")
    func creationWithUnknownCategoryIsRefused() {
        // given
        let report = CreateIncident(
            regionCode: Region.sidoarjo.code, classification: Classification(category: "tsunami"),
            description: "Air laut naik")

        // when, then
        #expect(throws: TransitionError.unknownCategory("tsunami")) {
            try IncidentLifecycle.create(report, id: IncidentID("incident-1"), number: Self.number, rules: .demo)
        }
    }

    static let number = IncidentNumber(
        region: Region.sidoarjo.code, day: LocalDay(year: 2026, month: 11, day: 23), sequence: 7)
}

@Suite("Incident lifecycle: classification and priority")
struct IncidentClassificationTests {
    @Test("Classification proposes the subcategory's default priority over the category's")
    func subcategoryDefaultWins() throws {
        // given
        var scenario = IncidentScenario.fixture(.logged)

        // when
        let events = try scenario.run(
            .classify(Classification(category: "bencana-alam", subcategory: "pohon-tumbang"), priority: nil))

        // then
        let classified = try #require(events.first?.classified)
        #expect(classified.priority == .p3)
        #expect(!classified.priorityIsManual)
        #expect(scenario.incident.priority == .p3)
    }

    @Test("Without a subcategory, classification proposes the category's default priority")
    func categoryDefaultWithoutSubcategory() throws {
        // given
        var scenario = IncidentScenario.fixture(.logged)

        // when
        try scenario.run(.classify(Classification(category: "hewan-berbahaya"), priority: nil))

        // then
        #expect(scenario.incident.priority == .p3)
    }

    @Test("A priority the call taker set survives reclassification")
    func manualPrioritySurvivesReclassification() throws {
        // given
        var scenario = IncidentScenario.fixture(.classified)
        try scenario.run(.changePriority(.p3, reason: "Api kecil, sudah dipadamkan warga"))

        // when
        let events = try scenario.run(
            .classify(Classification(category: "kebakaran", subcategory: "gedung"), priority: nil))

        // then
        let classified = try #require(events.first?.classified)
        #expect(classified.priority == .p3)
        #expect(classified.priorityIsManual)
        #expect(scenario.incident.classification == Classification(category: "kebakaran", subcategory: "gedung"))
        #expect(scenario.incident.priority == .p3)
    }

    @Test("A priority given with the classification is kept and counts as chosen")
    func priorityGivenWithClassification() throws {
        // given
        var scenario = IncidentScenario.fixture(.logged)

        // when
        try scenario.run(.classify(Classification(category: "medis", subcategory: "persalinan"), priority: .p2))

        // then
        #expect(scenario.incident.priority == .p2)
        #expect(scenario.incident.priorityIsManual)
    }

    @Test("Classifying an incident exactly as it is changes nothing")
    func sameClassificationIsUnchanged() {
        // given
        let incident = Incident.fixture(.classified)

        // when, then
        #expect(throws: TransitionError.unchanged(.classify)) {
            try IncidentLifecycle.decide(
                .classify(Classification(category: "kebakaran", subcategory: "rumah"), priority: nil),
                on: incident, rules: .demo)
        }
    }

    @Test("An unknown category is refused")
    func unknownCategory() {
        // given
        let incident = Incident.fixture(.logged)

        // when, then
        #expect(throws: TransitionError.unknownCategory("banjir-bandang")) {
            try IncidentLifecycle.decide(
                .classify(Classification(category: "banjir-bandang"), priority: nil), on: incident, rules: .demo)
        }
    }

    @Test("A subcategory that belongs to another category is refused")
    func unknownSubcategory() {
        // given
        let incident = Incident.fixture(.logged)

        // when, then
        #expect(throws: TransitionError.unknownSubcategory(category: "kebakaran", subcategory: "banjir")) {
            try IncidentLifecycle.decide(
                .classify(Classification(category: "kebakaran", subcategory: "banjir"), priority: nil),
                on: incident, rules: .demo)
        }
    }

    @Test("Changing the priority records from, to and why, and makes it the call taker's choice")
    func priorityChangeIsRecorded() throws {
        // given
        var scenario = IncidentScenario.fixture(.classified)

        // when
        let events = try scenario.run(.changePriority(.p2, reason: "Penghuni sudah keluar"))

        // then
        let change = try #require(events.first?.priorityChanged)
        #expect(change.from == .p1)
        #expect(change.to == .p2)
        #expect(change.reason == "Penghuni sudah keluar")
        #expect(scenario.incident.priorityIsManual)
    }

    @Test("Setting the priority it already has changes nothing")
    func samePriorityIsUnchanged() {
        // given
        let incident = Incident.fixture(.classified)

        // when, then
        #expect(throws: TransitionError.unchanged(.changePriority)) {
            try IncidentLifecycle.decide(.changePriority(.p1, reason: nil), on: incident, rules: .demo)
        }
    }
}
