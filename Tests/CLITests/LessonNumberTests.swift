import Foundation
import Testing

/// A teacher's folder whose file prefixes are not 1, 2, 3: every command takes the number
/// `lessons` and the menu show, never the prefix.
@Suite(.timeLimit(.minutes(10))) struct LessonNumberTests {
    static func lesson(_ id: String, _ title: String) -> String {
        "id: \(id)\ntitle: \(title)\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: one\n  - text: two\n"
    }

    /// 02-a (alpha), 03-b (beta), 10-c (gamma), zz (delta), and 05-broken, which does not load.
    static func folder() throws -> URL {
        let dir = try CLI.temporaryDirectory()
        let files = ["02-a.yaml": lesson("alpha", "Alpha"), "03-b.yaml": lesson("beta", "Beta"), "10-c.yaml": lesson("gamma", "Gamma"),
                     "zz.yaml": lesson("delta", "Delta"), "05-broken.yaml": "id: broken\ntitle: [\n"]
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func numbersAreListPositionsEverywhere() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["CONVTUTOR_LESSONS": dir.path, "XDG_STATE_HOME": dir.appendingPathComponent("state").path]
        let list = try CLI.run(["lessons"], environment: env)
        let numbered = list.stdout.split(separator: "\n").filter { $0.contains("exercise") }.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(numbered == ["1 Alpha", "2 Beta", "3 Gamma", "4 Delta"], "\(list.stdout)")
        #expect(list.stderr.hasPrefix("warning: skipping lesson 5, \(dir.path)/05-broken.yaml:"), "\(list.stderr)")
        let json = try CLI.run(["lessons", "--format", "json"], environment: env)
        #expect(json.stdout.contains("\"id\":\"beta\",\"number\":2"), "\(json.stdout)")

        for (n, title) in [("1", "Alpha"), ("2", "Beta"), ("3", "Gamma"), ("4", "Delta"), ("02-a", "Alpha"), ("b", "Beta")] {
            let play = try CLI.run(["lesson", n, "--plain"], stdin: "\nquit\n", environment: env)
            #expect(play.status == 0 && play.stdout.hasPrefix("Lesson: \(title)"), "lesson \(n): \(play.stdout) \(play.stderr)")
        }
        // Number 5 is the file that does not load, the menu's ✗ row after the lessons: its problem, not another lesson.
        let broken = try CLI.run(["lesson", "5", "--plain"], stdin: "", environment: env)
        #expect(broken.status == 1 && broken.stderr.hasPrefix("\(dir.path)/05-broken.yaml:"), "\(broken.stderr)")
        let past = try CLI.run(["lesson", "10", "--plain"], stdin: "", environment: env)
        #expect(past.status == 1 && past.stderr == "error: no lesson '10': give a lesson id or number, or a lesson file (lessons are numbered 1 to 5; see convtutor lessons)\n", "\(past.stderr)")

        let reset = try CLI.run(["progress", "--reset", "2"], environment: env)
        #expect(reset.stdout == "cleared progress for beta\n", "\(reset.stdout)")
        let left = try CLI.run(["progress"], environment: env)
        #expect(left.stdout.contains("alpha:") && !left.stdout.contains("beta:"), "\(left.stdout)")
    }

    /// The file `lessons` prints for a built-in lesson opens it from any folder, though no such
    /// file is there (a file of that name, when there is one, is read instead).
    @Test func theListedPathOfABuiltInLessonOpensIt() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["XDG_STATE_HOME": dir.appendingPathComponent("state").path, "CONVTUTOR_LESSONS": ""]
        let list = try CLI.run(["lessons"], environment: env, cwd: dir)
        #expect(list.stdout.contains("· Lessons/03-flip.yaml ·"), "\(list.stdout)")
        let play = try CLI.run(["lesson", "Lessons/03-flip.yaml", "--plain"], stdin: "quit\n", environment: env, cwd: dir)
        let byNumber = try CLI.run(["lesson", "3", "--plain"], stdin: "quit\n", environment: env, cwd: dir)
        #expect(play.status == 0 && play.stdout.hasPrefix("Lesson: ") && play.stdout == byNumber.stdout, "\(play.stdout)\(play.stderr)")
    }
}
