import Foundation
import Testing

/// `--op conv-transpose` through compute, trace and step, as a user types it.
@Suite(.timeLimit(.minutes(10))) struct TransposedCommandTests {
    static let stamp = ["--op", "conv-transpose", "--input", "1 2; 3 4", "--kernel", "1 1; 1 1"]

    @Test func computeScattersAndOverlaps() throws {
        let r = try CLI.run(["compute"] + Self.stamp + ["--stride", "2", "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stdout == "{\"op\": \"conv-transpose\", \"shape\": [1,4,4], \"data\": [[[1,1,2,2],[1,1,2,2],[3,3,4,4],[3,3,4,4]]]}\n")
        #expect(try CLI.run(["compute"] + Self.stamp).stdout == " 1  3  2\n 4 10  6\n 3  7  4\n")
    }

    @Test func everyOptionIsReachable() throws {
        // [Cin=2, Cout/groups=1, 1, 1] with 2 groups: each input channel scaled into its own output.
        let r = try CLI.run(["compute", "--op", "conv-transpose", "--input", "1 2 | 3 4", "--kernel", "2 || 10", "--groups", "2",
                             "--stride", "2", "--padding", "0,1", "--output-padding", "1,0", "--dilation", "1", "--bias", "0.5 -100",
                             "--relu", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        // Rows: (1−1)·2 − 0 + 0 + 1 + 1 = 2; columns: (2−1)·2 − 2 + 0 + 0 + 1 = 1 (the middle one, a gap).
        #expect(r.stdout.contains("\"shape\": [2,2,1], \"data\": [[[0.5],[0.5]],[[0],[0]]]"))
    }

    @Test func jsonlNamesTheCellEachProductLandsIn() throws {
        let r = try CLI.run(["trace", "--format", "jsonl"] + Self.stamp)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 16)
        #expect(lines[0] == #"{"step": 1, "input": [0,0,0], "weight": [0,0,0,0], "output": [0,0,0], "x": 1, "w": 1, "product": 1, "sum": 1, "value": 1}"#)
        #expect(lines[12] == #"{"step": 13, "input": [0,1,1], "weight": [0,0,0,0], "output": [0,1,1], "x": 4, "w": 1, "product": 4, "sum": 10, "value": 10}"#)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.allSatisfy { Set($0.keys).subtracting(["value"]) == ["step", "input", "weight", "output", "x", "w", "product", "sum"] })
        // Each of the 9 output cells is completed by exactly one product.
        #expect(objects.filter { $0["value"] != nil }.count == 9)
        let finished = try CLI.run(["trace", "--format", "jsonl", "--bias", "-5", "--relu"] + Self.stamp).stdout.split(separator: "\n")
        #expect(finished[0].hasSuffix(#""sum": 1, "value": 0}"#) && finished[12].hasSuffix(#""sum": 10, "value": 5}"#))
    }

    @Test func croppedProductsHaveNullOutputAndSum() throws {
        let r = try CLI.run(["trace", "--format", "jsonl", "--padding", "1"] + Self.stamp)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 16 && lines[0].contains(#""output": null"#) && lines[0].hasSuffix(#""sum": null}"#))
        #expect(lines[3].contains(#""output": [0,0,0]"#))
        let text = try CLI.run(["trace", "--padding", "1"] + Self.stamp).stdout.split(separator: "\n")
        #expect(text[0].hasSuffix("would land at (-1,-1) outside the output: cropped by the padding."))
    }

    @Test func textSaysWhereEachProductGoesAndWhenACellIsDone() throws {
        let lines = try CLI.run(["trace", "--bias", "1", "--relu"] + Self.stamp).stdout.split(separator: "\n")
        #expect(lines.count == 16)
        #expect(lines[3] == "Step 4: input (0,0) = 1 times weight (1,1) = 1 is 1, added into output (1,1), its product 1 of 4: running value 1.")
        #expect(lines[12].hasSuffix("its product 4 of 4: running value 10. Plus bias 1 is 11, after ReLU: output (1,1) = 11."))
    }

    @Test func refusalsNameTheOption() throws {
        let op = try CLI.run(["compute", "--output-padding", "1"] + Self.stamp)
        #expect(op.status == 1 && op.stderr.contains("--output-padding 1 along rows must be smaller than the stride (1) or the dilation (1)"))
        let conv = try CLI.run(["compute", "--output-padding", "1"])
        #expect(conv.status == 64 && conv.stderr.contains("--output-padding only applies to conv-transpose"))
        #expect(try CLI.run(["compute", "--padding", "same"] + Self.stamp).stderr.contains("--padding same or full does not apply to conv-transpose"))
        #expect(try CLI.run(["compute", "--flip"] + Self.stamp).stderr.contains("--flip does not apply"))
        let small = try CLI.run(["trace", "--padding", "2"] + Self.stamp)
        #expect(small.status == 1 && small.stderr.contains("no output rows") && small.stdout.isEmpty)
    }

    /// Without a terminal the stepper refuses as for every op, pointing at `trace`.
    @Test func stepWithoutATerminalPointsToTrace() throws {
        let r = try CLI.run(["step"] + Self.stamp)
        #expect(r.status == 1 && r.stderr.contains("convtutor trace"))
    }
}
