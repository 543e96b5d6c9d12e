#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the terminal or pipe that text goes to can show. Under `.ascii` every piece of text is
/// written with `AsciiText`'s stand-ins, and measured as written: `CellWidth` measures the
/// stand-ins, so layouts (cuts, padding, wrapping) fit the text that is really drawn.
///
/// A task-local rather than a global: one process renders both ways at once in tests, and the
/// full-screen loop and the commands bind it once for everything they draw or print.
public enum Charset: Sendable, Equatable {
    case unicode, ascii

    @TaskLocal public static var current: Charset = .unicode

    /// The process locale's: `.ascii` unless its codeset is UTF-8 (LANG unset or `C`, as over
    /// some SSH links and in CI), where UTF-8 bytes would show as garbage.
    public static func ofLocale() -> Charset {
        setlocale(LC_CTYPE, "")
        return String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" ? .unicode : .ascii
    }
}
