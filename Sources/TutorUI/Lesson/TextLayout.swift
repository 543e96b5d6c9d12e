import Foundation

/// Lesson prose on screen: paragraphs word-wrapped, `*words*` emphasised, and lines that start
/// with two spaces kept verbatim (small grids in the text must keep their columns); list items
/// start new lines.
enum TextLayout {
    struct Run: Equatable {
        var text: String
        var emphasis: Bool
    }

    typealias Line = [Run]

    static func lines(_ text: String, width: Int) -> [Line] {
        let width = max(10, width)
        var out: [Line] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += wrap(words(paragraph.joined(separator: " ")), width: width) }
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

    /// Words with their emphasis; a `*` opens at the start of a word and closes at its end.
    static func words(_ text: String) -> [Run] {
        var runs: [Run] = []
        var emphasis = false
        for word in text.split(separator: " ") {
            var w = Substring(word)
            var starts = emphasis
            if w.hasPrefix("*"), w.count > 1 {
                w = w.dropFirst()
                starts = true
            }
            var ends = !starts
            if starts, let close = w.lastIndex(of: "*"), w[w.index(after: close)...].allSatisfy({ $0.isPunctuation }) {
                w.remove(at: close)
                ends = true
            }
            runs.append(Run(text: String(w), emphasis: starts))
            emphasis = starts && !ends
        }
        return runs
    }

    static func wrap(_ words: [Run], width: Int) -> [Line] {
        var lines: [Line] = []
        var line: Line = []
        var used = 0
        for var w in words {
            while w.text.count > width {
                if !line.isEmpty { lines.append(line); line = []; used = 0 }
                lines.append([Run(text: String(w.text.prefix(width)), emphasis: w.emphasis)])
                w.text = String(w.text.dropFirst(width))
            }
            let need = (line.isEmpty ? 0 : 1) + w.text.count
            if used + need > width && !line.isEmpty {
                lines.append(line)
                line = []
                used = 0
            }
            if !line.isEmpty { line.append(Run(text: " ", emphasis: false)); used += 1 }
            line.append(w)
            used += w.text.count
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
