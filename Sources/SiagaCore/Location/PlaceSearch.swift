import Foundation

/// Finds villages, kecamatan and regencies by the names people say, tolerant of typos, missing prefixes ("Kec.",
/// "Desa"), old spellings ("Djombang", "Soerabaja") and a parent named alongside ("candi sidoarjo"), ranked with
/// the serving region first. Built once from the reference list; every query reads only the index.
///
/// It answers at every keystroke, so the index is compact and a query allocates little: each word of the index is a
/// number, its letters in one shared array of Unicode scalars; a place keeps its own words' count and a shared list
/// of its parents' words; typos are found by a bounded edit distance over those scalars (only among words of the same
/// first letter and a near length), and a typo in the first letter by comparing the rest of the words of the same
/// length; only the best hits are sorted.
public struct PlaceSearch: Sendable {
    public struct Place: Hashable, Sendable {
        public var code: RegionCode
        public var name: String
        /// The places it lies in, nearest first (`Candi, Kabupaten Sidoarjo, Jawa Timur`).
        public var within: [String]

        public init(code: RegionCode, name: String, within: [String]) {
            self.code = code
            self.name = name
            self.within = within
        }
    }

    public struct Hit: Hashable, Sendable {
        public var place: Place
        public var score: Double

        public init(place: Place, score: Double) {
            self.place = place
            self.score = score
        }
    }

    private struct Entry: Sendable {
        var code: RegionCode
        var name: String
        /// How many words its own name has.
        var wordCount: Int32
        /// Its parents' words, an index into `contexts`.
        var context: Int32
    }

    private let entries: [Entry]
    /// Each distinct list of parents' words (a kecamatan's villages share one), as sorted word numbers.
    private let contexts: [[Int32]]
    /// The names of kecamatan, regencies and provinces, for a place's `within`.
    private let parentNames: [RegionCode: String]
    private let words: Vocabulary
    /// The places whose own name has each word, by word number (empty for a word only parents have).
    private let postings: [[Int32]]
    /// Words of place names by first letter, and by length.
    private let byFirst: [UInt32: [Int32]]
    private let byLength: [[Int32]]

    public init(_ wilayah: Wilayah) {
        var vocabulary = Vocabulary()
        var parentNames: [RegionCode: String] = [:]
        for entry in wilayah.entries where entry.code.level <= .kecamatan {
            parentNames[entry.code] = entry.code.level <= .kabupaten ? Wilayah.displayName(entry.name) : entry.name
        }
        var entries: [Entry] = []
        var postings: [[Int32]] = []
        var contexts: [[Int32]] = []
        var contextOf: [RegionCode: Int32] = [:]
        for entry in wilayah.entries where entry.code.level >= .kabupaten {
            let parent = entry.code.parent
            let context: Int32
            if let parent, let known = contextOf[parent] {
                context = known
            } else {
                let parentWords = Self.parents(of: entry.code, names: parentNames).flatMap(Self.tokens)
                context = Int32(contexts.count)
                contexts.append(Set(parentWords.map { vocabulary.number($0) }).sorted())
                if let parent { contextOf[parent] = context }
            }
            let name = parentNames[entry.code] ?? entry.name
            let own = Self.tokens(name)
            let index = Int32(entries.count)
            for word in Set(own) {
                let number = Int(vocabulary.number(word))
                if postings.count <= number { postings += Array(repeating: [], count: number - postings.count + 1) }
                postings[number].append(index)
            }
            entries.append(Entry(code: entry.code, name: name, wordCount: Int32(own.count), context: context))
        }
        postings += Array(repeating: [], count: max(0, vocabulary.count - postings.count))
        let named = (0..<Int32(vocabulary.count)).filter { !postings[Int($0)].isEmpty }
        self.byFirst = Dictionary(grouping: named) { vocabulary.scalars(of: $0).first! }
        var byLength: [[Int32]] = []
        for number in named {
            let length = vocabulary.scalars(of: number).count
            if byLength.count <= length { byLength += Array(repeating: [], count: length - byLength.count + 1) }
            byLength[length].append(number)
        }
        self.byLength = byLength
        self.entries = entries
        self.contexts = contexts
        self.parentNames = parentNames
        self.postings = postings
        self.words = vocabulary
    }

