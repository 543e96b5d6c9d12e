import Foundation

/// Yams hashes every mapping key while composing, and an alias used as a key is hashed through
/// everything it expands to: nine nested aliases make a file of twelve lines take hours
/// ("billion laughs"). Lessons never need aliases or collections as keys, so files that have
/// anchors are refused before parsing if they use one.
enum KeyGuard {
    private static let anchor = try! NSRegularExpression(pattern: #"(^|[\s\[{,])&[^\s\[\]{},]+"#, options: .anchorsMatchLines)
    private static let complexKeys = try! NSRegularExpression(
        pattern: #"(^|[\s\[{,])\*[^\s\[\]{},]+\s*:(\s|$)|^[ \t]*(-[ \t]+)*\?([ \t]|$)|[\]}][ \t]*:([ \t]|$)"#, options: .anchorsMatchLines)

    static func problem(in text: String) -> Place? {
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
}
