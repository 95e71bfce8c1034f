import Foundation

/// Finds villages, kecamatan and regencies by the names people say, tolerant of typos, missing prefixes ("Kec.",
/// "Desa"), old spellings ("Djombang", "Soerabaja") and a parent named alongside ("candi sidoarjo"), ranked with
/// the serving region first. Built once from the reference list; every query reads only the index.
public struct PlaceSearch: Sendable {
    public struct Place: Hashable, Sendable {
        public var code: RegionCode
        public var name: String
        /// The places it lies in, nearest first (`Candi, Kabupaten Sidoarjo, Jawa Timur`).
        public var within: [String]
    }

    public struct Hit: Hashable, Sendable {
        public var place: Place
        public var score: Double
    }

    private struct Entry: Sendable {
        var place: Place
        var tokens: [String]
        var context: Set<String>
    }

    private let entries: [Entry]
    private let postings: [String: [Int]]
    /// Vocabulary by first character, for typo and prefix matching.
    private let vocabulary: [Character: [String]]

    public init(_ wilayah: Wilayah) {
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
                    place: Place(code: entry.code, name: name, within: parents), tokens: Self.tokens(name),
                    context: Set(parents.flatMap(Self.tokens))))
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
    public func search(_ query: String, near region: RegionCode? = nil, limit: Int = 10) -> [Hit] {
        let words = Self.tokens(query)
        guard !words.isEmpty else { return [] }
        let hinted = Self.levelHint(query)
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
                Self.editDistance(word, token, limit: allowed) <= allowed
            {
                found.append((token, 0.7))
            }
        }
        // A typo in the first letter: words of five letters or more also try the other buckets, exactly one edit.
        if word.count >= 5 {
            for (letter, tokens) in vocabulary where letter != first {
                for token in tokens where token.count == word.count && Self.editDistance(word, token, limit: 1) <= 1 {
                    found.append((token, 0.6))
                }
            }
        }
        return found
    }

    static let fillers: Set<String> = [
        "kec", "kecamatan", "desa", "kel", "kelurahan", "kab", "kabupaten", "kota", "ds", "dusun", "di", "daerah",
    ]

    /// The level a prefix in the query names ("kota" does not count: people say it of a regency's town too).
    static func levelHint(_ query: String) -> RegionCode.Level? {
        let words = Set(query.lowercased().split { !$0.isLetter }.map(String.init))
        if !words.isDisjoint(with: ["kab", "kabupaten"]) { return .kabupaten }
        if !words.isDisjoint(with: ["kec", "kecamatan"]) { return .kecamatan }
        if !words.isDisjoint(with: ["desa", "kel", "kelurahan", "ds"]) { return .desa }
        return nil
    }

    /// Lower-case words with old spellings made modern and administrative prefixes dropped.
    static func tokens(_ text: String) -> [String] {
        var normalized = text.lowercased()
        for (old, new) in [("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh")] {
            normalized = normalized.replacingOccurrences(of: old, with: new)
        }
        let words = normalized.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return words.filter { !fillers.contains($0) }
    }

    /// Levenshtein distance, giving up once it exceeds `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            var rowMinimum = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
