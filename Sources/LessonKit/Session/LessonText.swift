import Foundation

/// The light markup of lesson prose, shared by the full-screen UI and plain mode: `*words*` are
/// emphasis (the markers may sit inside punctuation, as in `(*filters*)` or `*kernel*,`), and a
/// line that starts with two spaces is verbatim (small grids keep their columns).
public enum LessonText {
    public struct Run: Sendable, Equatable {
        public var text: String
        public var emphasis: Bool
        public init(text: String, emphasis: Bool) {
            self.text = text
            self.emphasis = emphasis
        }
    }

    /// One word as runs: punctuation before an emphasis marker, the emphasised part, and
    /// punctuation after the closing marker are separate runs of one word.
    public typealias Word = [Run]

    static let openers: Set<Character> = ["(", "[", "\"", "'", "“", "‘", "«"]

    /// The words of a paragraph (split on spaces) with their emphasis. A `*` opens at the start
    /// of a word (after opening punctuation) and closes at the end of a word (before closing
    /// punctuation); an emphasis may span several words.
    public static func words(_ text: String) -> [Word] {
        var open = false
        return words(text, open: &open)
    }

    /// `open` carries an emphasis that is still open from an earlier line of the paragraph.
    static func words(_ text: String, open: inout Bool) -> [Word] {
        var out: [Word] = []
        // Split by bytes and measured at the ends only: one word may be a megabyte long.
        for token in text.utf8.split(separator: UInt8(ascii: " ")) {
            var word: Word = []
            var rest = Substring(token)
            var emphasised = open
            // Most words start with a letter: no opener or marker to look for.
            if !open, let first = rest.utf8.first, !(first >= 0x30 && first <= 0x39 || (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A) {
                let lead = rest.prefix(while: { openers.contains($0) })
                let after = rest[lead.endIndex...]
                if after.hasPrefix("*"), let next = after.dropFirst().first, next != "*" {
                    if !lead.isEmpty { word.append(Run(text: String(lead), emphasis: false)) }
                    rest = after.dropFirst()
                    emphasised = true
                }
            }
            var trailing: Substring = ""
            var closes = false
            if emphasised, let star = rest.utf8.lastIndex(of: UInt8(ascii: "*")) {
                let after = rest[rest.index(after: star)...]
                if after.allSatisfy({ $0.isPunctuation || $0.isSymbol }) && !after.contains("*") {
                    trailing = after
                    rest = rest[..<star]
                    closes = true
                }
            }
            if !rest.isEmpty { word.append(Run(text: String(rest), emphasis: emphasised)) }
            if !trailing.isEmpty { word.append(Run(text: String(trailing), emphasis: false)) }
            if word.isEmpty { word.append(Run(text: "", emphasis: false)) }
            out.append(word)
            open = emphasised && !closes
        }
        return out
    }

    /// The text with emphasis markers removed and everything else as written: what plain mode
    /// prints (a screen reader would say "star" for every marker).
    public static func plain(_ text: String) -> String {
        var open = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("  ") || line.trimmingCharacters(in: .whitespaces).isEmpty {
                open = false
                return String(line)
            }
            let indent = line.prefix(while: { $0 == " " })
            return indent + words(String(line), open: &open).map { $0.map(\.text).joined() }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
