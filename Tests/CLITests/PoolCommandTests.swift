import ConvKit
import Foundation
import Testing

/// `compute` and `trace` of max-pool and avg-pool against PyTorch's answers
/// (Tests/ConvKitTests/Fixtures/pool-cases.json, Scripts/gen_pool_fixtures.py): every pool
/// option travels from the command line (the stride left out where PyTorch's default was used),
/// and every case PyTorch refuses is one `error:` line.
@Suite(.timeLimit(.minutes(10))) struct PoolCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fields: [String: any Sendable]
        var name: String { fields["name"] as! String }
        var testDescription: String { name }
        func ints(_ key: String) -> [Int] { (fields[key] as! [NSNumber]).map(\.intValue) }
        func pair(_ key: String) -> String { ints(key).map(String.init).joined(separator: ",") }
        func tensor(_ key: String) -> (shape: [Int], data: [Double])? {
            guard let t = fields[key] as? [String: Any] else { return nil }
            return ((t["shape"] as! [NSNumber]).map(\.intValue), (t["data"] as! [Any]).map(Self.number))
        }
        /// The fixtures write what JSON cannot as strings, as `compute --format json` does.
        static func number(_ v: Any) -> Double {
            if let n = v as? NSNumber { return n.doubleValue }
            return ["nan": .nan, "inf": .infinity, "-inf": -.infinity][v as? String ?? ""] ?? .nan
        }
        /// A command line can only carry finite numbers (text grids and .npy refuse the rest).
        var finiteInput: Bool { tensor("input")!.data.allSatisfy(\.isFinite) }
        var arguments: [String] {
            var a = ["--op", fields["op"] as! String, "--pool-size", pair("pool_size"), "--padding", pair("padding")]
            if (fields["default_stride"] as? NSNumber)?.boolValue != true { a += ["--stride", pair("stride")] }
            if ints("dilation") != [1, 1] { a += ["--dilation", pair("dilation")] }
            if (fields["ceil_mode"] as? NSNumber)?.boolValue == true { a.append("--ceil-mode") }
            return a
        }
    }

    static let all: [Case] = {
        let url = CLI.packageRoot.appendingPathComponent("Tests/ConvKitTests/Fixtures/pool-cases.json")
        let file = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (file["cases"] as! [[String: Any]]).map { Case(fields: $0.mapValues { $0 as! any Sendable }) }
            .filter { ($0.fields["op"] as! String).hasSuffix("-pool") && $0.finiteInput }
    }()

    static func inputArgument(_ c: Case, in dir: URL) throws -> [String] {
        let t = c.tensor("input")!
        let url = dir.appendingPathComponent("input.npy")
        try Data(NPY.encode(try Tensor(shape: t.shape, data: t.data))).write(to: url)
        return ["--input", url.path]
    }

    @Test func theCasesCoverEveryPoolOption() {
        #expect(Self.all.count >= 120)
        #expect(Self.all.contains { $0.arguments.contains("--ceil-mode") && $0.fields["expected"] is [String: Any] })
        #expect(Self.all.contains { $0.arguments.contains("--dilation") && $0.fields["expected"] is [String: Any] })
        #expect(Self.all.contains { !$0.arguments.contains("--stride") })
        #expect(Self.all.contains { !($0.fields["expected"] is [String: Any]) })
    }

    @Test(arguments: all)
    func computeMatchesPyTorch(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["compute", "--format", "json"] + c.arguments + Self.inputArgument(c, in: dir))
        guard let expected = c.tensor("expected") else {
            // PyTorch refuses it: so do we, in one line, as a failure of the data (exit 1), or of
            // the command line alone (exit 64: dilation on avg-pool).
            #expect((r.status == 1 || (r.status == 64 && c.arguments.contains("--dilation"))) && r.stdout.isEmpty, "\(c.name): \(r.stdout.prefix(200))")
            #expect(r.stderr.hasPrefix("error: ") && r.stderr.split(separator: "\n").count == 1, "\(c.name): \(r.stderr)")
            return
        }
        #expect(r.status == 0 && r.stderr.isEmpty, "\(c.name): \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout.prefix(200))")
        #expect(json["op"] as? String == c.fields["op"] as? String)
        #expect((json["shape"] as? [NSNumber])?.map(\.intValue) == expected.shape)
        let got = Self.flatten(json["data"] as Any)
        #expect(got.count == expected.data.count && zip(got, expected.data).allSatisfy(Self.same), "\(c.name): \(got) vs \(expected.data)")
    }

    /// The jsonl trace ends each output on compute's value, and a max pool's last argmax is
    /// PyTorch's index wherever some tap beat -inf.
    @Test(arguments: all.filter { $0.fields["expected"] is [String: Any] }.prefix(40))
    func traceEndsOnTheValueAndTheArgmax(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["trace", "--format", "jsonl"] + c.arguments + Self.inputArgument(c, in: dir))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let last = lines.filter { $0["value"] != nil }
        let expected = c.tensor("expected")!
        #expect(last.map { Case.number($0["value"]!) }.count == expected.data.count)
        #expect(zip(last.map { Case.number($0["value"]!) }, expected.data).allSatisfy(Self.same), "\(c.name)")
        guard c.fields["op"] as? String == "max-pool", let argmax = c.fields["argmax"] as? [String: Any] else { return }
        let width = c.tensor("input")!.shape.last!
        for (line, index) in zip(last, (argmax["data"] as! [NSNumber]).map(\.intValue)) {
            guard let at = (line["argmax"] as? [NSNumber])?.map(\.intValue) else { continue }
            #expect(at[1] * width + at[2] == index, "\(c.name): \(at) vs PyTorch's \(index)")
        }
    }

    /// A ceil-mode average's taps past the padding are no cells: the trace says they are not
    /// counted instead of reading them as a 0 that would count.
    @Test func traceSaysATapPastThePaddingIsNotCounted() throws {
        let r = try CLI.run(["trace", "--op", "avg-pool", "--pool-size", "2", "--ceil-mode",
                             "--input", "1 5 2 0 4; 3 4 8 1 2; 0 2 9 7 6; 6 1 3 3 5; 2 8 1 0 7"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("output (0,2), tap 2 of 4: past the padding (0,5): not counted; running sum 4.\n"), "\(r.stdout)")
        #expect(r.stdout.contains("output (0,2), tap 4 of 4: past the padding (1,5): not counted; running sum 6. Divided by 2: output (0,2) = 3.\n"), "\(r.stdout)")
        #expect(!r.stdout.contains("past the padding (0,5) = 0"), "\(r.stdout)")
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        a.isNaN && b.isNaN || a == b || abs(a - b) <= 1e-12 * max(1, abs(b))
    }

    static func flatten(_ value: Any) -> [Double] {
        if let list = value as? [Any] { return list.flatMap(flatten) }
        return [Case.number(value)]
    }
}
