#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command's help discussion. ArgumentParser wraps the whole discussion to the terminal
/// width at spaces: prose is given as one line per paragraph, which it wraps at any width. An
/// example must stay one command when copied, so it is written with `space` for its spaces,
/// which ArgumentParser never breaks at (examples come last, so no space follows them), and
/// laid out by `finish` at the width the help is printed at: continued with ` \` before an
/// option, never inside a quoted value.
enum HelpText {
    /// Stands for a space inside an example until `finish` lays it out (a private-use character).
    static let space: Character = "\u{E000}"

    static func discussion(_ paragraphs: [String], examples: [String]) -> String {
        let encoded = examples.map { String(("  convtutor " + $0).map { $0 == " " ? space : $0 }) }
        let body = examples.isEmpty ? [] : [(["Examples:"] + encoded).joined(separator: "\n")]
        return (paragraphs + body).joined(separator: "\n\n")
    }

    /// The help as printed: every example laid out for `columns`. The JSON of
    /// --experimental-dump-help (what the man page is made from) gets each example on one line.
    static func finish(_ help: String, columns: Int = terminalColumns()) -> String {
        if help.hasPrefix("{") { return String(help.map { $0 == space ? " " : $0 }) }
        return help.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            guard line.first == space else { return [String(line)] }
            let example = String(line.map { $0 == space ? " " : $0 })
            return lines(String(example.dropFirst("  convtutor ".count)), width: columns - 1)
        }.joined(separator: "\n")
    }

    /// The width ArgumentParser wraps help to, and plain lessons their lines: $COLUMNS, else
    /// the terminal's (when standard output is one), else 80.
    static func terminalColumns() -> Int {
        if let s = getenv("COLUMNS"), let n = Int(String(cString: s)), n > 0 { return n }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `  convtutor …` in lines of at most `width` characters, broken before an option or a
    /// comment (never inside a quoted value); a word longer than a line keeps a line of its own.
    static func lines(_ example: String, width: Int) -> [String] {
        let whole = "  convtutor " + example
        guard whole.count > width else { return [whole] }
        var out: [String] = []
        var line = "  convtutor"
        // A group too long for the line it starts breaks between its words (never a comment's).
        let pieces = groups(words(example)).enumerated().flatMap { i, g in
            g.first != "#" && (i == 0 ? line.count + 1 : 4) + g.joined(separator: " ").count + 2 > width ? g : [g.joined(separator: " ")]
        }
        for group in pieces {
            if line.count + 1 + group.count + 2 > width && line != "  convtutor" {
                out.append(line + " \\")
                line = "    " + group
            } else {
                line += " " + group
            }
        }
        return out + [line]
    }

    /// Shell words, a double-quoted value kept as one word with its quotes.
    private static func words(_ s: String) -> [String] {
        var words: [String] = [], current = "", quoted = false
        for ch in s {
            if ch == "\"" { quoted.toggle() }
            if ch == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// An option with its values, a pipe with its command, or a comment: the pieces a line may
    /// break between (a comment may follow ` \`: the shell joins the lines first).
    private static func groups(_ words: [String]) -> [[String]] {
        var groups: [[String]] = []
        var comment = false
        for w in words {
            let starts = !comment && (w.hasPrefix("-") || w == "|" || w == "#")
            if w == "#" { comment = true }
            if starts || groups.isEmpty { groups.append([w]) } else { groups[groups.count - 1].append(w) }
        }
        return groups
    }
}