    /// The best `limit` places for `query`; places inside `region` rank first among equals.
    public func search(_ query: String, near region: RegionCode? = nil, limit: Int = 10) -> [Hit] {
        let said = Self.tokens(query)
        guard !said.isEmpty else { return [] }
        var distinct: [String] = []
        for word in said where !distinct.contains(word) { distinct.append(word) }
        let hinted = Self.levelHint(query)
        // The best weight each distinct word earns in each place's own name: a row of weights per place found.
        var rowOf: [Int32: Int] = [:]
        var weights: [Double] = []
        var matcher = Matcher()
        for (column, word) in distinct.enumerated() {
            for (number, weight) in matcher.matches(for: word, in: self) {
                for place in postings[Int(number)] {
                    let row: Int
                    if let known = rowOf[place] {
                        row = known
                    } else {
                        row = rowOf.count
                        rowOf[place] = row
                        weights.append(contentsOf: repeatElement(0, count: distinct.count))
                    }
                    weights[row * distinct.count + column] = max(weights[row * distinct.count + column], weight)
                }
            }
        }
        // Each said word as a known word number (nil when no place or parent has it), for the parents' check.
        let saidNumbers = said.map { words.known($0) }
        var scored: [(score: Double, place: Int32)] = []
        scored.reserveCapacity(rowOf.count)
        for (place, row) in rowOf {
            let entry = entries[Int(place)]
            let rowWeights = weights[(row * distinct.count)..<((row + 1) * distinct.count)]
            var total = rowWeights.reduce(0, +)
            let matched = rowWeights.reduce(0) { $1 > 0 ? $0 + 1 : $0 }
            // A word naming the kecamatan or regency around the place ("candi sidoarjo") confirms it.
            let context = contexts[Int(entry.context)]
            for (word, number) in zip(said, saidNumbers) {
                guard let number, rowWeights[rowWeights.startIndex + distinct.firstIndex(of: word)!] == 0 else {
                    continue
                }
                if Self.sortedContains(context, number) { total += 0.6 }
            }
            // Name words the query did not mention make the match less certain.
            total -= Double(max(0, Int(entry.wordCount) - matched)) * 0.2
            if let region, region.contains(entry.code) { total += 0.5 }
            // Among equals a kecamatan is what people usually mean, then a regency, then a village.
            total += entry.code.level == .kecamatan ? 0.05 : entry.code.level == .kabupaten ? 0.03 : 0
            // "Kab. …", "Kec. …", "Desa …" say which level the caller means.
            if entry.code.level == hinted { total += 0.3 }
            scored.append((total, place))
        }
        return best(scored, limit: limit).map { score, place in
            let entry = entries[Int(place)]
            return Hit(
                place: Place(
                    code: entry.code, name: entry.name, within: Self.parents(of: entry.code, names: parentNames)),
                score: score)
        }
    }

    /// The `limit` best of `scored`, highest score first, then lowest code: a bounded selection, not a sort of all.
    private func best(_ scored: [(score: Double, place: Int32)], limit: Int) -> [(score: Double, place: Int32)] {
        func before(_ a: (score: Double, place: Int32), _ b: (score: Double, place: Int32)) -> Bool {
            a.score != b.score ? a.score > b.score : entries[Int(a.place)].code < entries[Int(b.place)].code
        }
        guard limit > 0 else { return [] }
        var kept: [(score: Double, place: Int32)] = []
        kept.reserveCapacity(limit + 1)
        for candidate in scored {
            if kept.count == limit, let last = kept.last, !before(candidate, last) { continue }
            let at = kept.firstIndex { before(candidate, $0) } ?? kept.count
            kept.insert(candidate, at: at)
            if kept.count > limit { kept.removeLast() }
        }
        return kept
    }

    private static func parents(of code: RegionCode, names: [RegionCode: String]) -> [String] {
        var parents: [String] = []
        var parent = code.parent
        while let next = parent {
            if let name = names[next] { parents.append(name) }
            parent = next.parent
        }
        return parents
    }

