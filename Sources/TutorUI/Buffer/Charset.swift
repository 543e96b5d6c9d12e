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

    /// What separates phrases on a line (key legends, `id · file · topics`): ` · `, and ` | `
    /// in ASCII. Said explicitly so that `AsciiText` guesses at a lone `·` only in lesson prose,
    /// where `long1 · L1` could be a product.
    public static var separator: String { current == .ascii ? " | " : " · " }

    /// `text` as the current charset draws it (its stand-ins under `.ascii`). Pieces of a layout
    /// that get measured and padded (marks, titles, an ellipsis) are made of this, so that the
    /// padding counts the cells really drawn and drawing the line changes nothing more.
    public static func shown(_ text: String) -> String { current == .ascii ? AsciiText.transliterate(text) : text }

    /// A line of phrases joined by ` · ` (a key legend), with every ` · ` a `separator`.
    public static func separated(_ line: String) -> String {
        current == .ascii ? line.replacingOccurrences(of: " · ", with: separator) : line
    }

    /// The process locale's: `.ascii` unless its codeset is UTF-8 (LANG unset or `C`, as over
    /// some SSH links and in CI), where UTF-8 bytes would show as garbage.
    public static func ofLocale() -> Charset {
        setlocale(LC_CTYPE, "")
        return String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" ? .unicode : .ascii
    }
}
