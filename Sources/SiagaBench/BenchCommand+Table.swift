import Foundation

/// The bench's table for people, in the language of this run; the JSON keeps the same figures under fixed names.
extension BenchCommand {
    static var tableHeading: String {
        words("| ukuran | hasil | pembanding | rasio |", "| measure | figure | baseline | ratio |")
    }

    static func table(_ results: Results) -> String {
        var lines = [
            words(
                "Bench Siaga112 (build \(results.build), \(results.cores) inti, \(results.database))",
                "Siaga112 bench (\(results.build) build, \(results.cores) cores, \(results.database))"),
            "", tableHeading, "|---|---|---|---|",
        ]
        lines += referenceRows(results)
        for (index, intake) in results.incidentIntake.enumerated() {
            lines += intakeRows(intake, calls: results.callIntake[index], bare: results.bareRoute[index], results)
        }
        lines += results.isolation?.rows ?? []
        for (index, fan) in results.fanOut.enumerated() {
            lines.append(
                words(
                    "| umpan langsung, \(fan.consoles) konsol, 4 penulis | \(fan.deliveries) kiriman: p50 \(number(fan.p50Milliseconds, 1)) ms, p99 \(number(fan.p99Milliseconds, 1)) ms, maks \(number(fan.maxMilliseconds, 1)) ms dari penulisan sampai konsol; \(fan.disconnected) diputus | | |",
                    "| live feed, \(fan.consoles) consoles, 4 writers | \(fan.deliveries) deliveries: p50 \(number(fan.p50Milliseconds, 1)) ms, p99 \(number(fan.p99Milliseconds, 1)) ms, max \(number(fan.maxMilliseconds, 1)) ms from write to console; \(fan.disconnected) dropped | | |"
                ))
            if index == 0, let stalled = results.fanOutWithStalledConsole {
                lines.append(stalled.stalledRow(against: fan))
            }
        }
        lines += results.catchUp?.rows ?? []
        let (idle, after) = (number(results.residentMegabytesIdle), number(results.residentMegabytesAfter))
        lines.append(
            words(
                "| memori resident | \(idle) MB saat diam, \(after) MB setelah beban | | |",
                "| resident memory | \(idle) MB idle, \(after) MB after load | | |"))
        return lines.joined(separator: "\n")
    }

    /// Region lookups, place search, the reference indexes and the raw commit rate.
    private static func referenceRows(_ results: Results) -> [String] {
        let (indexed, scan) = (results.regionLookupsIndexed.perSecond, results.regionLookupsScan.perSecond)
        let ratio = number(indexed / max(scan, 1), 1)
        let p50 = number(results.placeSearchMilliseconds["p50"] ?? 0, 2)
        let p99 = number(results.placeSearchMilliseconds["p99"] ?? 0, 2)
        let naive = results.placeSearchNaiveMilliseconds ?? [:]
        let (naive50, naive99) = (number(naive["p50"] ?? 0, 2), number(naive["p99"] ?? 0, 2))
        let speedUp = number((naive["p99"] ?? 0) / max(results.placeSearchMilliseconds["p99"] ?? 0, 0.000_001), 1)
        let agree = results.placeSearchAgree.map { "\($0)" } ?? "-"
        return [
            words(
                "| pencarian wilayah per detik | \(number(indexed)) dengan indeks | \(number(scan)) dengan pemindaian | \(ratio)× (jawaban sama: \(results.regionLookupsAgree)) |",
                "| region lookups per second | \(number(indexed)) indexed | \(number(scan)) by scan | \(ratio)× (same answers: \(results.regionLookupsAgree)) |"
            ),
            words(
                "| pencarian tempat per ketukan tombol | p50 \(p50) ms, p99 \(p99) ms | cara langsung: p50 \(naive50) ms, p99 \(naive99) ms | p99 \(speedUp)× lebih cepat (tempat sama: \(agree)) |",
                "| place search per keystroke | p50 \(p50) ms, p99 \(p99) ms | straightforward: p50 \(naive50) ms, p99 \(naive99) ms | p99 \(speedUp)× faster (same places: \(agree)) |"
            ),
            words(
                "| indeks referensi dibangun | \(number(results.referenceWarmUpSeconds, 2)) s | | |",
                "| reference indexes built | \(number(results.referenceWarmUpSeconds, 2)) s | | |"),
            words(
                "| commit durable mentah per detik | \(number(results.rawCommitsPerSecond)) | | |",
                "| raw durable commits per second | \(number(results.rawCommitsPerSecond)) | | |"),
        ]
    }

    /// Incidents and non-emergency calls with one number of clients, against the raw commits and the bare route.
    private static func intakeRows(
        _ intake: LoadGenerator.Result, calls: LoadGenerator.Result, bare: LoadGenerator.Result, _ results: Results
    ) -> [String] {
        let raw = number(results.rawCommitsPerSecond)
        let ofCommits = number(intake.perSecond / max(results.rawCommitsPerSecond, 1), 2)
        let ofBare = number(intake.perSecond / max(bare.perSecond, 1), 3)
        let shared = intake.commits.map { commits in
            number(Double(intake.requests) / Double(max(commits, 1)), 1)
        }
        let sharedID = shared.map { "; \($0) tulisan per commit" } ?? ""
        let sharedEN = shared.map { "; \($0) writes per commit" } ?? ""
        let callsOfCommits = number(calls.perSecond / max(results.rawCommitsPerSecond, 1), 2)
        return [
            words(
                "| kejadian per detik, \(intake.clients) klien | \(number(intake.perSecond)) (p50 \(number(intake.p50Milliseconds, 1)), p99 \(number(intake.p99Milliseconds, 1)), p99.9 \(number(intake.p999Milliseconds, 1)) ms; \(intake.errors) galat\(sharedID)) | commit mentah \(raw); rute kosong \(number(bare.perSecond)) | \(ofCommits) dari commit; \(ofBare) dari rute kosong |",
                "| incidents per second, \(intake.clients) client(s) | \(number(intake.perSecond)) (p50 \(number(intake.p50Milliseconds, 1)), p99 \(number(intake.p99Milliseconds, 1)), p99.9 \(number(intake.p999Milliseconds, 1)) ms; \(intake.errors) errors\(sharedEN)) | raw commits \(raw); bare route \(number(bare.perSecond)) | \(ofCommits) of commits; \(ofBare) of bare |"
            ),
            words(
                "| panggilan non-darurat per detik, \(calls.clients) klien | \(number(calls.perSecond)) (p50 \(number(calls.p50Milliseconds, 1)), p99 \(number(calls.p99Milliseconds, 1)) ms; \(calls.errors) galat) | commit mentah \(raw) | \(callsOfCommits) dari commit |",
                "| non-emergency calls per second, \(calls.clients) client(s) | \(number(calls.perSecond)) (p50 \(number(calls.p50Milliseconds, 1)), p99 \(number(calls.p99Milliseconds, 1)) ms; \(calls.errors) errors) | raw commits \(raw) | \(callsOfCommits) of commits |"
            ),
        ]
    }
}
