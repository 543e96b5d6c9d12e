import Foundation
import Testing

/// Every `$ convtutor …` line in README.md's code blocks prints what the README shows under it:
/// the README is the first thing a learner copies, so its outputs are checked, not trusted.
@Suite(.timeLimit(.minutes(10))) struct ReadmeCommandTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let command: String, output: String, line: Int
        var testDescription: String { "README.md:\(line): \(command.prefix(60))" }
    }

    /// The commands with their shown output (the lines up to the next `$ ` line or the block's end).
    static let examples: [Example] = {
        let text = try! String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var found: [Example] = [], inBlock = false, current: (String, [String], Int)?
        func close() {
            if let (c, out, n) = current { found.append(Example(command: c, output: out.joined(separator: "\n"), line: n)) }
            current = nil
        }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if inBlock { close() }
                inBlock.toggle()
            } else if inBlock, line.hasPrefix("$ ") {
                close()
                // The full-screen commands need a terminal: tmux tests try those.
                let interactive = ["step", "lesson", "demo"].contains { line.hasPrefix("$ convtutor \($0)") }
                if line.hasPrefix("$ convtutor "), !interactive { current = (String(line.dropFirst(2)), [], i + 1) }
            } else if inBlock {
                current?.1.append(String(line))
            }
        }
        return found
    }()

    @Test func theReadmeShowsCommandsWithOutput() {
        #expect(Self.examples.count >= 8)
        #expect(Self.examples.contains { $0.command.contains("max-pool") })
        #expect(Self.examples.contains { $0.command.contains("--padding-mode") })
    }

    @Test(arguments: examples)
    func theCommandPrintsWhatTheReadmeShows(_ e: Example) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // `sh` runs the line as a reader would paste it, pipes included, with this build first on PATH.
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", e.command]
        p.currentDirectoryURL = CLI.packageRoot
        p.environment = ["PATH": path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "80", "XDG_STATE_HOME": dir.path, "HOME": dir.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let printed = String(decoding: data, as: UTF8.self)
        let trimmed = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.reversed().drop(while: { $0 == " " }).reversed() }
            .map { String($0) }.joined(separator: "\n").trimmingCharacters(in: .newlines) }
        // An output cut short with "..." is checked up to the cut.
        if let cut = e.output.range(of: "...") {
            #expect(printed.hasPrefix(e.output[..<cut.lowerBound]), "README.md:\(e.line)")
        } else {
            #expect(trimmed(printed) == trimmed(e.output), "README.md:\(e.line)")
        }
    }
}

/// Student QA r25: the README said "twenty lessons" when there were 23. Where it counts them in
/// words, the count is the bundled lessons' (`convtutor lessons`).
@Suite(.timeLimit(.minutes(10))) struct ReadmeLessonCountTests {
    @Test func theReadmeCountsTheBundledLessons() throws {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let count = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Lessons").path)
            .filter { $0.hasSuffix(".yaml") && $0.first?.isNumber == true }.count
        let ones = ["", "-one", "-two", "-three", "-four", "-five", "-six", "-seven", "-eight", "-nine"]
        let words = ["twenty", "thirty", "forty"].flatMap { tens in ones.map { tens + $0 } }
        let said = words.filter { text.contains("\($0) lessons") }
        #expect(said.count >= 1 && said.allSatisfy { words.firstIndex(of: $0)! + 20 == count }, "README says \(said) lessons; there are \(count)")
    }
}
