/// A command's help discussion. ArgumentParser wraps the whole discussion to the terminal
/// width, keeping a line whole only when it fits: prose is therefore given as one line per
/// paragraph (ArgumentParser wraps it at any width), and each example is laid out here in
/// lines that fit 80 columns, continued with ` \` so that a copied example is still one command.
enum HelpText {
    /// ArgumentParser breaks a line unless its newline falls within the first COLUMNS
    /// characters: at 80 columns a line keeps at most 79.
    static let width = 79

    static func discussion(_ paragraphs: [String], examples: [String]) -> String {
        let body = examples.isEmpty ? [] : [(["Examples:"] + examples.flatMap(lines)).joined(separator: "\n")]
        return (paragraphs + body).joined(separator: "\n\n")
    }

    /// `  convtutor …`, broken before an option (never inside a quoted value) when too long.
    static func lines(_ example: String) -> [String] {
        let whole = "  convtutor " + example
        guard whole.count > width else { return [whole] }
        var out: [String] = []
        var line = "  convtutor"
        for group in groups(words(example)) {
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

    /// An option with its values, or a pipe with its command: the pieces a line may break between.
    private static func groups(_ words: [String]) -> [String] {
        var groups: [String] = []
        for w in words {
            if w.hasPrefix("-") || w == "|" || groups.isEmpty { groups.append(w) } else { groups[groups.count - 1] += " " + w }
        }
        return groups
    }
}
