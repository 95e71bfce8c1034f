import ArgumentParser
import SiagaServer

/// `indonesian` or `english`, whichever is in the language of this run (`--lang`, else the locale).
///
/// Every text the command line shows a person goes through here, so none exists in one language only.
func words(_ indonesian: String, _ english: String) -> String {
    CommandLineLanguage.words(indonesian, english)
}

extension ArgumentHelp {
    /// The help of an option, argument or flag, in the language of this run.
    static func words(_ indonesian: String, _ english: String) -> ArgumentHelp {
        ArgumentHelp(siaga.words(indonesian, english))
    }
}
