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
