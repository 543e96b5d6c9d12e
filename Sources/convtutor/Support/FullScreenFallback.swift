import ConvKit
import Foundation
import LessonKit
import TerminalBackend

/// What a full-screen command says when the UI cannot run here (no terminal, TERM unset or
/// dumb): one error line, pointing at the way on.
func fullScreenRefusal(_ command: String, _ problem: TerminalError, instead: String) -> ConvError {
    if case .notATerminal = problem { return ConvError("convtutor \(command) needs an interactive terminal; \(instead)") }
    return ConvError("convtutor \(command) needs a full-screen terminal (\(problem)); \(instead)")
}

/// Where a terminal cannot draw (TERM unset, unknown or dumb), the one line saying why (the
/// lessons and the menu then go on line by line); nil where it can.
func cannotDrawHere(_ what: String) -> String? {
    guard case .cannotDraw(let why)? = fullScreenUnavailable() else { return nil }
    return "\(why); \(what) runs line by line, as with --plain"
}

/// The menu, line by line: the lessons numbered, then the one chosen runs as `lesson --plain`.
enum PlainMenu {
    /// `why` is warned right above the prompt, where a short screen still shows it after the list.
    static func run(_ lessons: [Lesson], progress: LearnerProgress, why: String) throws {
        var out = OutputStream()
        for (i, l) in lessons.enumerated() {
            try out.write("\(Status(progress.lessons[l.id]).mark) \(String(i + 1).leftPadded(2)). \(l.title)  (\(l.id))\n")
        }
        try out.flush()
        ProgressFile.warn(why)
        try out.write("lesson number or id (Enter to quit)> ")
        try out.flush()
        guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else { return }
        let chosen = Int(line).flatMap { lessons.indices.contains($0 - 1) ? lessons[$0 - 1].id : nil } ?? line
        let (lesson, resume) = try LessonCommand.find(chosen)
        try LessonCommand.runPlain(lesson, resumeCommand: resume)
    }
}
