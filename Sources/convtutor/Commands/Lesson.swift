import ArgumentParser
import ConvKit
import Foundation
import LessonKit
import TerminalBackend
import TutorUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Take a guided lesson: a bundled one by id or number, or any lesson file.",
        discussion: HelpText.discussion([
            "Progress is saved after every answer; running the same lesson again resumes it. Without an id, the lesson menu opens.",
            "Keys: Enter next or check an answer, Backspace back, Tab hint (skip on a stepper; on a stack step, follow the output back), ←/→ step a stepper, space play it, ? help, q quit (Esc while typing). On a question, type skip to see the answer.",
            "--plain works line by line on standard input and output (prompt '> '): type an answer, or hint, skip, back, quit; Enter continues. End of input quits with progress saved. Without a terminal (or with TERM unset or dumb), --plain is used anyway.",
        ], examples: [
            "lesson sliding-window",
            "lesson 3 --plain",
            "lesson ./my-lesson.yaml",
        ]))

    @Argument(help: ArgumentHelp("A lesson id, its number in convtutor lessons, or a lesson file; without it, the menu.", valueName: "id|file"))
    var lesson: String?
    @Flag(help: "Line-by-line mode: no full-screen UI (for pipes, screen readers and plain terminals).")
    var plain = false
    @Flag(help: "Use no colours, only bold/reverse/underline (also when NO_COLOR is set).")
    var noColor = false
    @Option(help: ArgumentHelp("Record the session as an asciicast v2 file (play it with asciinema).", valueName: "file.cast"))
    var record: String?

    func validate() throws {
        if plain, lesson == nil { throw ValidationError("--plain needs a lesson: convtutor lesson ID --plain (convtutor lessons lists them)") }
        // Plain mode writes lines, not screens: there would be nothing in the recording.
        if plain, record != nil { throw ValidationError("--record records the full screen, which --plain does not draw; drop one of them") }
        // The same refusal where no terminal forces line-by-line mode: a usage error (64) too.
        if lesson != nil, record != nil, isatty(0) == 0 || isatty(1) == 0 || fullScreenUnavailable() != nil {
            throw ValidationError("--record needs a terminal to draw the lesson in; without one it runs line by line, with nothing to record")
        }
    }

    func run() throws {
        guard let name = lesson else { return try Menu.open(noColor: noColor, record: record) }
        var reason = ExitReason.quit
        try reportingDiagnostics {
            let (lesson, resume) = try Self.find(name)
            // Without a terminal (or one that cannot draw) the lesson still works, line by line.
            let lineByLine = plain || isatty(0) == 0 || isatty(1) == 0
            let why = lineByLine ? nil : cannotDrawHere("the lesson")
            if lineByLine || why != nil {
                if let why { ProgressFile.warn(why) }
                try Self.runPlain(lesson, resumeCommand: resume)
            } else {
                let loaded = ProgressFile.load()
                reason = try FullScreenLessons.run(LessonApp(lesson: lesson, progress: loaded.progress(of: lesson)), loaded: loaded, noColor: noColor, record: record)
            }
        }
        if case .signal(let n) = reason { throw ExitCode(128 + n) }
    }

    /// A file path, a bundled lesson id, or the number of a bundled lesson; and how to name it again.
    static func find(_ name: String) throws -> (Lesson, String) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: name, isDirectory: &isDir), !isDir.boolValue {
            switch LessonReader.load(path: name) {
            case .success(let l): return (l, "convtutor lesson \(name)")
            case .failure(let e): throw e
            }
        }
        let c = LessonLibrary.load(try BundledLessons.folder())
        switch c.entry(named: name) {
        case .lesson(let l): return (l, "convtutor lesson \(l.id)")
        case .broken(let d): throw LessonErrors(c.diagnostics(of: d.file))
        case nil: throw BundledLessons.notFound(name, count: c.numbered.count)
        }
    }

    static func runPlain(_ lesson: Lesson, resumeCommand: String) throws {
        let loaded = ProgressFile.load()
        var keeper = ProgressKeeper(store: ProgressFile.store, loaded: loaded)
        var runner = PlainLesson(
            session: LessonSession(lesson: lesson, progress: loaded.progress(of: lesson)),
            resumeCommand: resumeCommand,
            columns: HelpText.terminalColumns(),
            readLine: { Swift.readLine(strippingNewline: true) },
            write: { text in
                // Unbuffered: the prompt must be out before the program waits for a line.
                var out = OutputStream()
                try out.write(text)
                try out.flush()
            },
            save: { keeper.save($0, lesson: lesson.id) })
        // Nobody reads any more (`| head`): stop, as a program killed by SIGPIPE would.
        do { try runner.run() } catch is OutputStream.ReaderGone { throw ExitCode(128 + SIGPIPE) }
    }
}

