extension NoticeLadder {
    /// The ladder as one cell of `agencies.csv`'s `ladder` column: rungs joined by `|`, each
    /// `channel[+seconds]:recipient[:label]`, e.g. `whatsapp:081234567890:Piket|sms+60:081234567890:Piket`.
    public var csvCell: String {
        rungs.map { rung in
            let channel =
                rung.afterSeconds == 0 ? rung.channel.rawValue : "\(rung.channel.rawValue)+\(rung.afterSeconds)"
            return ([channel, rung.recipient] + (rung.label.map { [$0] } ?? [])).joined(separator: ":")
        }.joined(separator: "|")
    }

    /// Reads a `ladder` cell; an empty cell is no ladder. Throws the rung that cannot be read or used.
    public init(csvCell cell: String) throws(NoticeLadderCellError) {
        var rungs: [NoticeRung] = []
        for text in cell.split(separator: "|").map({ String($0).trimmingWhitespace }) where !text.isEmpty {
            let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map {
                String($0).trimmingWhitespace
            }
            let head = parts[0].split(separator: "+", maxSplits: 1).map(String.init)
            guard parts.count >= 2, let channel = NoticeChannel(rawValue: head.first ?? ""),
                let seconds = head.count == 2 ? Int(head[1]) : 0
            else { throw NoticeLadderCellError(rung: text) }
            rungs.append(
                NoticeRung(
                    channel: channel, recipient: parts[1],
                    label: parts.count == 3 && !parts[2].isEmpty ? parts[2] : nil,
                    afterSeconds: seconds))
        }
        guard case .success(let ladder) = NoticeLadder(rungs: rungs).validated() else {
            throw NoticeLadderCellError(rung: cell)
        }
        self = ladder
    }
}

/// A `ladder` cell with a rung that is not `channel[+seconds]:recipient[:label]` or names a recipient its channel
/// cannot reach.
public struct NoticeLadderCellError: Error, Hashable, Sendable {
    public var rung: String
}
