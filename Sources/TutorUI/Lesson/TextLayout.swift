import Foundation
import LessonKit

/// Lesson prose on screen: paragraphs word-wrapped, `*words*` emphasised, and lines that start
/// with two spaces kept verbatim (small grids in the text must keep their columns); list items
/// start new lines.
enum TextLayout {
    typealias Run = LessonText.Run
    typealias Line = [Run]

    static func lines(_ text: String, width: Int) -> [Line] {
        let width = max(10, width)
        let charset = Charset.current
        return memo.lines(text, width, charset) { layOut(text, width: width, charset: charset) }
    }

    /// Recent layouts: a frame asks for the lesson text's several times (the page count, the
    /// page drawn, the key handled) and lays out short texts (prompts, notices, summaries) in
    /// between, which must not push a long text out. A page turn or End then costs only the
    /// page drawn, and a long text is laid out once per width.
    private final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(text: String, width: Int, charset: Charset, lines: [Line])] = []
        private let capacity = 8

        func lines(_ text: String, _ width: Int, _ charset: Charset, _ make: () -> [Line]) -> [Line] {
            lock.lock()
            // Lengths first: telling two long texts apart must not cost a comparison of both.
            if let i = entries.firstIndex(where: { $0.width == width && $0.charset == charset && $0.text.utf8.count == text.utf8.count && $0.text == text }) {
                defer { lock.unlock() }
                let hit = entries.remove(at: i)
                entries.append(hit)
                return hit.lines
            }
            lock.unlock()
            let made = make()
            lock.lock()
            if entries.count == capacity { entries.removeFirst() }
            entries.append((text, width, charset, made))
            lock.unlock()
            return made
        }
    }
    private static let memo = Memo()

    /// Under `Charset.ascii` the text is laid out as its stand-ins, each paragraph in one piece
    /// so a `·` can read its neighbours; products become `∗` (drawn `*`), not the `*` of markup.
    private static func layOut(_ text: String, width: Int, charset: Charset) -> [Line] {
        var out: [Line] = []
        var paragraph: [String] = []
        let shown = { (s: String) in charset == .ascii ? AsciiText.transliterate(s, product: "∗") : s }
        func flush() {
            if !paragraph.isEmpty { out += wrap(LessonText.words(shown(paragraph.joined(separator: " "))), width: width) }
            paragraph = []
        }
        // Split and trimmed by bytes and ends only: a line may be a megabyte long.
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = Substring(raw)
            let trimmed = trimSpaces(line)
            if trimmed.isEmpty {
                flush()
                if out.last.map({ !$0.isEmpty }) == true { out.append([]) }
            } else if line.hasPrefix("  ") {
                flush()
                out.append([Run(text: String(CellWidth.prefix(shown(String(line)), fitting: width).0), emphasis: false)])
            } else {
                if isListItem(trimmed) { flush() }
                paragraph.append(String(trimmed))
            }
        }
        flush()
        while out.last?.isEmpty == true { out.removeLast() }
        return out
    }

    /// Spaces and tabs (any Unicode space, as `CharacterSet.whitespaces`) cut from both ends.
    static func trimSpaces(_ s: Substring) -> Substring {
        func space(_ c: Character) -> Bool { c == " " || c == "\t" || c.unicodeScalars.first?.properties.generalCategory == .spaceSeparator }
        guard let first = s.firstIndex(where: { !space($0) }), let last = s.lastIndex(where: { !space($0) }) else { return s[s.endIndex...] }
        return s[first...last]
    }

    /// A list item ("1. ", "2) ", "- ") starts on its own line.
    static func isListItem(_ s: Substring) -> Bool {
        if s.hasPrefix("- ") { return true }
        let digits = s.prefix(while: { $0.isASCII && $0.isNumber })
        let rest = s[digits.endIndex...]
        return !digits.isEmpty && (rest.hasPrefix(". ") || rest.hasPrefix(") "))
    }

    /// Words with their emphasis (see `LessonText.words`), one run per piece.
    static func words(_ text: String) -> [Run] { LessonText.words(text).flatMap { $0 } }

    /// Words filled into lines of at most `width` cells. Each word is measured once and a word
    /// wider than a line is broken hard at the width, piece by piece, so the cost stays linear in
    /// the text however long its words are.
    static func wrap(_ words: [LessonText.Word], width: Int) -> [Line] {
        var lines: [Line] = []
        var line: Line = []
        var used = 0
        for word in joiningMinus(words) {
            let length = word.reduce(0) { $0 + CellWidth.of($1.text) }
            if length == 0 { continue }
            if length > width {
                if !line.isEmpty { lines.append(line) }
                (line, used) = breakHard(word, width: width, into: &lines)
                continue
            }
            if used + (line.isEmpty ? 0 : 1) + length > width && !line.isEmpty {
                lines.append(line)
                line = []
                used = 0
            }
            if !line.isEmpty { line.append(Run(text: " ", emphasis: false)); used += 1 }
            line += word
            used += length
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A lone minus (`stride − 1`, `-` in ASCII) joined to the words on both sides, so no line
    /// starts with it: `- 1 zeros` would read as a list item.
    static func joiningMinus(_ words: [LessonText.Word]) -> [LessonText.Word] {
        var out: [LessonText.Word] = []
        var glue = false
        for word in words {
            let minus = word.count == 1 && (word[0].text == "−" || word[0].text == "-")
            if (minus || glue), var last = out.popLast() {
                last.append(Run(text: " ", emphasis: false))
                out.append(last + word)
            } else {
                out.append(word)
            }
            glue = minus
        }
        return out
    }

    /// Full lines of `word` appended to `lines`; the last, partial piece is returned with its
    /// width so that the next words can follow it.
    private static func breakHard(_ word: LessonText.Word, width: Int, into lines: inout [Line]) -> (Line, Int) {
        var piece: Line = []
        var used = 0
        for run in word {
            if run.text.utf8.allSatisfy({ $0 < 0x80 }) {
                // ASCII: one cell a byte, cut by offsets without breaking graphemes.
                let bytes = run.text.utf8
                var start = bytes.startIndex
                while bytes.distance(from: start, to: bytes.endIndex) > width - used {
                    let end = bytes.index(start, offsetBy: width - used)
                    if end > start { piece.append(Run(text: String(run.text[start..<end]), emphasis: run.emphasis)) }
                    lines.append(piece)
                    (piece, used, start) = ([], 0, end)
                }
                if start < bytes.endIndex {
                    piece.append(Run(text: String(run.text[start...]), emphasis: run.emphasis))
                    used += bytes.distance(from: start, to: bytes.endIndex)
                }
                continue
            }
            var start = run.text.startIndex
            for i in run.text.indices {
                let w = CellWidth.of(run.text[i])
                if used + w > width {
                    if start < i { piece.append(Run(text: String(run.text[start..<i]), emphasis: run.emphasis)) }
                    lines.append(piece)
                    (piece, used, start) = ([], 0, i)
                }
                used += w
            }
            if start < run.text.endIndex { piece.append(Run(text: String(run.text[start...]), emphasis: run.emphasis)) }
        }
        return (piece, used)
    }

    /// Where each page of `lines` starts and ends, at most `rows` lines a page. A page break
    /// never falls inside a verbatim block (a grid or picture: lines that start with two spaces)
    /// nor between a block and the line that introduces it, and never leaves one line of a
    /// paragraph alone on a page; only a block taller than a page is cut. Blank lines never
    /// start a page.
    static func pages(_ lines: [Line], rows: Int) -> [Range<Int>] {
        let rows = max(1, rows)
        let n = lines.count
        func blank(_ i: Int) -> Bool { i < 0 || i >= n || lines[i].isEmpty }
        func verbatim(_ i: Int) -> Bool { !blank(i) && lines[i].count == 1 && lines[i][0].text.hasPrefix("  ") }
        func prose(_ i: Int) -> Bool { !blank(i) && !verbatim(i) }
        /// Whether a page may end before line `b` (one that starts at `start`).
        func canBreak(_ b: Int, from start: Int) -> Bool {
            if blank(b - 1) || blank(b) { return true }
            if verbatim(b) { return !verbatim(b - 1) && !prose(b - 1) }
            // Inside a paragraph: neither its first nor its last line alone.
            if prose(b - 1) && prose(b) { return !(blank(b + 1) || verbatim(b + 1)) && !(b - 2 < start || blank(b - 2) || verbatim(b - 2)) }
            return true
        }
        var pages: [Range<Int>] = []
        var start = 0
        while start < n {
            while start < n && lines[start].isEmpty { start += 1 }
            guard start < n else { break }
            var end = min(n, start + rows)
            if end < n {
                var b = end
                while b > start + 1 && !canBreak(b, from: start) { b -= 1 }
                if b > start + 1 || canBreak(b, from: start) { end = b }
            }
            while end > start + 1 && lines[end - 1].isEmpty { end -= 1 }
            pages.append(start..<end)
            start = end
        }
        return pages.isEmpty ? [0..<0] : pages
    }

    /// One line cut to `width` at a word where it can be, ending in "…" when anything was cut.
    static func cut(_ line: String, width: Int) -> String {
        guard CellWidth.of(line) > width else { return line }
        let room = max(1, width - CellWidth.of("…"))
        var head = CellWidth.prefix(line, fitting: room).0
        if let space = head.lastIndex(of: " "), CellWidth.of(head[..<space]) >= room / 2 { head = head[..<space] }
        while let last = head.last, last == " " || last == "," || last == "·" || last == ";" { head = head.dropLast() }
        return head + "…"
    }

    /// A message made to fit one line by shortening its file paths from the left
    /// (`/home/ann/.local/state/convtutor` becomes `…/state/convtutor`), then cut if it must be.
    static func fitPaths(_ text: String, width: Int) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func length() -> Int { words.reduce(0) { $0 + CellWidth.of($1) } + words.count - 1 }
        while length() > width {
            let long = words.indices.filter { i in
                let parts = words[i].split(separator: "/", omittingEmptySubsequences: false)
                return parts.count >= 3 && words[i].contains("/")
            }
            guard let i = long.max(by: { words[$0].count < words[$1].count }) else { break }
            var parts = words[i].split(separator: "/", omittingEmptySubsequences: false)
            // Drop the first real component; "…" stands for everything dropped.
            let start = parts.first == "…" ? 1 : (parts.first?.isEmpty == true ? 1 : 0)
            parts.remove(at: start)
            if parts.first != "…" { parts[0] = "…" }
            words[i] = parts.joined(separator: "/")
        }
        return cut(words.joined(separator: " "), width: width)
    }

    /// Plain wrapping for prompts and feedback.
    static func plain(_ text: String, width: Int) -> [String] {
        lines(text, width: width).map { $0.map(\.text).joined() }
    }
}

extension CellBuffer {
    mutating func draw(_ line: TextLayout.Line, x: Int, y: Int, _ style: Style = .plain) {
        var col = x
        for run in line {
            col = put(run.text, x: col, y: y, run.emphasis ? Style(.accent, style.attributes.union(.bold)) : style)
        }
    }
}
