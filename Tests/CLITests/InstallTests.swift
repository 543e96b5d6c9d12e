import Foundation
import Testing

/// convtutor copied alone to another machine: its lessons come with it, and it tells its
/// version, completes its commands in the shell and has a man page.
@Suite(.timeLimit(.minutes(10))) struct InstallTests {
    /// The debug binary, copied alone into an empty folder: no Lessons/ above it to find.
    @Test func aCopiedBinaryListsAndPlaysTheLessons() throws {
        try Self.playsAlone(CLI.binary)
    }

    /// What Scripts/package writes for a lab machine: a release build, stripped, with the Swift
    /// runtime inside, and its man page. A release build takes minutes, so this runs in CI
    /// (`.ci/run` sets CI) or when CONVTUTOR_PACKAGE_TEST is set.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] != nil || ProcessInfo.processInfo.environment["CONVTUTOR_PACKAGE_TEST"] != nil),
          .timeLimit(.minutes(30)))
    func thePackagedBinaryNeedsNoSwiftAndPlaysTheLessons() throws {
        let dist = try CLI.temporaryDirectory().appendingPathComponent("dist")
        let made = try Shell.run("\"$ROOT/Scripts/package\" \"$DIST\"", in: dist.deletingLastPathComponent(),
                                 environment: ["ROOT": CLI.packageRoot.path, "DIST": dist.path], seconds: 1700)
        #expect(made.status == 0, "\(made.stderr.suffix(3000))")
        let binary = dist.appendingPathComponent("convtutor")
        // Only the C and C++ runtimes and ncurses: no libswiftCore, no libFoundation.
        let ldd = try Shell.run("ldd \"$BIN\"", in: dist, environment: ["BIN": binary.path])
        let libraries = ldd.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        let allowed = ["linux-vdso", "ld-linux", "libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "libncursesw.so", "libtinfo.so"]
        #expect(!libraries.isEmpty && libraries.allSatisfy { lib in allowed.contains { lib.contains($0) } }, "\(ldd.stdout)")
        let symbols = try Shell.run("file \"$BIN\" || true", in: dist, environment: ["BIN": binary.path])
        #expect(!symbols.stdout.contains("not stripped"), "\(symbols.stdout)")
        try Self.playsAlone(binary)
        let manual = try String(contentsOf: dist.appendingPathComponent("convtutor.1"), encoding: .utf8)
        let version = try CLI.run(["--version"], binary: binary).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(manual.contains(".Os convtutor \(version)"), "\(manual.prefix(400))")
        for name in try Self.subcommands() { #expect(manual.contains(name), "the man page does not name \(name)") }
        // Its text in ASCII stand-ins, not with the non-ASCII characters dropped ("the 55 example"),
        // and its examples literal displays that man never breaks inside a quoted value.
        #expect(manual.contains("the 5x5 example and X-shaped 3x3") && !manual.contains(" 55 "), "\(manual.prefix(2000))")
        #expect(manual.contains(".Bd -literal -offset indent\nconvtutor compute --format json\nconvtutor compute --input \"1 2 3; 4 5 6; 7 8 9\" --kernel \"1 0; 0 -1\" --padding 1\n"))
        #expect(!manual.contains("\n\n"), "an empty input line is an mdoc warning")
    }

    /// What generate-manual reads under LC_ALL=C (as Scripts/package runs it): JSON that still
    /// parses, in ASCII, every example on one line.
    @Test func dumpHelpInASCIIIsJSONWithWholeExamples() throws {
        let r = try CLI.run(["--experimental-dump-help"], environment: ["LC_ALL": "C", "COLUMNS": "40"])
        #expect(r.status == 0 && !r.stdout.utf8.contains { $0 >= 0x80 })
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["command"] != nil)
        #expect(r.stdout.contains("the 5x5 example"))
        #expect(r.stdout.contains("\\n  convtutor compute --input \\\"1 2 3; 4 5 6; 7 8 9\\\" --kernel \\\"1 0; 0 -1\\\" --padding 1\\n"), "\(r.stdout.prefix(3000))")
    }

    /// Scripts/package refuses, before building anything, to write where something else is:
    /// a DIR that is a file, or a DIR/convtutor that is a folder or a link (it might point at
    /// a system binary). What was there is left as it was.
    @Test func packagingNeverOverwritesSomethingElse() throws {
        let dir = try CLI.temporaryDirectory()
        func package(_ target: String) throws -> Shell.Result {
            try Shell.run("\"$ROOT/Scripts/package\" \(target)", in: dir, environment: ["ROOT": CLI.packageRoot.path], seconds: 60)
        }
        try "mine".write(to: dir.appendingPathComponent("notes"), atomically: true, encoding: .utf8)
        let file = try package("notes")
        #expect(file.status == 1 && file.stderr == "error: notes exists and is not a folder\n", "\(file.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("notes"), encoding: .utf8) == "mine")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("a/convtutor"), withIntermediateDirectories: true)
        let folder = try package("a")
        #expect(folder.status == 1 && folder.stderr.contains("a/convtutor exists and is not a regular file"), "\(folder.stderr)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("b"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("b/convtutor.1").path, withDestinationPath: "../notes")
        let link = try package("b")
        #expect(link.status == 1 && link.stderr.contains("b/convtutor.1 exists and is not a regular file"), "\(link.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("notes"), encoding: .utf8) == "mine")
        #expect(try package("").status == 64)
        // A DIR starting with '-' is a folder, not an option of mkdir or mv.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("-out/convtutor"), withIntermediateDirectories: true)
        let dash = try package("-out")
        #expect(dash.status == 1 && dash.stderr == "error: ./-out/convtutor exists and is not a regular file; move it away first\n", "\(dash.stderr)")
    }

    /// `--version` prints the one version number.
    @Test func versionIsPrinted() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(r.stdout)")
    }

    /// Each shell's completion script names every command; bash (and zsh or fish, where
    /// installed) parses it.
    @Test(arguments: [("bash", "bash -n"), ("zsh", "zsh -n"), ("fish", "fish --no-execute")])
    func completionScriptsNameEveryCommand(_ shell: String, _ parse: String) throws {
        let r = try CLI.run(["--generate-completion-script", shell])
        #expect(r.status == 0, "\(r.stderr)")
        for name in try Self.subcommands() { #expect(r.stdout.contains(name), "\(shell) completions lack \(name)") }
        let dir = try CLI.temporaryDirectory()
        let script = dir.appendingPathComponent("completion.\(shell)")
        try r.stdout.write(to: script, atomically: true, encoding: .utf8)
        let exe = String(parse.prefix { $0 != " " })
        let installed = try shell == "bash" || Shell.run("command -v \(exe)", in: dir).status == 0
        guard installed else { return }
        let parsed = try Shell.run("\(parse) \"$SCRIPT\"", in: dir, environment: ["SCRIPT": script.path])
        #expect(parsed.status == 0, "\(shell): \(parsed.stderr)")
    }

    /// The subcommands as ArgumentParser describes them: what completions and the man page are made from.
    static func subcommands() throws -> [String] {
        let dump = try CLI.run(["--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(json["command"] as? [String: Any])
        let subs = try #require(command["subcommands"] as? [[String: Any]])
        let names = subs.compactMap { $0["commandName"] as? String }.filter { $0 != "help" }
        #expect(names.contains("lesson") && names.contains("check"))
        return names
    }

    /// `binary` copied alone into an empty folder and run from `/` with a scratch HOME and no
    /// CONVTUTOR_LESSONS: it lists, checks and plays all the bundled lessons to the end (every question
    /// skipped), the two that read data files (4, 8) among them.
    static func playsAlone(_ binary: URL) throws {
        let dir = try CLI.temporaryDirectory()
        let copy = dir.appendingPathComponent("bin/convtutor")
        // Copied by a child process: a copy written by this one would hold a write descriptor
        // that a parallel test's fork could inherit, and running the copy would fail (ETXTBSY).
        let copied = try Shell.run("mkdir bin && cp \"$BIN\" bin/convtutor", in: dir, environment: ["BIN": binary.path])
        #expect(copied.status == 0, "\(copied.stderr)")
        // Empty values count as unset, so nothing in the test runner's environment leaks in.
        let env = ["HOME": dir.appendingPathComponent("home").path, "XDG_STATE_HOME": "", "CONVTUTOR_LESSONS": ""]
        func run(_ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
            try CLI.run(arguments, stdin: stdin, environment: env, cwd: URL(fileURLWithPath: "/"), binary: copy)
        }
        func statuses() throws -> [(id: String, file: String, status: String)] {
            let r = try run(["lessons", "--format", "json"])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
            let items = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
            return items.map { ($0["id"] as? String ?? "", $0["file"] as? String ?? "", $0["status"] as? String ?? "") }
        }
        let listed = try statuses()
        #expect(listed.count == CLI.lessonCount && CLI.lessonCount >= 18)
        #expect(listed.allSatisfy { $0.file.hasPrefix("Lessons/") }, "\(listed.map(\.file))")
        let check = try run(["check"])
        #expect(check.status == 0 && check.stdout.hasPrefix("checked \(CLI.lessonCount) built-in lessons"), "\(check.stdout)\(check.stderr)")
        for number in 1...CLI.lessonCount {
            let played = try run(["lesson", "\(number)", "--plain"], stdin: String(repeating: "skip\n", count: 400))
            #expect(played.status == 0 && played.stderr.isEmpty, "lesson \(number): \(played.stderr)")
        }
        let after = try statuses()
        #expect(after.count == CLI.lessonCount && after.allSatisfy { $0.status == "done" }, "\(after.map(\.status))")
    }
}
