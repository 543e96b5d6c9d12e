import ConvKit
import Foundation
import Testing

/// `--padding-mode` from the command line against PyTorch's answers: every padding-mode case
/// of Tests/ConvKitTests/Fixtures/pool-cases.json (Scripts/gen_pool_fixtures.py), its tensors
/// written as .npy, through `compute --format json`; the refused ones end in one error line.
@Suite(.timeLimit(.minutes(10))) struct PaddingModeCommandTests {
    typealias Case = ComputeFixtureCommandTests.Case

    static let all: [Case] = {
        let url = CLI.packageRoot.appendingPathComponent("Tests/ConvKitTests/Fixtures/pool-cases.json")
        let file = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (file["cases"] as! [[String: Any]]).filter { $0["padding_mode"] is String }
            .map { Case(fields: $0.filter { !($1 is NSNull) }.mapValues { $0 as! any Sendable }) }
    }()

    @Test func everyModeAndOpIsCovered() {
        let pairs = Set(Self.all.map { "\($0.op) \($0.fields["padding_mode"]!)" })
        #expect(pairs.count == 4 * 4, "\(pairs.sorted())")
        #expect(Self.all.contains { $0.fields["error"] != nil })
    }

    /// The case's layer options, its tensors as .npy files in `dir`.
    static func arguments(_ c: Case, in dir: URL) throws -> [String] {
        var arguments = ["--op", c.op, "--stride", c.pair("stride"), "--padding", c.padding, "--dilation", c.pair("dilation"),
                         "--groups", "\((c.fields["groups"] as! NSNumber).intValue)", "--padding-mode", c.fields["padding_mode"] as! String]
        if c.flag("flip") { arguments.append("--flip") }
        if c.flag("relu") { arguments.append("--relu") }
        for (key, option) in [("input", "--input"), ("kernel", "--kernel"), ("bias", "--bias")] {
            guard let t = c.tensor(key) else { continue }
            let url = dir.appendingPathComponent("\(key).npy")
            try Data(NPY.encode(try Tensor(shape: t.shape, data: t.data))).write(to: url)
            arguments += [option, url.path]
        }
        return arguments
    }

    static func compute(_ c: Case) throws -> (status: Int32, stderr: String, json: [String: Any]?) {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["compute", "--format", "json"] + Self.arguments(c, in: dir))
        return (r.status, r.stderr, try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: all) func computeMatchesPyTorch(_ c: Case) throws {
        let r = try Self.compute(c)
        guard let expected = c.tensor("expected") else {
            // PyTorch refuses the padding: so does the CLI, in one line naming the option.
            let lines = r.stderr.split(separator: "\n")
            #expect(r.status == 1 && lines.count == 1 && lines[0].hasPrefix("error: --padding-mode "), "\(c.name): \(r.stderr)")
            return
        }
        #expect(r.status == 0 && r.stderr.isEmpty, "\(c.name): \(r.stderr)")
        let json = try #require(r.json)
        #expect((json["shape"] as? [NSNumber])?.map(\.intValue) == expected.shape)
        let got = ComputeFixtureCommandTests.flatten(json["data"] as Any)
        #expect(got.count == expected.data.count)
        let far = ComputeFixtureCommandTests.mismatch(got, expected.data)
        #expect(far == nil, "\(c.name): value \(far ?? "")")
    }

    /// The trace walks the same copies: its finished values, output by output, are compute's.
    @Test func reflectTraceEndsOnComputesValues() throws {
        let c = try #require(Self.all.first { $0.fields["padding_mode"] as? String == "reflect" && $0.tensor("expected") != nil && $0.pair("stride") != "1,1" && $0.padding != "0,0" })
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["trace", "--format", "jsonl"] + Self.arguments(c, in: dir))
        #expect(r.status == 0 && r.stderr.isEmpty, "\(c.name): \(r.stderr)")
        let steps = try r.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        // Over reflect padding every step reads an input cell (zeros mode's would be null).
        #expect(steps.count > 0 && steps.allSatisfy { $0["input"] is [NSNumber] }, "\(c.name)")
        let values = steps.compactMap { ($0["value"] as? NSNumber)?.doubleValue }
        let computed = ComputeFixtureCommandTests.flatten(try #require(Self.compute(c).json)["data"] as Any)
        #expect(values.count == computed.count && values == computed, "\(c.name)")
        #expect(ComputeFixtureCommandTests.mismatch(values, try #require(c.tensor("expected")).data) == nil, "\(c.name)")
    }
}
