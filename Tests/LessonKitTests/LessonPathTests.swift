import ConvKit
import Foundation
import Testing
@testable import LessonKit

/// A lesson reads data only from its own folder, and what it quotes cannot drive a terminal.
@Suite struct LessonPathTests {
    static func lesson(input: String) -> String {
        "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  l:\n    input: \(input)\nsteps:\n  - text: hi\n"
    }

    /// folder/lesson with data inside it, a file next to the folder, and links both ways.
    static func tree() throws -> URL {
        let root = try temporaryFolder()
        let lesson = root.appendingPathComponent("lesson")
        try FileManager.default.createDirectory(at: lesson.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "SECRET=hunter2 1\n".write(to: root.appendingPathComponent("outside.txt"), atomically: true, encoding: .utf8)
        try "1 2 3\n3 4 5\n6 7 8\n".write(to: lesson.appendingPathComponent("data/in.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: lesson.appendingPathComponent("out-link.txt").path, withDestinationPath: "../outside.txt")
        try FileManager.default.createSymbolicLink(atPath: lesson.appendingPathComponent("in-link.txt").path, withDestinationPath: "data/in.txt")
        // A link to a folder outside, and a dangling link out: whether the file exists must not show.
        try FileManager.default.createSymbolicLink(atPath: lesson.appendingPathComponent("hm").path, withDestinationPath: root.path)
        try FileManager.default.createSymbolicLink(atPath: lesson.appendingPathComponent("gone.txt").path, withDestinationPath: "../missing.txt")
        return lesson
    }

    @Test(arguments: ["/proc/self/environ", "../outside.txt", "out-link.txt", "data/../../outside.txt", "/etc/hostname",
                      "hm/outside.txt", "hm/missing.txt", "gone.txt", "../missing.txt"])
    func pathsOutsideTheFolderAreRefused(_ path: String) throws {
        let folder = try Self.tree()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let problems = LessonReader.parse(Self.lesson(input: path), file: "t.yaml", folder: folder).problems
        #expect(problems == ["7:12: input: data files must be inside the lesson's folder"])
    }

    @Test(arguments: ["data/in.txt", "in-link.txt", "./data/in.txt"])
    func pathsInsideTheFolderAreRead(_ path: String) throws {
        let folder = try Self.tree()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let lesson = try LessonReader.parse(Self.lesson(input: path), file: "t.yaml", folder: folder).get()
        #expect(lesson.layers["l"]?.input.shape == [3, 3])
    }

    /// A bad data file is quoted by a short token at most, never its whole content.
    @Test func errorsQuoteOnlyAShortToken() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try (String(repeating: "SECRET", count: 1000) + "\n").write(to: folder.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
        let problems = LessonReader.parse(Self.lesson(input: "big.txt"), file: "t.yaml", folder: folder).problems
        #expect(problems.count == 1)
        #expect(problems.allSatisfy { $0.count < 120 && $0.contains("…") }, "\(problems)")
    }

    @Test func controlCharactersAreShownEscaped() throws {
        #expect(Escaped.line("a\u{1B}]0;x\u{07}b\u{9B}c\nd\te") == "a\\x1B]0;x\\x07b\\x9Bc\\x0Ad\te")
        #expect(Escaped.text("a\u{1B}[31m\nb\u{7F}") == "a\\x1B[31m\nb\\x7F")
        #expect(Escaped.token(String(repeating: "x", count: 30)) == String(repeating: "x", count: 24) + "…")
        let d = Diagnostic(file: "t\u{1B}.yaml", line: 1, column: 1, message: "bad \u{07}")
        #expect(d.description == "t\\x1B.yaml:1:1: error: bad \\x07")
        // Plain mode shows lesson text escaped.
        let lesson = try LessonReader.parse("id: t\ntitle: \"T\\e[2J\"\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: \"hi \\e]0;pwn\\a\"\n", file: "t.yaml").get()
        var output = ""
        var runner = PlainLesson(session: LessonSession(lesson: lesson, progress: nil), resumeCommand: "x",
                                 readLine: { nil }, write: { output += $0 }, save: { _ in .saved })
        try runner.run()
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(output)")
        #expect(output.contains("T\\x1B[2J") && output.contains("hi \\x1B]0;pwn\\x07"), "\(output)")
    }
}
