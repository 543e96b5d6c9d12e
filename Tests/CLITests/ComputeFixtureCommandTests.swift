import ConvKit
import Foundation
import Testing

/// `convtutor compute --format json` against numpy's answers (Tests/ConvKitTests/Fixtures/cases.json,
/// written by Scripts/gen_fixtures.py): every option travels from the command line to the
/// engine, so a CLI that dropped or misread one (dilation, padding, groups, an asymmetric
/// stride, bias, ReLU, fractions) gives other numbers.
@Suite(.timeLimit(.minutes(10))) struct ComputeFixtureCommandTests {
    /// One fixture case, as the JSON file holds it.
    struct Case: CustomTestStringConvertible, Sendable {
        let fields: [String: any Sendable]
        var name: String { fields["name"] as! String }
        var op: String { fields["op"] as! String }
        var testDescription: String { name }

        func tensor(_ key: String) -> (shape: [Int], data: [Double])? {
            guard let t = fields[key] as? [String: Any] else { return nil }
            return ((t["shape"] as! [NSNumber]).map(\.intValue), (t["data"] as! [NSNumber]).map(\.doubleValue))
        }
        func pair(_ key: String) -> String { (fields[key] as! [NSNumber]).map { "\($0.intValue)" }.joined(separator: ",") }
        func flag(_ key: String) -> Bool { (fields[key] as! NSNumber).boolValue }
        var padding: String { (fields["padding"] as? String) ?? pair("padding") }
        var hasFractions: Bool { tensor("input")!.data.contains { $0 != $0.rounded() && Self.ninths($0) != nil } }

        /// `k/9` for the fixtures' ninths, so the grid's fraction syntax is exercised.
        static func ninths(_ v: Double) -> Int? {
            let k = (v * 9).rounded()
            return Double(k) / 9 == v && v != v.rounded() ? Int(k) : nil
        }
    }

    static let all: [Case] = {
        let url = CLI.packageRoot.appendingPathComponent("Tests/ConvKitTests/Fixtures/cases.json")
        let file = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (file["cases"] as! [[String: Any]]).map { Case(fields: $0.mapValues { $0 as! any Sendable }) }
    }()

    /// The large cases (wide rows, threaded layers), then the first few cases of every option and op.
    static let slice: [Case] = {
        let features: [(Case) -> Bool] = [
            { $0.pair("dilation") != "1,1" }, { $0.padding == "same" }, { $0.padding == "full" },
            { ($0.fields["groups"] as! NSNumber).intValue > 1 },
            { let s = $0.pair("stride").split(separator: ","); return s[0] != s[1] },
            { $0.tensor("bias") != nil }, { $0.flag("relu") }, { $0.flag("flip") }, { $0.hasFractions },
            { $0.fields["padding"] is [Any] && $0.pair("padding") != "0,0" },
        ] + Op.allCases.map { op in { $0.op == op.rawValue } }
        var picked = all.filter { $0.name.hasPrefix("wide-") || $0.name.hasPrefix("threaded-") }
        for feature in features {
            for c in all.filter(feature).prefix(3) where !picked.contains(where: { $0.name == c.name }) { picked.append(c) }
        }
        return picked
    }()

    @Test func theSliceCoversEveryOptionAndTheLargePaths() {
        #expect(Self.slice.count >= 30)
        #expect(Self.slice.filter { $0.name.hasPrefix("threaded-") }.count >= 2)
        #expect(Self.slice.filter { $0.name.hasPrefix("wide-") }.count >= 3)
    }

    @Test(arguments: slice)
    func computeMatchesNumpy(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["compute", "--format", "json"] + Self.layerArguments(c, in: dir))
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout.prefix(200))")
        let expected = try #require(c.tensor("expected"))
        #expect((json["shape"] as? [NSNumber])?.map(\.intValue) == expected.shape)
        let got = Self.flatten(json["data"] as Any)
        #expect(got.count == expected.data.count)
        let far = Self.mismatch(got, expected.data)
        #expect(far == nil, "\(c.name): value \(far ?? "")")
    }

    /// The layer options of case `c`, its tensors written into `dir`.
    static func layerArguments(_ c: Case, in dir: URL) throws -> [String] {
        var arguments = ["--op", c.op]
        // dense has no window: its window options are refused, not ignored.
        if c.op != Op.dense.rawValue {
            arguments += ["--stride", c.pair("stride"), "--padding", c.padding, "--dilation", c.pair("dilation"),
                          "--groups", "\((c.fields["groups"] as! NSNumber).intValue)"]
        }
        if c.op == Op.convTranspose.rawValue { arguments += ["--output-padding", c.pair("output_padding")] }
        if c.flag("flip") { arguments.append("--flip") }
        if c.flag("relu") { arguments.append("--relu") }
        for (key, option) in [("input", "--input"), ("kernel", "--kernel"), ("bias", "--bias")] {
            guard let t = c.tensor(key) else { continue }
            arguments += [option, try Self.write(t, named: key, for: c, in: dir).path]
        }
        return arguments
    }

    /// Grid text (fractions as `k/9`) where it keeps the shape's meaning, .npy for the large cases
    /// and for the kernels grid text would read differently.
    static func write(_ t: (shape: [Int], data: [Double]), named key: String, for c: Case, in dir: URL) throws -> URL {
        let large = c.name.hasPrefix("wide-") || c.name.hasPrefix("threaded-")
        // One filter of several channels reads as [C, kh, kw]: conv-transpose's Cin, not its Cout.
        let ambiguous = c.op == Op.convTranspose.rawValue && t.shape.count == 4 && t.shape[0] == 1 && t.shape[1] > 1
        if large || ambiguous {
            let url = dir.appendingPathComponent("\(key).npy")
            try Data(NPY.encode(try Tensor(shape: t.shape, data: t.data))).write(to: url)
            return url
        }
        let numbers = t.data.map { v in Case.ninths(v).map { "\($0)/9" } ?? (v == v.rounded() ? "\(Int(v))" : "\(v)") }
        let w = t.shape.last ?? 1, h = t.shape.count >= 2 ? t.shape[t.shape.count - 2] : 1
        let c = t.shape.count >= 3 ? t.shape[t.shape.count - 3] : 1
        let rows = stride(from: 0, to: numbers.count, by: w).map { numbers[$0..<$0 + w].joined(separator: " ") }
        let channels = stride(from: 0, to: rows.count, by: h).map { rows[$0..<$0 + h].joined(separator: "\n") }
        let filters = stride(from: 0, to: channels.count, by: c).map { channels[$0..<$0 + c].joined(separator: "\n\n") }
        let url = dir.appendingPathComponent("\(key).txt")
        try (filters.joined(separator: "\n---\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The first value of `got` not close to `expected`'s, as "offset: got ≠ expected": numpy's
    /// closeness as the fixture tests use it, 1e-9 relative with a floor near zero.
    static func mismatch(_ got: [Double], _ expected: [Double]) -> String? {
        zip(got, expected).enumerated().first { abs($1.0 - $1.1) > 1e-9 * max(1, abs($1.1)) }
            .map { "\($0.offset): \($0.element.0) ≠ \($0.element.1)" }
    }

    static func flatten(_ value: Any) -> [Double] {
        if let list = value as? [Any] { return list.flatMap(flatten) }
        return (value as? NSNumber).map { [$0.doubleValue] } ?? [.nan]
    }
}
