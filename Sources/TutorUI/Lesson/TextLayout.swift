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
        var out: [Line] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += wrap(LessonText.words(paragraph.joined(separator: " ")), width: width) }
            paragraph = []
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
                if out.last.map({ !$0.isEmpty }) == true { out.append([]) }
            } else if line.hasPrefix("  ") {
                flush()
                out.append([Run(text: String(line.prefix(width)), emphasis: false)])
            } else {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                // A list item ("1. ", "2) ", "- ") starts on its own line.
                if trimmed.range(of: #"^(\d+[.)]|-) "#, options: .regularExpression) != nil { flush() }
                paragraph.append(trimmed)
            }
        }
        flush()
        while out.last?.isEmpty == true { out.removeLast() }
        return out
    }

    /// Words with their emphasis (see `LessonText.words`), one run per piece.
    static func words(_ text: String) -> [Run] { LessonText.words(text).flatMap { $0 } }

    static func wrap(_ words: [LessonText.Word], width: Int) -> [Line] {
        var lines: [Line] = []
        var line: Line = []
        var used = 0
        for var word in words {
            var length = word.reduce(0) { $0 + $1.text.count }
            // A word longer than a line is cut into line-sized pieces.
            while length > width {
                if !line.isEmpty { lines.append(line); line = []; used = 0 }
                var piece: Line = []
                var room = width
                while room > 0, !word.isEmpty {
                    if word[0].text.count <= room {
                        room -= word[0].text.count
                        piece.append(word.removeFirst())
                    } else {
                        piece.append(Run(text: String(word[0].text.prefix(room)), emphasis: word[0].emphasis))
                        word[0].text = String(word[0].text.dropFirst(room))
                        room = 0
                    }
                }
                lines.append(piece)
                length = word.reduce(0) { $0 + $1.text.count }
            }
            if length == 0 { continue }
            let need = (line.isEmpty ? 0 : 1) + length
            if used + need > width && !line.isEmpty {
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

    /// One line cut to `width` at a word where it can be, ending in "…" when anything was cut.
    static func cut(_ line: String, width: Int) -> String {
        guard line.count > width else { return line }
        let room = max(1, width - 1)
        var head = Substring(line.prefix(room))
        if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) >= room / 2 { head = head[..<space] }
        while let last = head.last, last == " " || last == "," || last == "·" || last == ";" { head = head.dropLast() }
        return head + "…"
    }

    /// A message made to fit one line by shortening its file paths from the left
    /// (`/home/ann/.local/state/convtutor` becomes `…/state/convtutor`), then cut if it must be.
    static func fitPaths(_ text: String, width: Int) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func length() -> Int { words.reduce(0) { $0 + $1.count } + words.count - 1 }
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
