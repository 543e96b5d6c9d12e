import Foundation

/// Yams hashes every mapping key while composing, and an alias used as a key is hashed through
/// everything it expands to: nine nested aliases make a file of twelve lines take hours
/// ("billion laughs"). Lessons never need aliases or collections as keys, so files that have
/// anchors are refused before parsing if they use one.
enum KeyGuard {
    private static let anchor = try! NSRegularExpression(pattern: #"(^|[\s\[{,])&[^\s\[\]{},]+"#, options: .anchorsMatchLines)
    private static let complexKeys = try! NSRegularExpression(
        pattern: #"(^|[\s\[{,])\*[^\s\[\]{},]+\s*:(\s|$)|^[ \t]*(-[ \t]+)*\?([ \t]|$)|[\]}][ \t]*:([ \t]|$)"#, options: .anchorsMatchLines)

    static func problem(in source: String) -> Place? {
        let text = withoutBlockScalars(source)
        let all = NSRange(text.startIndex..., in: text)
        guard anchor.firstMatch(in: text, range: all) != nil, let m = complexKeys.firstMatch(in: text, range: all),
              let r = Range(m.range, in: text) else { return nil }
        let before = text[..<r.lowerBound]
        let line = before.reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        var column = text[lineStart..<r.lowerBound].unicodeScalars.count + 1
        // Point past the separator the pattern may have matched first.
        if let first = text[r].first, first == " " || first == "\t" || first == "[" || first == "{" || first == "," { column += 1 }
        return Place(line: line, column: column)
    }

    /// The text with the contents of `|` and `>` blocks blanked (line numbers kept): prose such
    /// as "*padding*: ..." inside a text step is not YAML structure and must not trip the guard.
    static func withoutBlockScalars(_ text: String) -> String {
        var out: [Substring] = []
        var blockIndent: Int?   // indentation of the line that opened the block
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix(while: { $0 == " " }).count
            let blank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            if let open = blockIndent {
                if blank || indent > open {
                    out.append("")
                    continue
                }
                blockIndent = nil
            }
            out.append(line)
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = code.trimmingCharacters(in: .whitespaces)
            if let last = trimmed.split(separator: " ").last, let first = last.first, first == "|" || first == ">",
               last.dropFirst().allSatisfy({ "+-0123456789".contains($0) }) {
                blockIndent = indent
            }
        }
        return out.joined(separator: "\n")
    }
}
