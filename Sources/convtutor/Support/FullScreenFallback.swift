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

/// Where a terminal cannot draw (TERM unset, unknown or dumb), says why in one line and returns
/// true: the lessons and the menu then go on line by line.
func cannotDrawHere(_ what: String) -> Bool {
    guard case .cannotDraw(let why)? = fullScreenUnavailable() else { return false }
    ProgressFile.warn("\(why); \(what) runs line by line, as with --plain")
    return true
}

/// The menu, line by line: the lessons numbered, then the one chosen runs as `lesson --plain`.
enum PlainMenu {
    static func run(_ lessons: [Lesson], progress: LearnerProgress) throws {
        var out = OutputStream()
        for (i, l) in lessons.enumerated() {
            try out.write("\(Status(progress.lessons[l.id]).mark) \(String(i + 1).leftPadded(2)). \(l.title)  (\(l.id))\n")
        }
        try out.write("lesson number or id (Enter to quit)> ")
        try out.flush()
        guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else { return }
        let chosen = Int(line).flatMap { lessons.indices.contains($0 - 1) ? lessons[$0 - 1].id : nil } ?? line
        let (lesson, resume) = try LessonCommand.find(chosen)
        try LessonCommand.runPlain(lesson, resumeCommand: resume)
    }
}
