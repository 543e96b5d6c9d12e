import ArgumentParser
import ConvKit
import Foundation
import LessonKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate lesson files and recompute every answer with the engine.",
        discussion: HelpText.discussion([
            "Reports problems as file:line:col: error: message on standard error and exits 1 on any: unknown or missing keys, wrong types, duplicate ids, layers that do not build, unknown layers, outputs out of range, and stated answers that disagree with the engine. The format is in Lessons/README.md.",
            "A folder's stack files (YAML with input: and layers: and no id: or steps:, named by a lesson's stacks:) are checked as stacks and listed as no lesson.",
        ], examples: [
            "check",
            "check my-lesson.yaml my-lessons/   # your own file and folder",
        ]))

    @Argument(help: ArgumentHelp("Lesson files or folders (default: the bundled lessons).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        try reportingErrors {
            let bundled = paths.isEmpty ? try BundledLessons.folder() : nil
            let c = bundled.map { LessonLibrary.load($0) } ?? LessonLibrary.load(paths)
            var err = OutputStream(fd: 2)
            let stacks = c.stackFileCount == 0 ? "" : ", " + c.stackFileCount.counting("stack file")
            // Someone editing ./Lessons would otherwise read "ok" about the copy built into the binary.
            var builtIn = ""
            if case .embedded = bundled {
                builtIn = "built-in "
                if LessonLibrary.isFolder(URL(fileURLWithPath: "Lessons")) {
                    try err.write("warning: checking the lessons built into convtutor, not ./Lessons (for that folder: CONVTUTOR_LESSONS=Lessons convtutor check)\n")
                    try err.flush()
                }
            }
            if !c.diagnostics.isEmpty {
                for d in c.diagnostics { try err.write(d.description + "\n") }
                let n = c.diagnostics.count
                try err.write("checked \(c.fileCount.counting("\(builtIn)lesson file"))\(stacks): \(n.counting("error"))\n")
                try err.flush()
                throw ExitCode(1)
            }
            let exercises = c.lessons.reduce(0) { $0 + $1.exercises.count }
            var out = OutputStream()
            try out.write("checked \(c.lessons.count.counting("\(builtIn)lesson")), \(exercises.counting("exercise"))\(stacks): ok\n")
            try out.flush()
        }
    }
}
