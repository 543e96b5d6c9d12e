import Foundation
import Testing

/// One lesson file that does not load is reported, and every other lesson still lists and plays.
@Suite(.timeLimit(.minutes(10))) struct BrokenLessonTests {
    /// A copy of two bundled lessons with a broken one between them (a dilation that used to trap).
    static func folder() throws -> URL {
        let dir = try CLI.temporaryDirectory()
        let lessons = CLI.packageRoot.appendingPathComponent("Lessons")
        for name in ["01-sliding-window.yaml", "02-same-number.yaml"] {
            try FileManager.default.copyItem(at: lessons.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try "README\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let broken = "id: broken\ntitle: Broken\nsummary: S\ntopics: [conv2d]\nlayers:\n  l:\n    dilation: 4611686018427387904\nsteps:\n  - text: hi\n"
        try broken.write(to: dir.appendingPathComponent("015-broken.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func checkReportsItAndTheOthersStillWork() throws {
        let dir = try Self.folder()
        let state = try CLI.temporaryDirectory()
        defer { for d in [dir, state] { try? FileManager.default.removeItem(at: d) } }
        let env = ["CONVTUTOR_LESSONS": dir.path, "XDG_STATE_HOME": state.path]
        let where_ = "015-broken.yaml:7:15"

        let check = try CLI.run(["check", dir.path], environment: env)
        #expect(check.status == 1)
        #expect(check.stderr.contains("\(where_): error: dilation 4611686018427387904 is too large (at most 1000000)"), "\(check.stderr)")

        let list = try CLI.run(["lessons"], environment: env)
        #expect(list.status == 0)
        #expect(list.stdout.contains("sliding-window") && list.stdout.contains("same-number"), "\(list.stdout)")
        let warnings = list.stderr.split(separator: "\n")
        #expect(warnings.count == 1 && warnings[0].hasPrefix("warning: skipping ") && warnings[0].contains("\(where_): dilation 4611686018427387904 is too large"), "\(list.stderr)")

        let play = try CLI.run(["lesson", "2", "--plain"], stdin: "quit\n", environment: env)
        #expect(play.status == 0, "\(play.stderr)")
        #expect(play.stdout.hasPrefix("Lesson: "), "\(play.stdout)")
    }
}
