import Synchronization

/// The one language the `siaga` command line speaks in a run.
///
/// Chosen once, before the command is parsed: `--lang id|en` anywhere on the command line wins; else the POSIX
/// locale, the first non-empty of `LC_ALL`, `LC_MESSAGES` and `LANG` (English when it starts with `en`); else
/// Indonesian, the product's default, also for `C` and `POSIX`. The server never reads it: a request's language comes
/// from its `Accept-Language`.
public enum CommandLineLanguage {
    /// A `--lang` without a value, or with one that is neither `id` nor `en`.
    public struct UnknownLanguage: Error, Equatable, CustomStringConvertible {
        /// What followed `--lang`; nil when nothing did.
        public var value: String?

        public init(value: String?) { self.value = value }

        /// Worded in both languages: the run's language is the one that could not be chosen.
        public var description: String {
            guard let value else {
                return "--lang perlu nilai: id atau en. / --lang needs a value: id or en."
            }
            return "Bahasa '\(value)' tidak dikenal; pilih id atau en. / Unknown language '\(value)'; choose id or en."
        }
    }

    /// The language of this run; Indonesian until `choose(_:)` is called.
    public static var current: Language { chosen.withLock { $0 } }

    /// Sets the language of this run; `siaga` calls it once, before parsing its command.
    public static func choose(_ language: Language) { chosen.withLock { $0 = language } }

    /// `indonesian` or `english`, whichever is in the language of this run.
    public static func words(_ indonesian: String, _ english: String) -> String {
        current == .id ? indonesian : english
    }

    /// The language `arguments` and `environment` choose, and `arguments` without any `--lang` (both the
    /// `--lang en` and `--lang=en` forms; the last one given wins). Arguments after `--` are left alone.
    public static func resolve(
        arguments: [String], environment: [String: String]
    ) throws(UnknownLanguage) -> (language: Language, remaining: [String]) {
        var remaining: [String] = []
        var asked: String??
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                remaining += arguments[index...]
                break
            } else if argument == "--lang" {
                let next = arguments.index(after: index)
                asked = .some(next < arguments.endIndex ? arguments[next] : nil)
                index = min(arguments.index(after: next), arguments.endIndex)
                continue
            } else if argument.hasPrefix("--lang=") {
                asked = .some(String(argument.dropFirst("--lang=".count)))
            } else {
                remaining.append(argument)
            }
            index = arguments.index(after: index)
        }
        guard let asked else { return (language(ofLocale: environment), remaining) }
        guard let value = asked, let language = Language(rawValue: value.lowercased()) else {
            throw UnknownLanguage(value: asked)
        }
        return (language, remaining)
    }

    /// The language of the POSIX locale in `environment`: English when the first non-empty of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` starts with `en`, Indonesian otherwise.
    public static func language(ofLocale environment: [String: String]) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        return (locale ?? "").lowercased().hasPrefix("en") ? .en : .id
    }

    private static let chosen = Mutex<Language>(.id)
}
