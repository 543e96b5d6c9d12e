import TutorUI

/// `--help` in ASCII: longer stand-ins (`[ok]` for ✓, `180deg`) can push a line past the width
/// ArgumentParser wrapped the help to (its longest line but the usage). The words that no
/// longer fit go on to the start of the next line of the same paragraph, or a line of their
/// own, at the column the text starts in.
enum AsciiHelp {
    static func text(_ help: String) -> String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let width = lines.filter { !$0.hasPrefix("USAGE:") }.map(\.count).max() ?? 80
        var out: [String] = []
        var carry: (column: Int, words: Substring)?
        for line in lines {
            var line = AsciiText.transliterate(line)
            if let (column, words) = carry {
                let indent = line.prefix { $0 == " " }.count
                let pad = String(repeating: " ", count: column)
                if indent == column && line.count > indent {
                    line = pad + words + " " + line.dropFirst(indent)
                } else {
                    out.append(pad + words)
                }
                carry = nil
            }
            let column = textColumn(line)
            if line.count > width, let cut = line.prefix(width + 1).lastIndex(of: " "), line.distance(from: line.startIndex, to: cut) > column {
                out.append(String(line[..<cut]))
                carry = (column, line[line.index(after: cut)...])
            } else {
                out.append(line)
            }
        }
        if let (column, words) = carry { out.append(String(repeating: " ", count: column) + words) }
        return out.joined(separator: "\n")
    }

    /// Where a line's prose starts: after an option's name and the gap after it, else after
    /// the line's indent.
    static func textColumn(_ line: String) -> Int {
        let indent = line.prefix { $0 == " " }.count
        guard let gap = line.dropFirst(indent).range(of: "  ") else { return indent }
        let start = line.distance(from: line.startIndex, to: gap.lowerBound)
        return start + line[gap.lowerBound...].prefix { $0 == " " }.count
    }
}
