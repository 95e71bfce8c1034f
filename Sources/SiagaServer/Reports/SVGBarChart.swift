import Foundation

/// A stacked bar chart drawn as inline SVG, so a report prints the same everywhere without a script.
struct SVGBarChart {
    struct Series {
        var name: String
        var color: String
    }

    var series: [Series]
    /// One bar per label; `values[i]` stacks one value per series, in series order.
    var bars: [(label: String, values: [Double])]
    var width = 680.0
    var height = 200.0
    /// Shows every n-th label under the axis when bars are many.
    var labelEvery = 1
    var title: String

    func render() -> String {
        let left = 40.0
        let bottom = 22.0
        let top = 22.0
        let plotWidth = width - left - 8
        let plotHeight = height - bottom - top
        let maximum = max(bars.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        let scale = niceCeiling(maximum)
        let slot = plotWidth / Double(max(bars.count, 1))
        let barWidth = max(slot * 0.72, 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(f(width)) \(f(height))" role="img" \
            aria-label="\(HTML.escape(title))" class="chart">
            """
        for step in 0...4 {
            let value = scale * Double(step) / 4
            let y = top + plotHeight - plotHeight * Double(step) / 4
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - 8))\" y2=\"\(f(y))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(f(left - 4))\" y=\"\(f(y + 3))\" text-anchor=\"end\" class=\"axis\">\(Int(value))</text>"
        }
        for (index, bar) in bars.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var base = top + plotHeight
            for (value, series) in zip(bar.values, series) where value > 0 {
                let h = plotHeight * value / scale
                base -= h
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(base))\" width=\"\(f(barWidth))\" height=\"\(f(h))\" fill=\"\(series.color)\"><title>\(HTML.escape(bar.label)) · \(HTML.escape(series.name)): \(Int(value))</title></rect>"
            }
            if index % labelEvery == 0 {
                svg +=
                    "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" class=\"axis\">\(HTML.escape(bar.label))</text>"
            }
        }
        var legendX = left
        for series in series {
            svg += "<rect x=\"\(f(legendX))\" y=\"4\" width=\"10\" height=\"10\" fill=\"\(series.color)\"/>"
            svg += "<text x=\"\(f(legendX + 14))\" y=\"13\" class=\"legend\">\(HTML.escape(series.name))</text>"
            legendX += 24 + Double(series.name.count) * 6.2
        }
        return svg + "</svg>"
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    private func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// HTML text escaping.
enum HTML {
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
