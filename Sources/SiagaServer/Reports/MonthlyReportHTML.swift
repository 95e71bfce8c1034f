import Foundation
import SiagaCore

/// The monthly report as one self-contained HTML page, in Indonesian, laid out for A4: it prints from a browser
/// and renders to PDF with headless Chromium (`siaga report monthly --pdf`).
enum MonthlyReportHTML {
    static let months = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
        "Desember",
    ]

    static let stepNames: [ResponseInterval: (String, String)] = [
        .callAnswering: ("Menjawab panggilan", "berdering → dijawab"),
        .callProcessing: ("Memproses laporan", "dijawab → diteruskan ke OPD"),
        .alarmAnswering: ("Respons OPD", "diteruskan → diterima OPD"),
        .unitAssignment: ("Penugasan unit", "diterima → unit ditugaskan"),
        .turnoutAndTravel: ("Berangkat dan perjalanan", "unit ditugaskan → tiba di lokasi"),
        .onSceneHandling: ("Penanganan di lokasi", "tiba → selesai"),
    ]

    static let dispositionNames: [String: String] = [
        "emergency": "Darurat", "information": "Informasi", "prank": "Iseng", "silent": "Diam (silent)",
        "wrongNumber": "Salah sambung", "test": "Uji coba", "duplicate": "Laporan ganda", "abandoned": "Tak terjawab",
        "undecided": "Belum ditentukan",
    ]

    static func render(_ report: MonthlyReport) -> String {
        let region = report.scope.region
        let month = "\(months[report.period.first.month - 1]) \(report.period.first.year)"
        let title = "Rekap Bulanan Layanan Darurat 112 — \(region.name) — \(month)"
        return """
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><title>\(HTML.escape(title))</title>
            <style>\(style)</style></head><body>
            <header><div class="kicker">Command Center 112 · \(HTML.escape(region.name))</div>
            <h1>Rekap Bulanan Layanan Darurat 112</h1>
            <div class="sub">\(HTML.escape(month)) · periode \(report.period.first) s.d. \(report.period.last) · \
            waktu \(region.timeZone.rawValue) · dibuat \(HTML.escape(LocalTime(zone: region.timeZone).format(report.generatedAt)))</div>
            </header>
            \(summary(report))
            <section><h2>Panggilan per hari</h2>\(dailyChart(report))</section>
            <section><h2>Panggilan per jam</h2>\(hourlyChart(report))
            <p class="note">Jam tersibuk: \(report.calls.busiestHours.map { String(format: "%02d.00", $0) }.joined(separator: ", ")).</p></section>
            <section class="break"><h2>Waktu respons per tahap</h2>\(stepsTable(report.responseTimes.overall))
            <p class="note">Median dan persentil 90 (p90) dihitung dari durasi nyata (nearest-rank). “Dalam target” dihitung \
            atas tahap yang selesai atau sudah melewati target; target per prioritas ada pada lampiran.</p></section>
            <section><h2>Respons OPD menurut prioritas</h2>\(priorityTable(report))</section>
            <section><h2>Peringkat tindak lanjut OPD</h2>\(rankingTable(report))</section>
            <section class="break"><h2>Kejadian per kategori</h2>\(countTable(report.categories, label: "Kategori"))</section>
            <section><h2>Kejadian per kecamatan</h2>\(countTable(Array(report.kecamatan.prefix(15)), label: "Kecamatan"))</section>
            \(appendix(report))
            <footer>Siaga112 · angka dihitung dari lini waktu setiap kejadian; nomor penelepon tidak dimuat.</footer>
            </body></html>
            """
    }

    private static func summary(_ report: MonthlyReport) -> String {
        let calls = report.calls
        let emergencies = calls.dispositions["emergency", default: 0]
        let nuisance = calls.dispositions["prank", default: 0] + calls.dispositions["silent", default: 0]
        let alarm = report.responseTimes.overall.first { $0.interval == .alarmAnswering }?.statistics
        let cards = [
            ("Panggilan masuk", "\(calls.total)", "\(calls.unanswered) tak terjawab"),
            ("Panggilan darurat", "\(emergencies)", percent(calls.emergencyShare) + " dari panggilan"),
            ("Iseng dan diam", "\(nuisance)", percent(calls.total == 0 ? nil : Double(nuisance) / Double(calls.total))),
            ("Kejadian", "\(report.incidents)", "\(report.incidentStatuses[.closed, default: 0]) ditutup"),
            (
                "Median respons OPD", LocalTime.duration(alarm?.medianSeconds),
                percent(alarm?.shareWithinTarget) + " dalam target"
            ),
            (
                "Menjawab ≤ target", percent(calls.answering.shareWithinTarget),
                "median " + LocalTime.duration(calls.answering.medianSeconds)
            ),
        ]
        return "<section class=\"cards\">"
            + cards.map {
                "<div class=\"card\"><div class=\"label\">\(HTML.escape($0.0))</div><div class=\"value\">\(HTML.escape($0.1))</div><div class=\"hint\">\(HTML.escape($0.2))</div></div>"
            }.joined()
            + "</section>"
    }

    private static func dailyChart(_ report: MonthlyReport) -> String {
        SVGBarChart(
            series: [.init(name: "Darurat", color: "#c62828"), .init(name: "Lainnya", color: "#90a4ae")],
            bars: report.days.map { (String($0.day.day), [Double($0.emergency), Double($0.other)]) },
            labelEvery: 2, title: "Panggilan per hari"
        ).render()
    }

    private static func hourlyChart(_ report: MonthlyReport) -> String {
        let series: [(String, String, [String])] = [
            ("Darurat", "#c62828", ["emergency", "duplicate"]), ("Informasi", "#1565c0", ["information"]),
            ("Iseng/diam", "#f9a825", ["prank", "silent"]),
            ("Lainnya", "#90a4ae", ["wrongNumber", "test", "abandoned", "undecided"]),
        ]
        return SVGBarChart(
            series: series.map { .init(name: $0.0, color: $0.1) },
            bars: report.calls.hours.map { hour in
                (
                    String(format: "%02d", hour.hour),
                    series.map { Double($0.2.reduce(0) { $0 + hour.dispositions[$1, default: 0] }) }
                )
            },
            labelEvery: 2, title: "Panggilan per jam"
        ).render()
    }

    private static func stepsTable(_ steps: [StepStatistics]) -> String {
        let rows = steps.map { step -> String in
            let names = stepNames[step.interval] ?? (step.interval.rawValue, "")
            let s = step.statistics
            return "<tr><td>\(HTML.escape(names.0))<div class=\"hint\">\(HTML.escape(names.1))</div></td>"
                + "<td class=\"n\">\(s.started)</td><td class=\"n\">\(LocalTime.duration(s.medianSeconds))</td>"
                + "<td class=\"n\">\(LocalTime.duration(s.p90Seconds))</td><td class=\"n\">\(percent(s.shareWithinTarget))</td>"
                + "<td class=\"n\">\(s.breached)</td></tr>"
        }
        return table(["Tahap", "Jumlah", "Median", "p90", "Dalam target", "Melewati target"], rows)
    }

    private static func priorityTable(_ report: MonthlyReport) -> String {
        let rows = report.byPriority.groups.compactMap { group -> String? in
            guard let key = group.key,
                let alarm = group.steps.first(where: { $0.interval == .alarmAnswering })?.statistics
            else { return nil }
            let travel = group.steps.first { $0.interval == .turnoutAndTravel }?.statistics
            return "<tr><td>\(HTML.escape(key))</td><td class=\"n\">\(alarm.started)</td>"
                + "<td class=\"n\">\(LocalTime.duration(alarm.medianSeconds))</td><td class=\"n\">\(percent(alarm.shareWithinTarget))</td>"
                + "<td class=\"n\">\(LocalTime.duration(travel?.medianSeconds))</td><td class=\"n\">\(percent(travel?.shareWithinTarget))</td></tr>"
        }
        return table(
            ["Prioritas", "Diteruskan", "Median respons", "Respons dalam target", "Median tiba", "Tiba dalam target"],
            rows)
    }

    private static func rankingTable(_ report: MonthlyReport) -> String {
        let rows = report.ranking.map { row in
            "<tr><td class=\"n\">\(row.rank)</td><td>\(HTML.escape(report.scope.agencyName(row.agencyID)))</td>"
                + "<td class=\"n\">\(row.dispatches)</td><td class=\"n\">\(LocalTime.duration(row.alarmAnswering.medianSeconds))</td>"
                + "<td class=\"n\">\(percent(row.alarmAnswering.shareWithinTarget))</td><td class=\"n\">\(row.declined)</td>"
                + "<td class=\"n\">\(row.breaches)</td></tr>"
        }
        return table(["#", "OPD", "Diteruskan", "Median respons", "Dalam target", "Menolak", "Melewati target"], rows)
    }

    private static func countTable(_ counts: [MonthlyReport.Count], label: String) -> String {
        table(
            [label, "Kejadian", "P1"],
            counts.map {
                "<tr><td>\(HTML.escape($0.name))</td><td class=\"n\">\($0.count)</td><td class=\"n\">\($0.p1)</td></tr>"
            })
    }

    /// The targets the month was held to: one table per policy version in force during it, with when it began.
    private static func appendix(_ report: MonthlyReport) -> String {
        report.policies.map { version in
            let since =
                version.version == 0
                ? "bawaan" : "berlaku sejak \(LocalTime(zone: report.scope.region.timeZone).format(version.at))"
            let reason = version.version == 0 ? "" : " — \(HTML.escape(version.reason))"
            return "<section><h2>Lampiran: target waktu respons (versi \(version.version), \(since))</h2>"
                + "<p class=\"note\">\(reason.isEmpty ? "Target bawaan Siaga112." : "Alasan perubahan" + reason)</p>"
                + targetsTable(version.policy, report) + "</section>"
        }.joined()
    }

    private static func targetsTable(_ policy: ResponsePolicy, _ report: MonthlyReport) -> String {
        let rows = ResponseInterval.allCases.map { interval in
            "<tr><td>\(HTML.escape(stepNames[interval]?.0 ?? interval.rawValue))</td>"
                + Priority.allCases.map {
                    "<td class=\"n\">\(LocalTime.duration(policy.target(interval, $0).map(Double.init)))</td>"
                }.joined()
                + "</tr>"
        }
        let commitments = policy.targets.filter { $0.agencyID != nil }.map {
            "<li>\(HTML.escape(report.scope.agencyName($0.agencyID))): \(HTML.escape(stepNames[$0.interval]?.0 ?? "")) "
                + "\($0.priority?.rawValue ?? "semua prioritas") \(LocalTime.duration(Double($0.seconds)))"
                + ($0.basis.map { " (\(HTML.escape($0)))" } ?? "") + "</li>"
        }
        return table(["Tahap", "P1", "P2", "P3", "P4"], rows)
            + (commitments.isEmpty
                ? "" : "<p class=\"note\">Komitmen OPD:</p><ul class=\"note\">\(commitments.joined())</ul>")
            + "<p class=\"note\">Sumber target bawaan: NENA-STA-020.1 (menjawab), NFPA 1225 (memproses), NFPA 1710 (respons OPD), "
            + "Permendagri 114/2018 (waktu tanggap 15 menit). Peringatan pada \(Int(policy.warningShare * 100)) % target.</p>"
    }

    private static func table(_ header: [String], _ rows: [String]) -> String {
        let body =
            rows.isEmpty
            ? "<tr><td colspan=\"\(header.count)\" class=\"empty\">Tidak ada data</td></tr>" : rows.joined()
        return "<table><thead><tr>" + header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            + body + "</tbody></table>"
    }

    private static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        return String(format: "%.0f %%", share * 100)
    }

    private static let style = """
        @page { size: A4; margin: 14mm 14mm 16mm 14mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1d2327; font-size: 10pt; margin: 0; }
        header { border-bottom: 3px solid #c62828; padding-bottom: 6px; margin-bottom: 10px; }
        .kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 8pt; color: #c62828; font-weight: 700; }
        h1 { font-size: 17pt; margin: 2px 0; }
        h2 { font-size: 11.5pt; margin: 12px 0 5px; border-left: 4px solid #1565c0; padding-left: 6px; }
        .sub, .hint, .note { color: #5f6b73; font-size: 8.5pt; }
        .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; }
        .card { border: 1px solid #d5dbdf; border-radius: 4px; padding: 6px 8px; break-inside: avoid; }
        .card .label { font-size: 8.5pt; color: #5f6b73; }
        .card .value { font-size: 16pt; font-weight: 700; }
        table { width: 100%; border-collapse: collapse; margin-top: 2px; }
        th, td { border-bottom: 1px solid #e3e7ea; padding: 3px 5px; text-align: left; vertical-align: top; }
        th { background: #eef2f5; font-size: 8.5pt; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.empty { text-align: center; color: #5f6b73; }
        section { break-inside: avoid; }
        .break { break-before: page; }
        .chart { width: 100%; height: auto; }
        .chart .grid { stroke: #e3e7ea; stroke-width: 1; }
        .chart .axis, .chart .legend { font-size: 8px; fill: #5f6b73; font-family: inherit; }
        footer { margin-top: 14px; font-size: 8pt; color: #5f6b73; border-top: 1px solid #d5dbdf; padding-top: 4px; }
        """
}