    private static func sortedContains(_ numbers: [Int32], _ number: Int32) -> Bool {
        var (low, high) = (0, numbers.count)
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < number { low = middle + 1 } else { high = middle }
        }
        return low < numbers.count && numbers[low] == number
    }

    static let fillers: Set<String> = [
        "kec", "kecamatan", "desa", "kel", "kelurahan", "kab", "kabupaten", "kota", "ds", "dusun", "di", "daerah",
    ]

    /// The level a prefix in the query names ("kota" does not count: people say it of a regency's town too).
    public static func levelHint(_ query: String) -> RegionCode.Level? {
        let words = Set(query.lowercased().split { !$0.isLetter }.map(String.init))
        if !words.isDisjoint(with: ["kab", "kabupaten"]) { return .kabupaten }
        if !words.isDisjoint(with: ["kec", "kecamatan"]) { return .kecamatan }
        if !words.isDisjoint(with: ["desa", "kel", "kelurahan", "ds"]) { return .desa }
        return nil
    }

    /// Lower-case words with old spellings made modern and administrative prefixes dropped.
    public static func tokens(_ text: String) -> [String] {
        var normalized = text.lowercased()
        for (old, new) in [("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh")] {
            normalized = normalized.replacingOccurrences(of: old, with: new)
        }
        let words = normalized.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return words.filter { !fillers.contains($0) }
    }

    /// Levenshtein distance, giving up once it exceeds `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
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

extension PlaceSearch {
    /// The index's words, each a number, their letters as Unicode scalars in one array.
    struct Vocabulary: Sendable {
        private var numbers: [String: Int32] = [:]
        private var letters: [UInt32] = []
        private var starts: [Int32] = [0]

        var count: Int { starts.count - 1 }

        /// The word's number, adding it when new.
        mutating func number(_ word: String) -> Int32 {
            if let known = numbers[word] { return known }
            let number = Int32(count)
            numbers[word] = number
            letters += word.unicodeScalars.map(\.value)
            starts.append(Int32(letters.count))
            return number
        }

        func known(_ word: String) -> Int32? { numbers[word] }

        func scalars(of number: Int32) -> ArraySlice<UInt32> {
            letters[Int(starts[Int(number)])..<Int(starts[Int(number) + 1])]
        }
    }

    /// Finds the index's words close to a query's word, reusing its buffers from word to word.
    struct Matcher {
        private var previous: [Int] = []
        private var current: [Int] = []

        /// Index words matching `word`: exactly (1), as a prefix (0.8, three letters or more), or within one or two
        /// edits (0.7, for words of four and seven letters or more); a typo in the first letter of a word of five
        /// letters or more, exactly one edit (0.6).
        mutating func matches(for word: String, in index: PlaceSearch) -> [(Int32, Double)] {
            let query = word.unicodeScalars.map(\.value)
            guard let first = query.first else { return [] }
            var found: [(Int32, Double)] = []
            let exact = index.words.known(word)
            if let exact, !index.postings[Int(exact)].isEmpty { found.append((exact, 1)) }
            let allowed = query.count >= 7 ? 2 : (query.count >= 4 ? 1 : 0)
            for number in index.byFirst[first] ?? [] where number != exact {
                let token = index.words.scalars(of: number)
                if query.count >= 3, token.count >= query.count, token.prefix(query.count).elementsEqual(query) {
                    found.append((number, 0.8))
                } else if allowed > 0, abs(token.count - query.count) <= allowed,
                    distance(query, token, limit: allowed) <= allowed
                {
                    found.append((number, 0.7))
                }
            }
            if query.count >= 5, query.count < index.byLength.count {
                // Same length and a different first letter: one edit means the rest is the same.
                for number in index.byLength[query.count] {
                    let token = index.words.scalars(of: number)
                    if token.first != first, token.dropFirst().elementsEqual(query.dropFirst()) {
                        found.append((number, 0.6))
                    }
                }
            }
            return found
        }

        /// Levenshtein distance over scalars, giving up once it exceeds `limit`.
        private mutating func distance(_ a: [UInt32], _ b: ArraySlice<UInt32>, limit: Int) -> Int {
            let width = b.count + 1
            if previous.count < width {
                previous = Array(repeating: 0, count: width)
                current = Array(repeating: 0, count: width)
            }
            for j in 0..<width { previous[j] = j }
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                var j = 1
                for letter in b {
                    let cost = a[i - 1] == letter ? 0 : 1
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    rowMinimum = min(rowMinimum, current[j])
                    j += 1
                }
                if rowMinimum > limit { return limit + 1 }
                swap(&previous, &current)
            }
            return previous[b.count]
        }
    }
}
