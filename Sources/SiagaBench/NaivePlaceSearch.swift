import Foundation
import SiagaCore

/// The bench's baseline for place search: the same ranking as ``PlaceSearch``, the straightforward way (each
/// place's parents' words as a set of strings, edit distances over arrays of characters, every vocabulary word of
/// the query's length compared for a typo in the first letter, every hit sorted). The bench checks that both give
/// the same places in the same order, and measures each.
struct NaivePlaceSearch: Sendable {
    typealias Place = PlaceSearch.Place
    typealias Hit = PlaceSearch.Hit

    private struct Entry: Sendable {
        var place: Place
        var tokens: [String]
        var context: Set<String>
    }

    private let entries: [Entry]
    private let postings: [String: [Int]]
    /// Vocabulary by first character, for typo and prefix matching.
    private let vocabulary: [Character: [String]]

    init(_ wilayah: Wilayah) {
        let all = wilayah.entries
        var entries: [Entry] = []
        for entry in all where entry.code.level >= .kabupaten {
            var parents: [String] = []
            var parent = entry.code.parent
            while let code = parent {
                if let name = wilayah.name(of: code) {
                    parents.append(code.level <= .kabupaten ? Wilayah.displayName(name) : name)
                }
                parent = code.parent
            }
            let name = entry.code.level == .kabupaten ? Wilayah.displayName(entry.name) : entry.name
            entries.append(
                Entry(
                    place: Place(code: entry.code, name: name, within: parents), tokens: PlaceSearch.tokens(name),
                    context: Set(parents.flatMap(PlaceSearch.tokens))))
        }
        var postings: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            for token in Set(entry.tokens) { postings[token, default: []].append(index) }
        }
        self.entries = entries
        self.postings = postings
        self.vocabulary = Dictionary(grouping: postings.keys) { $0.first! }.mapValues { $0.sorted() }
    }

    /// The best `limit` places for `query`; places inside `region` rank first among equals.
    func search(_ query: String, near region: RegionCode? = nil, limit: Int = 10) -> [Hit] {
        let words = PlaceSearch.tokens(query)
        guard !words.isEmpty else { return [] }
        let hinted = PlaceSearch.levelHint(query)
        // The best weight each word earns in each place's own name.
        var best: [Int: [String: Double]] = [:]
        for word in words {
            for (token, weight) in matches(for: word) {
                for index in postings[token] ?? [] {
                    best[index, default: [:]][word] = max(best[index]?[word] ?? 0, weight)
                }
            }
        }
        let hits = best.map { index, weights -> Hit in
            let entry = entries[index]
            var total = weights.values.reduce(0, +)
            let unmatched = words.filter { weights[$0] == nil }
            // A word naming the kecamatan or regency around the place ("candi sidoarjo") confirms it.
            total += Double(unmatched.filter { entry.context.contains($0) }.count) * 0.6
            // Name words the query did not mention make the match less certain.
            total -= Double(max(0, entry.tokens.count - weights.count)) * 0.2
            if let region, region.contains(entry.place.code) { total += 0.5 }
            // Among equals a kecamatan is what people usually mean, then a regency, then a village.
            total += entry.place.code.level == .kecamatan ? 0.05 : entry.place.code.level == .kabupaten ? 0.03 : 0
            // "Kab. …", "Kec. …", "Desa …" say which level the caller means.
            if entry.place.code.level == hinted { total += 0.3 }
            return Hit(place: entry.place, score: total)
        }
        return Array(hits.sorted { ($0.score, $1.place.code) > ($1.score, $0.place.code) }.prefix(limit))
    }

    /// Index tokens matching `word`: exactly (1), as a prefix (0.8, three letters or more), or within one or two
    /// edits (0.7, for words of four and seven letters or more).
    private func matches(for word: String) -> [(String, Double)] {
        var found: [(String, Double)] = []
        if postings[word] != nil { found.append((word, 1)) }
        guard let first = word.first else { return found }
        let allowed = word.count >= 7 ? 2 : (word.count >= 4 ? 1 : 0)
        for token in vocabulary[first] ?? [] where token != word {
            if word.count >= 3, token.hasPrefix(word) {
                found.append((token, 0.8))
            } else if allowed > 0, abs(token.count - word.count) <= allowed,
                PlaceSearch.editDistance(word, token, limit: allowed) <= allowed
            {
                found.append((token, 0.7))
            }
        }
        // A typo in the first letter: words of five letters or more also try the other buckets, exactly one edit.
        if word.count >= 5 {
            for (letter, tokens) in vocabulary where letter != first {
                for token in tokens
                where token.count == word.count && PlaceSearch.editDistance(word, token, limit: 1) <= 1 {
                    found.append((token, 0.6))
                }
            }
        }
        return found
    }
}
