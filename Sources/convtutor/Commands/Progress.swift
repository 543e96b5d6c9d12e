import ArgumentParser
import ConvKit
import LessonKit

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show saved progress per lesson and exercise, or clear it.",
        discussion: """
            Progress lives in $XDG_STATE_HOME/convtutor/progress.json (default ~/.local/state/convtutor/).
            Examples:
              convtutor progress
              convtutor progress --reset            # forget everything
              convtutor progress --reset first-output
            """)

    @Flag(help: "Clear progress: for the given lesson, or for all lessons.") var reset = false
    @Argument(help: ArgumentHelp("A lesson id: show or reset only this lesson.", valueName: "id")) var id: String?

    func run() throws {
        try reportingErrors {
            let store = ProgressFile.store
            var out = OutputStream()
            if reset {
                let had = ProgressFile.load().lessons[id ?? ""] != nil
                do { try store.reset(id) } catch { throw ConvError("\(error)") }
                if let id {
                    try out.write(had ? "cleared progress for \(id)\n" : "no progress saved for \(id)\n")
                } else {
                    try out.write("cleared all progress (\(store.url.path))\n")
                }
                try out.flush()
                return
            }
            let progress = ProgressFile.load()
            let known = Dictionary((try? BundledLessons.load(warn: false))?.map { ($0.id, $0) } ?? [], uniquingKeysWith: { a, _ in a })
            var ids = progress.lessons.keys.sorted { (known[$0]?.file ?? "~" + $0) < (known[$1]?.file ?? "~" + $1) }
            if let id { ids = ids.filter { $0 == id } }
            try out.write("progress file: \(store.url.path)\n")
            if ids.isEmpty { try out.write(id.map { "no progress saved for \($0)\n" } ?? "no progress yet; start with convtutor lessons\n") }
            for lessonID in ids {
                guard let p = progress.lessons[lessonID] else { continue }
                let lesson = known[lessonID]
                let solved = p.exercises.values.filter(\.solved).count
                let total = lesson?.exercises.count ?? p.exercises.count
                let place = p.done ? "done" : "at step \(p.step + 1)" + (lesson.map { " of \($0.steps.count)" } ?? "")
                try out.write("\(Status(p).mark) \(lessonID): \(place), \(solved) of \(total) exercises solved\n")
                let order = lesson?.exercises.map(\.id) ?? p.exercises.keys.sorted()
                for exID in order {
                    guard let e = p.exercises[exID] else { continue }
                    let state = e.solved ? "solved" : e.skipped ? "skipped" : "not yet"
                    try out.write("    \(exID): \(state), \(e.attempts) attempt\(e.attempts == 1 ? "" : "s"), \(e.hints) hint\(e.hints == 1 ? "" : "s")\n")
                }
            }
            try out.flush()
        }
    }
}
