import ArgumentParser
import SiagaServer

/// `indonesian` or `english`, whichever is in the language of this run of `siaga` (`--lang`, else the locale).
func words(_ indonesian: String, _ english: String) -> String {
    CommandLineLanguage.words(indonesian, english)
}

extension ArgumentHelp {
    /// The help of an option, in the language of this run.
    static func words(_ indonesian: String, _ english: String) -> ArgumentHelp {
        ArgumentHelp(SiagaBench.words(indonesian, english))
    }
}
