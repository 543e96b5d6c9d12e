import ConvKit
import Foundation
import Testing

/// `compute --stack` (--all, --compose) and `receptive-field --stack` against numpy's answers
/// (Tests/ConvKitTests/Fixtures/stack-cases.json, from Scripts/gen_stack_fixtures.py), and
/// what they refuse.
@Suite(.timeLimit(.minutes(10))) struct StackCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String, yaml: String
        let outputs: [Tensor]
        let composed: (kernel: Tensor, bias: Tensor?)?
        let refusal: String?
        var testDescription: String { name }
    }

    struct Tensor: Sendable, Equatable {
        let shape: [Int], data: [Double]
        init(_ any: Any?) {
            let t = any as! [String: Any]
            (shape, data) = ((t["shape"] as! [NSNumber]).map(\.intValue), Self.flat(t["data"]!))
        }
        static func flat(_ v: Any) -> [Double] { (v as? [Any]).map { $0.flatMap(flat) } ?? [(v as! NSNumber).doubleValue] }
        func isClose(to other: Tensor) -> Bool {
            shape == other.shape && zip(data, other.data).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
        }
    }

    static let cases: [Case] = {
        let url = CLI.packageRoot.appendingPathComponent("Tests/ConvKitTests/Fixtures/stack-cases.json")
        let file = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (file["cases"] as! [[String: Any]]).map { c in
            let composed = (c["composed"] as? [String: Any]).map { k in (Tensor(k["kernel"]), k["bias"] is NSNull ? nil : Tensor(k["bias"])) }
            return Case(name: c["name"] as! String, yaml: c["yaml"] as! String, outputs: (c["outputs"] as! [Any]).map(Tensor.init),
                        composed: composed, refusal: c["compose_refusal"] as? String)
        }
    }()

    /// The stack file `yaml`, written to a fresh folder.
    static func file(_ yaml: String) throws -> String {
        let url = try CLI.temporaryDirectory().appendingPathComponent("stack.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test(arguments: cases)
    func everyLayersOutputMatchesNumpy(_ c: Case) throws {
        let path = try Self.file(c.yaml)
        let last = try CLI.run(["compute", "--stack", path, "--format", "json"])
        #expect(last.status == 0, "\(last.stderr)")
        let object = try #require(try Self.json(last.stdout) as? [String: Any])
        #expect(Tensor(object).isClose(to: c.outputs[c.outputs.count - 1]))
        let all = try CLI.run(["compute", "--stack", path, "--format", "json", "--all"])
        let list = try #require(try Self.json(all.stdout) as? [[String: Any]])
        #expect(list.count == c.outputs.count)
        for (got, want) in zip(list, c.outputs) { #expect(Tensor(got).isClose(to: want), "\(c.name)") }
    }

    @Test(arguments: cases)
    func composeGivesTheOneKernelOrSaysWhichLayerBreaksIt(_ c: Case) throws {
        let r = try CLI.run(["compute", "--stack", try Self.file(c.yaml), "--compose", "--format", "json"])
        if let (kernel, bias) = c.composed {
            #expect(r.status == 0, "\(r.stderr)")
            let object = try #require(try Self.json(r.stdout) as? [String: Any])
            #expect(object["op"] as? String == "conv2d")
            #expect(Tensor(object["kernel"]).isClose(to: kernel))
            if let bias { #expect(Tensor(object["bias"]).isClose(to: bias)) } else { #expect(object["bias"] is NSNull) }
        } else {
            let refusal = try #require(c.refusal)
            #expect(r.status == 1 && r.stdout.isEmpty)
            #expect(r.stderr.hasPrefix("error: " + refusal) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    /// A refusal says what the fold covers, not that no kernel could exist (a stride on the last
    /// layer or a depthwise layer still make one linear conv); a padding mode with nothing
    /// padded changes nothing and folds.
    @Test func composeRefusalsSayWhatTheFoldCovers() throws {
        let head = "input: \"1 2 3 4 5; 6 7 8 9 1; 2 3 4 5 6; 7 8 9 1 2; 3 4 5 6 7\"\nlayers:\n  - kernel: \"1 0; 0 1\"\n"
        for (layer, message) in [("    stride: 2\n", "error: layer 1 (conv2d) has stride 2: --compose folds stride-1 layers only\n"),
                                 ("    padding: 1\n", "error: layer 1 (conv2d) pads its input: --compose folds unpadded ('valid') layers only\n")] {
            let r = try CLI.run(["compute", "--stack", try Self.file(head + layer + "  - kernel: \"1 1; 1 1\"\n"), "--compose"])
            #expect(r.status == 1 && r.stderr == message, "\(r.stderr)")
        }
        let depthwise = try CLI.run(["compute", "--stack", try Self.file(head + "  - op: depthwise\n    kernel: \"1 1; 1 1\"\n"), "--compose"])
        #expect(depthwise.stderr == "error: layer 2 (depthwise) is not a conv2d: --compose folds conv2d layers only\n", "\(depthwise.stderr)")
        let huge = try CLI.run(["compute", "--stack", try Self.file("input: \"1e-300\"\nlayers:\n" + String(repeating: "  - kernel: \"1e90\"\n", count: 4)), "--compose"])
        #expect(huge.status == 1 && huge.stderr == "error: the composed kernel overflows: a weight would be inf, past the largest double\n", "\(huge.stderr)")
        let mode = try CLI.run(["compute", "--stack", try Self.file(head + "    padding_mode: reflect\n  - kernel: \"1 1; 1 1\"\n"), "--compose"])
        #expect(mode.status == 0 && mode.stdout.hasPrefix("kernel [3,3]:\n1 1 0\n1 2 1\n0 1 1\n"), "\(mode.stdout) \(mode.stderr)")
    }

    @Test func allHeadsEachLayerInText() throws {
        let r = try CLI.run(["compute", "--stack", try Self.file("input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n  - op: max-pool\n    pool_size: 2\n"), "--all"])
        #expect(r.stdout == """
            layer 1 (conv2d) [1,2,2]:
            12 16
            24 28

            layer 2 (max-pool) [1,1,1]:
            28

            """, "\(r.stdout)")
        let last = try CLI.run(["compute", "--stack", try Self.file("input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n")])
        #expect(last.stdout == "12 16\n24 28\n")
    }

    /// --output writes the stack's output, its last layer's, as it prints it.
    @Test func outputWritesTheLastLayer() throws {
        let npy = try CLI.temporaryDirectory().appendingPathComponent("y.npy")
        let r = try CLI.run(["compute", "--stack", try Self.file("input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n  - op: max-pool\n    pool_size: 2\n"), "--output", npy.path])
        #expect(r.status == 0 && r.stdout == "28\n", "\(r.stderr)")
        let y = try NPY.decode(Array(Data(contentsOf: npy)))
        #expect(y.shape == [1, 1, 1] && y.data == [28])
    }

    @Test func composeInTextOnTheExample() throws {
        let r = try CLI.run(["compute", "--stack", "Examples/two-3x3.yaml", "--compose"], cwd: CLI.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            kernel [5,5]:
             0  1  0 -1  0
             1  3  0 -3 -1
             2  4  0 -4 -2
             1  3  0 -3 -1
             0  1  0 -1  0

            bias [1]:
            5

            """, "\(r.stdout)")
    }

    @Test func receptiveFieldOfAStack() throws {
        let r = try CLI.run(["receptive-field", "--stack", "Examples/conv-pool-conv.yaml"], environment: ["COLUMNS": "200"], cwd: CLI.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            layer  op            size  rf  jump  start
                0  input            8   1     1    0
                1  conv k=3 p=1     8   3     1    0
                2  pool k=2         4   4     2    0.5
                3  conv k=2         3   6     2    1.5
            Output (i, j) of layer 3 depends on input pixels within the 6×6 square centred at (2i+1.5, 2j+1.5).

            """, "\(r.stdout)")
        let json = try CLI.run(["receptive-field", "--stack", "Examples/two-3x3.yaml", "--format", "json"], cwd: CLI.packageRoot)
        let rows = try #require(try Self.json(json.stdout) as? [[String: Any]])
        #expect(rows.map { $0["size"] as? Int } == [7, 5, 3])
        #expect(rows.map { $0["rf"] as? Int } == [1, 3, 5])
    }

    /// README's Stacks section shows the table as an 80-column terminal prints it.
    @Test func theReadmeShowsTheRealTable() throws {
        let r = try CLI.run(["receptive-field", "--stack", "Examples/conv-pool-conv.yaml"], environment: ["COLUMNS": "80"], cwd: CLI.packageRoot)
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("$ convtutor receptive-field --stack Examples/conv-pool-conv.yaml\n" + r.stdout + "```"))
        let file = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Examples/conv-pool-conv.yaml"), encoding: .utf8)
        #expect(readme.contains("```yaml\n" + file.split(separator: "\n").drop { $0.hasPrefix("#") }.joined(separator: "\n") + "\n```"))
    }

    /// An even 'same' pads 0 at the top (PyTorch puts the extra row at the bottom): the start
    /// stays 0.5, and the size is the layer's own, not the floor rule's with p on both sides.
    @Test func anEvenSamePadsItsTopLeftOnly() throws {
        let r = try CLI.run(["receptive-field", "--stack", try Self.file("input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n    padding: same\n"), "--format", "json"])
        #expect(r.stdout == "[\n  {\"layer\": 0, \"size\": 3, \"rf\": 1, \"jump\": 1, \"start\": 0},\n  {\"layer\": 1, \"size\": 3, \"rf\": 2, \"jump\": 1, \"start\": 0.5}\n]\n", "\(r.stdout)")
    }

    @Test(arguments: [
        (["compute", "--stack", "s.yaml", "--input", "1 2; 3 4"], "error: --input does not apply with --stack: the stack file gives the input and every layer's options"),
        (["compute", "--stack", "s.yaml", "--op", "max-pool", "--pool-size", "2"], "error: --op does not apply with --stack"),
        (["compute", "--stack", "s.yaml", "--relu"], "error: --relu does not apply with --stack"),
        // Given at its default value, an option still says something the stack file decides.
        (["compute", "--stack", "s.yaml", "--padding", "valid"], "error: --padding does not apply with --stack"),
        (["step", "--stack", "s.yaml", "--groups", "1"], "error: --groups does not apply with --stack"),
        // Not "--pool-size is required": with --stack no layer option applies at all.
        (["compute", "--stack", "s.yaml", "--op", "max-pool"], "error: --op does not apply with --stack"),
        (["compute", "--stack", "s.yaml", "--padding-mode", "reflect"], "error: --padding-mode does not apply with --stack"),
        (["compute", "--stack", "s.yaml", "--grad-output", "1"], "error: --grad-output does not apply with --stack"),
        (["compute", "--stack", "s.yaml", "--all", "--compose"], "error: --all and --compose print different things; give one"),
        (["compute", "--all"], "error: --all needs --stack FILE"),
        (["compute", "--stack", "s.yaml", "--all", "--output", "y.npy"], "error: --output writes one tensor, the stack's output; leave out --all"),
        (["compute", "--compose"], "error: --compose needs --stack FILE"),
        (["receptive-field", "--stack", "s.yaml", "--layers", "conv k=3"], "error: --layers and --stack both give the layers; give one"),
        (["receptive-field", "--stack", "s.yaml", "--input-size", "5"], "error: --input-size does not apply with --stack"),
    ])
    func usageErrorsExit64(_ arguments: [String], _ message: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aMissingStackFileSaysSo() throws {
        let r = try CLI.run(["compute", "--stack", "/nonexistent-convtutor/stack.yaml"])
        #expect(r.status == 1 && r.stderr == "/nonexistent-convtutor/stack.yaml:1:1: error: no such file or folder\n", "\(r.stderr)")
    }

    @Test func aBrokenStackFileIsReportedAtItsLineAndColumn() throws {
        let path = try Self.file("input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n  - op: max-pool\n    pool_size: 3\n")
        for command in [["compute", "--stack", path], ["receptive-field", "--stack", path]] {
            let r = try CLI.run(command)
            #expect(r.status == 1 && r.stdout.isEmpty)
            #expect(r.stderr.hasPrefix("\(path):4:5: error: layer 2 (max-pool) does not fit the output of layer 1, [1,2,2]: "), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    @Test(arguments: [
        ("  - op: dense\n    kernel: \"1 2 3 4 5 6 7 8 9\"\n", "error: layer 1 is dense: each output reads the whole input; no rf, jump or start"),
        ("  - op: conv-transpose\n    kernel: \"1 1; 1 1\"\n", "error: layer 1 is conv-transpose: it spreads inputs out; no rf, jump or start"),
    ])
    func receptiveFieldRefusesWhatItCannotTabulate(_ layer: String, _ message: String) throws {
        let r = try CLI.run(["receptive-field", "--stack", try Self.file("input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n" + layer)])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix(message) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    /// A 1×3 kernel then a 2×1 one with stride 1,2 on a 3×4 input, worked by hand per axis:
    /// rows see k 1 then 2 (rf 1, 2; start 0, 0.5), columns k 3 then 1 with stride 2 (rf 3, 3;
    /// jump 1, 2; start 1, 1); sizes are the stack's own, 3→3→2 high and 4→2→1 wide.
    @Test func aStackWhoseAxesDifferGetsATableForEach() throws {
        let path = try Self.file("input: \"1 2 3 4; 5 6 7 8; 9 10 11 12\"\nlayers:\n  - kernel: \"1 1 1\"\n  - kernel: \"1; 1\"\n    stride: 1,2\n")
        let r = try CLI.run(["receptive-field", "--stack", path], environment: ["COLUMNS": "200"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            along rows (height):
            layer  op        size  rf  jump  start
                0  input        3   1     1    0
                1  conv k=1     3   1     1    0
                2  conv k=2     2   2     1    0.5
            along columns (width):
            layer  op            size  rf  jump  start
                0  input            4   1     1      0
                1  conv k=3         2   3     1      1
                2  conv k=1 s=2     1   3     2      1
            Output (i, j) of layer 2 depends on input pixels within the 2×3 rectangle (rows × columns) centred at (i+0.5, 2j+1).

            """, "\(r.stdout)")
        let json = try CLI.run(["receptive-field", "--stack", path, "--format", "json"])
        #expect(json.stdout == """
            [
              {"layer": 0, "size": [3, 4], "rf": [1, 1], "jump": [1, 1], "start": [0, 0]},
              {"layer": 1, "size": [3, 2], "rf": [1, 3], "jump": [1, 1], "start": [0, 1]},
              {"layer": 2, "size": [2, 1], "rf": [2, 3], "jump": [1, 2], "start": [0.5, 1]}
            ]

            """, "\(json.stdout)")
    }
}