/// The full-screen lessons with progress written after every change the app reports.
enum FullScreenLessons {
    struct Saving: Program {
        var app: LessonApp
        var keeper: ProgressKeeper
        var saved = 0

        var tickInterval: Double? { app.tickInterval }
        func view(_ size: Size) -> CellBuffer { app.view(size) }

        mutating func update(_ event: Event) -> Effect {
            let effect = app.update(event)
            if app.revision != saved, let (id, progress) = app.changed {
                saved = app.revision
                app.saved(keeper.save(progress, lesson: id), lesson: id)
            }
            return effect
        }
    }

    static func run(_ app: LessonApp, loaded: LearnerProgress, noColor: Bool, record: String? = nil) throws -> ExitReason {
        var program = Saving(app: app, keeper: ProgressKeeper(store: ProgressFile.store, loaded: loaded))
        do {
            return try runFullScreen(&program, colors: noColor ? .none : .auto, recordTo: record)
        } catch TerminalError.notATerminal {
            throw ConvError("the lesson menu needs an interactive terminal; use convtutor lessons, then convtutor lesson ID --plain")
        } catch let e as TerminalError {
            throw ConvError(e.description)
        }
    }
}

/// `convtutor menu`: every bundled lesson with done / in-progress marks, then the lesson chosen.
struct Menu: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose a guided lesson from a menu (done ✓ and in-progress … marks), full screen.",
        discussion: "Keys: ↑/↓ choose, Enter start or resume, ? help, q quit. Without a terminal, use convtutor lesson ID --plain.")

    @Flag(help: "Use no colours, only bold/reverse/underline (also when NO_COLOR is set).")
    var noColor = false
    @Option(help: ArgumentHelp("Record the session as an asciicast v2 file (play it with asciinema).", valueName: "file.cast"))
    var record: String?

    func run() throws { try Self.open(noColor: noColor, record: record) }

    static func open(noColor: Bool, record: String? = nil) throws {
        var reason = ExitReason.quit
        try reportingDiagnostics {
            let c = LessonLibrary.load(try BundledLessons.folder())
            let loaded = ProgressFile.load()
            if let why = cannotDrawHere("the menu") { return try PlainMenu.run(c.lessons, progress: loaded, why: why) }
            var app = LessonApp(menu: c.lessons.map { LessonApp.Entry(lesson: $0, progress: loaded.progress(of: $0)) })
            app.broken = c.broken
            if !c.broken.isEmpty {
                let n = c.broken.count
                app.notice = "\(n.counting("lesson file")) \(n == 1 ? "does" : "do") not load; run convtutor check"
            }
            reason = try FullScreenLessons.run(app, loaded: loaded, noColor: noColor, record: record)
        }
        if case .signal(let n) = reason { throw ExitCode(128 + n) }
    }
}

/// `reportingErrors`, plus lesson files that do not load: their problems print as `check` does.
func reportingDiagnostics(_ body: () throws -> Void) throws {
    do {
        try reportingErrors(body)
    } catch let e as LessonErrors {
        var err = OutputStream(fd: 2)
        for d in e.diagnostics { try? err.write(d.description + "\n") }
        try? err.flush()
        throw ExitCode(1)
    }
}
