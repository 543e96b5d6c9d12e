import Foundation
import Testing

/// Text from files (lessons, progress.json) reaches stdout and stderr with its control
/// characters escaped: a file cannot retitle the window, clear the screen or ring the bell.
@Suite(.timeLimit(.minutes(10))) struct EscapedOutputTests {
    static func expectNoControls(_ text: String, _ what: String) {
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }, "\(what): \(text.debugDescription)")
        #expect(text.contains("\\x1B"), "\(what) shows the escape: \(text.debugDescription)")
    }

    @Test func lessonsCheckAndProgressEscapeFileText() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lessons = dir.appendingPathComponent("lessons"), state = dir.appendingPathComponent("state/convtutor")
        for d in [lessons, state] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        try "id: t\ntitle: \"T \\e]0;pwn\\a\"\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n"
            .write(to: lessons.appendingPathComponent("01-t.yaml"), atomically: true, encoding: .utf8)
        try "id: u\ntitle: U\nsummary: S\ntopics: [\"conv\\e[2J\"]\nsteps:\n  - text: hi\n"
            .write(to: lessons.appendingPathComponent("02-u.yaml"), atomically: true, encoding: .utf8)
        try "{\"lessons\": {\"x\\u001b]0;y\\u0007\": {\"step\": 1, \"exercises\": {\"e\\u001b[2J\": {\"attempts\": 1}}}}}"
            .write(to: state.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
        let env = ["CONVTUTOR_LESSONS": lessons.path, "XDG_STATE_HOME": dir.appendingPathComponent("state").path]

        let list = try CLI.run(["lessons"], environment: env)
        #expect(list.status == 0)
        Self.expectNoControls(list.stdout, "lessons stdout")
        Self.expectNoControls(list.stderr, "lessons stderr")
        let check = try CLI.run(["check", lessons.path], environment: env)
        #expect(check.status == 1)
        Self.expectNoControls(check.stderr, "check stderr")
        let progress = try CLI.run(["progress"], environment: env)
        #expect(progress.status == 0)
        Self.expectNoControls(progress.stdout, "progress stdout")
    }

    /// Columns line up as shown: a title is measured after escaping, and in terminal cells.
    @Test func lessonsColumnsAlignAfterEscaping() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, title) in ["Plain", "Evil\\e]0;pwned\\a\\e[2J\\u009b31m", "日本語"].enumerated() {
            try "id: l\(i)\ntitle: \"\(title)\"\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n"
                .write(to: dir.appendingPathComponent("0\(i)-l.yaml"), atomically: true, encoding: .utf8)
        }
        let list = try CLI.run(["lessons"], environment: ["CONVTUTOR_LESSONS": dir.path, "XDG_STATE_HOME": dir.path])
        #expect(list.status == 0, "\(list.stderr)")
        // The cell where the exercise count's word starts (CJK ideographs take two cells).
        let columns = list.stdout.split(separator: "\n").filter { $0.contains("exercises") }.map { line in
            line[..<line.range(of: "exercises")!.lowerBound].unicodeScalars.reduce(0) { $0 + ((0x3000...0x9FFF).contains($1.value) ? 2 : 1) }
        }
        #expect(columns.count == 3 && Set(columns).count == 1, "\(list.stdout)")
    }
}
