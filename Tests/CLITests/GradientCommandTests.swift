import ConvKit
import Foundation
import Testing

/// `compute --grad-output` and `trace --grad-output --wrt` against PyTorch autograd's answers
/// (Tests/ConvKitTests/Fixtures/grad-cases.json, written by Scripts/gen_grad_fixtures.py).
@Suite(.timeLimit(.minutes(10))) struct GradientCommandTests {
    typealias Case = ComputeFixtureCommandTests.Case

    static let all: [Case] = {
        let url = CLI.packageRoot.appendingPathComponent("Tests/ConvKitTests/Fixtures/grad-cases.json")
        let file = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        // The layer options sit under "options"; the forward fixtures' reader wants them beside the tensors.
        return (file["cases"] as! [[String: Any]]).map { raw in
            Case(fields: raw.merging(raw["options"] as! [String: Any]) { $1 }.mapValues { $0 as! any Sendable })
        }
    }()

    /// stride + padding + dilation + bias + ReLU; groups (one with flip); depthwise; pointwise;
    /// dense of a 2-D and a 3-D input; flip; a dead ReLU; full padding with several filters.
    static let picked = ["conv2d-066", "conv2d-033", "conv2d-069", "depthwise-002", "pointwise-008", "dense-008",
                         "dense-003", "seed-asym-flip-true", "seed-dead-relu", "conv2d-057"].map { name in all.first { $0.name == name }! }

    static let keys = ["grad_input", "grad_weight", "grad_bias"]

    /// The case's layer and dY as arguments. The input and dY go as .npy, in their exact shapes
    /// (grid text writes one channel 2-D, and dX comes back in the shape given).
    static func arguments(_ c: Case, in dir: URL) throws -> [String] {
        func npy(_ key: String) throws -> String {
            let t = c.tensor(key)!, url = dir.appendingPathComponent("\(key).npy")
            try Data(NPY.encode(try Tensor(shape: t.shape, data: t.data))).write(to: url)
            return url.path
        }
        var arguments = try ComputeFixtureCommandTests.layerArguments(c, in: dir)
        arguments[arguments.firstIndex(of: "--input")! + 1] = try npy("input")
        return arguments + ["--grad-output", try npy("grad_output")]
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(200))")
    }

    @Test(arguments: picked) func computeJSONIsAutograds(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["compute", "--format", "json"] + Self.arguments(c, in: dir))
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 1)
        let json = try Self.json(r.stdout)
        #expect(Set(json.keys) == Set(["op"] + Self.keys))
        #expect(json["op"] as? String == c.op)
        for key in Self.keys {
            let expected = try #require(c.tensor(key))
            let got = try #require(json[key] as? [String: Any])
            #expect((got["shape"] as? [NSNumber])?.map(\.intValue) == expected.shape, "\(c.name) \(key)")
            let data = ComputeFixtureCommandTests.flatten(got["data"] as Any)
            #expect(data.count == expected.data.count)
            let far = ComputeFixtureCommandTests.mismatch(data, expected.data)
            #expect(far == nil, "\(c.name) \(key): \(far ?? "")")
        }
    }

    /// Every cell's last trace step holds what compute prints, bit for bit, and the steps come
    /// cell by cell in row-major order with the factor keys of the gradient followed.
    @Test(arguments: ["conv2d-066", "conv2d-069", "dense-008", "seed-asym-flip-true"], ["weight", "input", "bias"])
    func traceEndsOnEachCellOfCompute(_ name: String, wrt: String) throws {
        let c = Self.all.first { $0.name == name }!
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = try Self.arguments(c, in: dir)
        let key = ["weight": "grad_weight", "input": "grad_input", "bias": "grad_bias"][wrt]!
        let computed = try #require(try Self.json(CLI.run(["compute", "--format", "json"] + arguments).stdout)[key] as? [String: Any])
        let shape = (computed["shape"] as! [NSNumber]).map(\.intValue)
        let values = ComputeFixtureCommandTests.flatten(computed["data"] as Any)

        let r = try CLI.run(["trace", "--format", "jsonl", "--wrt", wrt] + arguments)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let steps = try r.stdout.split(separator: "\n").map { try Self.json(String($0)) }
        let factors = ["weight": ["x", "x_at", "dy", "dy_at"], "input": ["dy", "dy_at", "w", "w_at"], "bias": ["dy", "dy_at"]][wrt]!
        #expect(steps.allSatisfy { Set($0.keys) == Set(["step", "output", "product", "sum"] + factors) })
        #expect(steps.enumerated().allSatisfy { ($1["step"] as? Int) == $0 + 1 })
        let cells = values.count, perCell = steps.count / max(cells, 1)
        #expect(steps.count == cells * perCell && perCell > 0)
        for cell in 0..<cells {
            let last = steps[cell * perCell + perCell - 1]
            let index = (last["output"] as! [NSNumber]).map(\.intValue)
            // dX of a 2-D conv input is named in the engine's [C, H, W]: a leading 0.
            #expect(index.suffix(shape.count) == ArraySlice(Tensor.unravel(cell, shape)), "\(name) \(wrt) cell \(cell): \(index)")
            #expect((last["sum"] as? NSNumber)?.doubleValue == values[cell], "\(name) \(wrt) cell \(cell)")
        }
    }

    @Test func textHeadsTheThreeGradients() throws {
        let r = try CLI.run(["compute", "--grad-output", "1 0 0; 0 0 0; 0 0 -1"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        #expect(r.stdout == """
            dL/dW (grad_weight) 1×1×3×3:
             0  0  0
            -1  0  1
            -1  0  1

            dL/dX (grad_input) 5×5:
             1  0  1  0  0
             0  1  0  0  0
             1  0  0  0 -1
             0  0  0 -1  0
             0  0 -1  0 -1

            dL/db (grad_bias) 1:
            0

            """)
        let ascii = try CLI.run(["compute", "--grad-output", "1 0 0; 0 0 0; 0 0 -1"], environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(ascii.stdout.hasPrefix("dL/dW (grad_weight) 1x1x3x3:\n"))
    }

    @Test func aWeightOfSeveralFiltersPrintsEveryFilter() throws {
        let r = try CLI.run(["compute", "--input", "1 2; 3 4", "--kernel", "1 || 2", "--grad-output", "1 0; 0 1 | 0 1; 1 0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("dL/dW (grad_weight) 2×1×1×1:\nfilter 0:\n5\n\nfilter 1:\n5\n\ndL/dX"), "\(r.stdout)")
    }

    @Test func traceSentencesNameTheCellAndItsFactors() throws {
        let dY = "1 0 0; 0 0 0; 0 0 -1"
        let weight = try CLI.run(["trace", "--grad-output", dY]).stdout.split(separator: "\n")
        #expect(weight.count == 81)
        #expect(weight[0] == "Step 1: dW[0,0,0,0], product 1 of 9: input (0,0) = 1 times dY (0,0) = 1 is 1; running sum 1.")
        #expect(weight[8] == "Step 9: dW[0,0,0,0], product 9 of 9: input (2,2) = 1 times dY (2,2) = -1 is -1; running sum 0. dW[0,0,0,0] = 0.")
        let input = try CLI.run(["trace", "--grad-output", dY, "--wrt", "input"]).stdout.split(separator: "\n")
        #expect(input.count == 25 * 9)
        #expect(input[8] == "Step 9: dX[0,0,0], product 9 of 9: dY (0,0) = 1 times weight (0,0) = 1 is 1; running sum 1. dX[0,0,0] = 1.")
        let bias = try CLI.run(["trace", "--grad-output", dY, "--wrt", "bias"]).stdout.split(separator: "\n")
        #expect(bias.first == "Step 1: db[0], term 1 of 9: dY (0,0) = 1; running sum 1.")
        #expect(bias.last == "Step 9: db[0], term 9 of 9: dY (2,2) = -1; running sum 0. db[0] = 0.")
    }

    /// A grid is at least one row: dense's dY [N] is given as "1 -1".
    @Test func denseTakesItsGradientAsOneRow() throws {
        let r = try CLI.run(["compute", "--op", "dense", "--input", "1 2 3", "--kernel", "1 1 1; 2 0 1", "--grad-output", "1 -1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"{"op": "dense", "grad_input": {"shape": [1,3], "data": [[-1,1,0]]}, "grad_weight": {"shape": [2,3], "data": [[1,2,3],[-1,-2,-3]]}, "grad_bias": {"shape": [2], "data": [1,-1]}}"# + "\n")
    }

    @Test func aWrongShapeIsOneLine() throws {
        for command in ["compute", "trace"] {
            let r = try CLI.run([command, "--grad-output", "1 0; 0 1"])
            #expect(r.status == 1 && r.stdout.isEmpty)
            #expect(r.stderr == "error: --grad-output is 2×2 but the layer's output is 3×3\n", "\(command)")
        }
    }

    @Test func wrtWithoutGradOutputIsAUsageError() throws {
        let trace = try CLI.run(["trace", "--wrt", "input"])
        #expect(trace.status == 64 && trace.stdout.isEmpty)
        #expect(trace.stderr.hasPrefix("error: --wrt needs --grad-output"), "\(trace.stderr)")
        // compute prints all three gradients: it has no --wrt to accept.
        let compute = try CLI.run(["compute", "--grad-output", "1 0 0; 0 0 0; 0 0 -1", "--wrt", "input"])
        #expect(compute.status == 64 && compute.stdout.isEmpty)
        #expect(compute.stderr.hasPrefix("error: --wrt is for step and trace, which follow one gradient; with --grad-output, compute prints them all"), "\(compute.stderr)")
    }

    @Test func opsWithoutAGradientAndOneTensorFilesAreRefused() throws {
        let transposed = try CLI.run(["compute", "--op", "conv-transpose", "--input", "1 2; 3 4", "--kernel", "1 1; 1 1", "--grad-output", "1 0 0; 0 0 0; 0 0 1"])
        // Hostile QA r25: the command line alone says so: a usage error, before any data is read.
        #expect(transposed.status == 64 && transposed.stdout.isEmpty)
        #expect(transposed.stderr == "error: --grad-output: gradients of conv-transpose are not supported; use conv2d, depthwise, pointwise, dense or a pool (see 'convtutor compute --help')\n", "\(transposed.stderr)")
        for command in ["compute", "trace", "step"] {
            let im2col = try CLI.run([command, "--op", "im2col", "--input", "missing.txt", "--grad-output", "1 0 0; 0 0 0; 0 0 1"])
            #expect(im2col.status == 64 && im2col.stderr.hasPrefix("error: --grad-output: im2col only rearranges the input") && im2col.stderr.split(separator: "\n").count == 1, "\(command): \(im2col.stderr)")
        }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let npy = try CLI.run(["compute", "--grad-output", "1 0 0; 0 0 0; 0 0 1", "--output", dir.appendingPathComponent("g.npy").path])
        #expect(npy.status == 64)
        #expect(npy.stderr.hasPrefix("error: --output writes one tensor; with --grad-output use --format json"), "\(npy.stderr)")
    }

    static let pool = ["--op", "max-pool", "--pool-size", "2", "--input", "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3", "--grad-output", "1 2; 3 4"]

    /// A pool has dX alone: compute says why in one line (text) or writes null (json).
    @Test func aPoolsBackwardIsDXAlone() throws {
        let text = try CLI.run(["compute"] + Self.pool)
        #expect(text.status == 0 && text.stderr.isEmpty)
        #expect(text.stdout == "max-pool has no weights: dL/dX is its only gradient.\n\ndL/dX (grad_input) 4×4:\n0 1 0 0\n0 0 2 0\n0 0 4 0\n3 0 0 0\n")
        let json = try Self.json(try CLI.run(["compute", "--format", "json"] + Self.pool).stdout)
        #expect(json["grad_weight"] is NSNull && json["grad_bias"] is NSNull && json["op"] as? String == "max-pool")
        #expect((json["grad_input"] as? [String: Any])?["shape"] as? [Int] == [4, 4])
    }

    /// trace follows dX without --wrt; dW and db are refused naming --wrt.
    @Test func aPoolsTraceStepsDXAndRefusesWeights() throws {
        let trace = try CLI.run(["trace"] + Self.pool)
        #expect(trace.status == 0)
        #expect(trace.stdout.hasPrefix("Step 1: dX[0,0,0], product 1 of 1: dY (0,0) = 1 times share (lost the max) = 0 is 0; running sum 0. dX[0,0,0] = 0.\nStep 2: dX[0,0,1], product 1 of 1: dY (0,0) = 1 times share (won the max) = 1 is 1;"), "\(trace.stdout.prefix(300))")
        // Overlapping windows: (0,0) lies in one window, so its last three terms are of none.
        let overlapping = try CLI.run(["trace", "--stride", "1", "--grad-output", "1 2 3; 4 5 6; 7 8 9"] + Self.pool.dropLast(2))
        #expect(overlapping.stdout.hasPrefix("Step 1: dX[0,0,0], product 1 of 4: dY (0,0) = 1 times share (lost the max) = 0 is 0; running sum 0.\nStep 2: dX[0,0,0], product 2 of 4: no other window = 0; running sum 0.\n"), "\(overlapping.stdout.prefix(300))")
        let jsonl = try CLI.run(["trace", "--format", "jsonl", "--wrt", "input"] + Self.pool)
        #expect(jsonl.stdout.hasPrefix("{\"step\": 1, \"output\": [0,0,0], \"dy\": 1, \"dy_at\": [0,0,0], \"share\": 0, \"share_at\": [0,0], \"product\": 0, \"sum\": 0}\n"), "\(jsonl.stdout.prefix(200))")
        for wrt in ["weight", "bias"] {
            let refused = try CLI.run(["trace", "--wrt", wrt] + Self.pool)
            #expect(refused.status == 64 && refused.stdout.isEmpty)
            #expect(refused.stderr.hasPrefix("error: --wrt \(wrt): max-pool has no weights: its only gradient is dX (wrt: input)"), "\(refused.stderr)")
        }
    }
}
