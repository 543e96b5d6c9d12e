import ArgumentParser
import ConvKit
import Foundation
import LessonKit

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show saved progress per lesson and exercise, or clear it.",
        discussion: HelpText.discussion([
            "Progress lives in $XDG_STATE_HOME/convtutor/progress.json (default ~/.local/state/convtutor/).",
        ], examples: [
            "progress",
            "progress --reset            # forget everything",
            "progress --reset sliding-window",
            "progress --reset 3          # lesson 3, as convtutor lesson 3",
        ]))

    @Flag(help: "Clear progress: for the given lesson, or for all lessons.") var reset = false
    @Argument(help: ArgumentHelp("A lesson id, or its number in convtutor lessons: show or reset only this lesson.", valueName: "id")) var id: String?

    func run() throws {
        try reportingErrors {
            let store = ProgressFile.store
            var out = OutputStream()
            let progress = ProgressFile.load(readOnly: !reset)
            let bundled = (try? BundledLessons.folder()).map { LessonLibrary.load($0) } ?? LessonLibrary.Collection()
            let known = Dictionary(bundled.lessons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let lessonID = try id.map { try Self.resolve($0, progress: progress, bundled: bundled) }
            if reset {
                let had = progress.lessons[lessonID ?? ""] != nil
                do { try store.reset(lessonID) } catch { throw ConvError("\(error)") }
                if let lessonID {
                    try out.write(Escaped.line(had ? "cleared progress for \(lessonID)" : "no progress saved for \(lessonID)") + "\n")
                } else {
                    try out.write("cleared all progress (\(store.url.path))\n")
                }
                try out.flush()
                return
            }
            var ids = progress.lessons.keys.sorted { (known[$0]?.file ?? "~" + $0) < (known[$1]?.file ?? "~" + $1) }
            if let lessonID { ids = ids.filter { $0 == lessonID } }
            try out.write("progress file: \(store.url.path)\n")
            if ids.isEmpty { try out.write(Escaped.line(lessonID.map { "no progress saved for \($0)" } ?? "no progress yet; run convtutor to open the lessons") + "\n") }
            for lessonID in ids {
                let lesson = known[lessonID]
                guard let p = lesson.flatMap({ progress.progress(of: $0) }) ?? progress.lessons[lessonID] else { continue }
                // A renamed exercise's old record stays in the file: count the lesson's own ids.
                let order = lesson?.exercises.map(\.id) ?? p.exercises.keys.sorted()
                let solved = order.filter { p.exercises[$0]?.solved == true }.count
                let total = lesson?.exercises.count ?? p.exercises.count
                // A lesson that got shorter since the step was saved resumes at its last step.
                let step = lesson.map { min(p.step + 1, max(1, $0.steps.count)) } ?? p.step + 1
                let place = p.done ? "done" : "at screen \(step)" + (lesson.map { " of \($0.steps.count)" } ?? "")
                // Ids come from progress.json, which anyone can edit: shown escaped.
                try out.write(Escaped.line("\(Status(p).mark) \(lessonID): \(place), \(solved) of \(total.counting("exercise")) solved") + "\n")
                for exID in order {
                    guard let e = p.exercises[exID] else { continue }
                    let state = e.solved ? "solved" : e.skipped ? "skipped" : "not yet"
                    try out.write(Escaped.line("    \(exID): \(state), \(e.attempts.counting("attempt")), \(e.hints.counting("hint"))") + "\n")
                }
            }
            try out.flush()
        }
    }

    /// A lesson id as saved, or a bundled lesson's number, id or file name, as `convtutor
    /// lesson` takes them; anything else is an error rather than a silent no-op.
    static func resolve(_ name: String, progress: LearnerProgress, bundled c: LessonLibrary.Collection) throws -> String {
        if Int(name) == nil, progress.lessons[name] != nil { return name }
        switch c.entry(named: name) {
        case .lesson(let l): return l.id
        case .broken(let d): throw ConvError("lesson \(name) does not load (\(d.file):\(d.line):\(d.column): \(d.message)); its progress is kept under its id: convtutor progress --reset ID")
        case nil:
            if progress.resets[name] != nil { return name }
            throw BundledLessons.notFound(name, count: c.numbered.count, orSaved: true)
        }
    }
}
