import Foundation
import Testing

@Suite(.timeLimit(.minutes(10))) struct TraceCommandTests {
    @Test func jsonlHasEveryFieldAndEndsOnTheOutput() throws {
        let r = try CLI.run(["trace", "--format", "jsonl"])
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 81)
        #expect(lines[0] == #"{"step": 1, "output": [0,0,0], "input": [0,0,0], "weight": [0,0,0,0], "x": 1, "w": 1, "product": 1, "sum": 1}"#)
        #expect(lines[8].hasSuffix(#""sum": 4, "value": 4}"#))
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let fields: Set = ["step", "output", "input", "weight", "x", "w", "product", "sum"]
        // Only the last product of each of the 9 outputs carries the finished value.
        #expect(objects.enumerated().allSatisfy { Set($1.keys) == ($0 % 9 == 8 ? fields.union(["value"]) : fields) })
    }

    /// jsonl alone tells what compute prints: the finished value after bias and ReLU, and the
    /// same step numbers as the text sentences.
    @Test func jsonlCarriesBiasAndReLUAndCountsStepsLikeText() throws {
        let json = try CLI.run(["trace", "--format", "jsonl", "--bias", "1", "--relu"]).stdout.split(separator: "\n")
        let text = try CLI.run(["trace", "--bias", "1", "--relu"]).stdout.split(separator: "\n")
        #expect(json[8] == #"{"step": 9, "output": [0,0,0], "input": [0,2,2], "weight": [0,0,2,2], "x": 1, "w": 1, "product": 1, "sum": 4, "value": 5}"#)
        #expect(text[8].hasPrefix("Step 9: ") && text[8].hasSuffix("output (0,0) = 5."))
        let negative = try CLI.run(["trace", "--format", "jsonl", "--bias", "-9", "--relu"]).stdout.split(separator: "\n")
        #expect(negative[8].hasSuffix(#""sum": 4, "value": 0}"#))
        let last = try CLI.run(["trace", "--format", "jsonl", "--bias", "1"]).stdout.split(separator: "\n").last
        #expect(last?.hasPrefix(#"{"step": 81,"#) == true && last?.hasSuffix(#""value": 5}"#) == true)
    }

    @Test func paddingStepsHaveNullInput() throws {
        let r = try CLI.run(["trace", "--format", "jsonl", "--padding", "1"])
        #expect(r.stdout.split(separator: "\n").first?.contains(#""input": null"#) == true)
        #expect(r.stdout.split(separator: "\n").count == 25 * 9)
    }

    @Test func textIsASentencePerStep() throws {
        let r = try CLI.run(["trace", "--bias", "1", "--relu"])
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 81)
        #expect(lines[8].contains("running sum 4.") && lines[8].contains("Plus bias 1 is 5") && lines[8].hasSuffix("output (0,0) = 5."))
    }

    /// A trace of 10⁹ steps starts printing at once and a closed pipe ends it quietly.
    @Test func streamsAndStopsQuietlyWhenTheReaderLeaves() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "'\(CLI.binary.path)' trace --format jsonl --input 1 --kernel '1 1 1 1 1; 1 1 1 1 1; 1 1 1 1 1; 1 1 1 1 1; 1 1 1 1 1' --padding 3000 2>&1 | head -2; echo done"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(#"{"step": 1,"#) && !text.contains("error"))
    }

    /// A full disk is one clean error line, not a crash or silence.
    @Test func writingToAFullDeviceIsACleanError() throws {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["trace", "--padding", "50"]
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        p.standardError = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        #expect(text == "error: cannot write output: No space left on device\n")
    }

    @Test func im2colHasNoTrace() throws {
        let r = try CLI.run(["trace", "--op", "im2col"])
        #expect(r.status == 1 && r.stderr.contains("multiplies nothing"))
    }
}
