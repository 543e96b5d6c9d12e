import ArgumentParser
import ConvKit
import EmbeddedLessons
import Foundation
import LessonKit
import TutorUI

struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bundled lessons: id, title, topics, exercises, progress and file.",
        discussion: HelpText.discussion([
            "Each lesson takes two lines: its number, title and exercises, then its id, file and topics. The number is its place in this list (file names only sort it), as convtutor lesson N, demo N and progress --reset N take it. Marks: ✓ done, … in progress. A lesson file that does not load is skipped with one warning line giving its first problem (convtutor check lists every problem); it comes after the lessons, as in the menu.",
        ], examples: [
            "lessons",
            "lessons --format json",
        ]))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "Output format: text or json.") var format: Format = .text

    func run() throws {
        try reportingErrors {
            let lessons = try BundledLessons.load(warn: true)
            let progress = ProgressFile.load(readOnly: true).lessons
            var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
            switch format {
            case .json:
                let items = lessons.enumerated().map { n, l in
                    Item(id: l.id, number: n + 1, title: l.title, summary: l.summary, topics: l.topics, exercises: l.exercises.count,
                         steps: l.steps.count, file: l.file, status: Status(progress[l.id]).rawValue)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                try out.write(String(decoding: try encoder.encode(items), as: UTF8.self) + "\n")
            case .text:
                // Titles and file names are anyone's text: shown escaped, never sent to the terminal
                // raw, and measured as shown (escapes widen them, wide characters take two cells).
                // Two lines a lesson, each at most 80 columns: number, title and exercises, then
                // the id, the file and the topics (cut first when a line is too long).
                // Every piece is measured as the output charset shows it (marks, "…").
                let titles = lessons.map { Charset.shown(Escaped.cell($0.title)) }
                let numberWidth = String(lessons.count).count
                let counts = lessons.map { "\(String($0.exercises.count).leftPadded(2)) \($0.exercises.count.noun("exercise"))" }
                let countWidth = counts.map { CellWidth.of($0) }.max() ?? 0
                let before = Status.width + 1 + numberWidth + 2
                let titleWidth = min(titles.map { CellWidth.of($0) }.max() ?? 5, Self.width - before - 2 - countWidth)
                let indent = String(repeating: " ", count: before)
                for (n, (l, title)) in zip(lessons, titles).enumerated() {
                    let mark = Status(progress[l.id]).mark
                    try out.write("\(mark) \(String(n + 1).leftPadded(numberWidth))  \(Self.fit(title, titleWidth).padded(titleWidth))  \(counts[n])\n")
                    let details = Escaped.line([l.id, l.file, l.topics.joined(separator: ", ")].joined(separator: Charset.separator))
                    try out.write(indent + Self.fit(details, Self.width - indent.count) + "\n")
                }
                if lessons.isEmpty { try out.write("no lessons found\n") }
            }
            try out.flush()
        }
    }

    static let width = 80

    /// `text` in at most `width` cells, ending in "…" (as the charset shows it) when cut.
    static func fit(_ text: String, _ width: Int) -> String {
        let dots = Charset.shown("…")
        return CellWidth.of(text) <= width ? text : String(CellWidth.prefix(text, fitting: width - CellWidth.of(dots)).0) + dots
    }

        struct Item: Encodable {
        let id: String
        /// As `lesson N` takes it: the same numbering as the text list and the menu.
        let number: Int
        let title, summary: String
        let topics: [String]
        let exercises, steps: Int
        let file, status: String
    }
}

enum Status: String {
    case new, inProgress = "in-progress", done

    init(_ p: LessonProgress?) {
        guard let p else { self = .new; return }
        self = p.done ? .done : p.isStarted ? .inProgress : .new
    }

    /// One width for every mark, in the cells the output charset draws ("[ok]" in ASCII), so
    /// the columns after it line up.
    var mark: String {
        let mark = switch self {
        case .new: " "
        case .inProgress: "…"
        case .done: "✓"
        }
        return Charset.shown(mark).padded(Self.width)
    }

    static var width: Int { ["…", "✓"].map { CellWidth.of(Charset.shown($0)) }.max() ?? 1 }
}

/// The bundled lessons: embedded in the binary (named `Lessons/…` in messages), or the folder
/// CONVTUTOR_LESSONS names.
enum BundledLessons {
    static func folder() throws -> LessonFolder {
        switch LessonLibrary.bundled(embedded: EmbeddedFiles(display: "Lessons", files: EmbeddedLessonFiles.bytes)) {
        case .success(let folder): return folder
        case .failure(let e): throw ConvError(e.description)
        }
    }

    /// Every lesson that loads; broken files are reported as warnings, not failures.
    static func load(warn: Bool) throws -> [Lesson] {
        let c = LessonLibrary.load(try folder())
        if warn && !c.broken.isEmpty {
            var err = OutputStream(fd: 2)
            // Numbered as the menu's ✗ rows and `lesson N` take them: after the lessons.
            for (n, d) in c.broken.enumerated() {
                try? err.write(Escaped.line("warning: skipping lesson \(c.lessons.count + n + 1), \(d.file):\(d.line):\(d.column): \(d.message) (convtutor check lists every problem)") + "\n")
            }
            try? err.flush()
        }
        return c.lessons
    }

    /// A name that is no bundled lesson: the error says what would do.
    static func notFound(_ name: String, count: Int, orSaved: Bool = false) -> ConvError {
        let numbers = count == 0 ? "there are no lessons" : count == 1 ? "lesson 1 is the only one" : "lessons are numbered 1 to \(count)"
        let what = orSaved ? "a lesson id or number, or the id of a lesson with saved progress" : "a lesson id or number, or a lesson file"
        return ConvError("no lesson '\(Escaped.line(name))': give \(what) (\(numbers); see convtutor lessons)")
    }
}

/// progress.json for the commands: warnings about a corrupt file go to standard error.
enum ProgressFile {
    static var store: ProgressStore { ProgressStore() }

    /// `readOnly`: for commands that only show progress, which never rename the file.
    static func load(readOnly: Bool = false) -> LearnerProgress {
        let loaded = store.load(moveAside: !readOnly)
        if let w = loaded.warning { warn(w) }
        return loaded.progress
    }

    static func warn(_ message: String) {
        var err = OutputStream(fd: 2)
        try? err.write("warning: \(Escaped.line(message))\n")
        try? err.flush()
    }
}

extension String {
    /// Padded to `n` terminal cells.
    func padded(_ n: Int) -> String { self + String(repeating: " ", count: Swift.max(0, n - CellWidth.of(self))) }
    func leftPadded(_ n: Int) -> String { String(repeating: " ", count: Swift.max(0, n - CellWidth.of(self))) + self }
}
