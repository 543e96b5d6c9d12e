import Foundation
import Testing

/// `convtutor receptive-field`: the table and JSON of rf / jump / start, and its refusals.
@Suite(.timeLimit(.minutes(10))) struct ReceptiveFieldCommandTests {
    static let issueStack = "conv k=3; conv k=3 s=2 p=1; pool k=2; conv k=3 d=2"

    @Test func tablePrintsEveryLayerAndWhatTheLastFieldMeans() throws {
        let r = try CLI.run(["receptive-field", "--layers", Self.issueStack, "--input-size", "32"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        #expect(r.stdout == """
            layer  op                size  rf  jump  start
                0  input               32   1     1      0
                1  conv k=3            30   3     1      1
                2  conv k=3 s=2 p=1    15   5     2      1
                3  pool k=2             7   7     4      2
                4  conv k=3 d=2         3  23     4     10
            Output (i, j) of layer 4 depends on input pixels within the 23×23 square
            centred at (4i+10, 4j+10).

            """, "\(r.stdout)")
    }

    /// No size column without --input-size; half-pixel starts line up on their decimal point.
    @Test func withoutAnInputSizeAndWithHalfPixelStarts() throws {
        let r = try CLI.run(["receptive-field", "--layers", "conv k=2 s=2; conv k=2"], environment: ["COLUMNS": "200"])
        #expect(r.stdout == """
            layer  op            rf  jump  start
                0  input          1     1    0
                1  conv k=2 s=2   2     2    0.5
                2  conv k=2       4     2    1.5
            Output (i, j) of layer 2 depends on input pixels within the 4×4 square centred at (2i+1.5, 2j+1.5).

            """, "\(r.stdout)")
    }

    @Test func jsonListsEveryRow() throws {
        let r = try CLI.run(["receptive-field", "--layers", "conv k=2 p=1; conv k=3 s=2 p=1", "--input-size", "4", "--format", "json"])
        #expect(r.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["layer"] as? Int } == [0, 1, 2])
        #expect(rows.map { $0["size"] as? Int } == [4, 5, 3])
        #expect(rows.map { $0["rf"] as? Int } == [1, 2, 4])
        #expect(rows.map { $0["jump"] as? Int } == [1, 1, 2])
        #expect(rows.map { $0["start"] as? Double } == [0, -0.5, -0.5])
        #expect(rows.allSatisfy { Set($0.keys) == ["layer", "size", "rf", "jump", "start"] })
        let unsized = try CLI.run(["receptive-field", "--layers", "pool k=2", "--format", "json"])
        #expect(unsized.stdout == "[\n  {\"layer\": 0, \"size\": null, \"rf\": 1, \"jump\": 1, \"start\": 0},\n  {\"layer\": 1, \"size\": null, \"rf\": 2, \"jump\": 2, \"start\": 0.5}\n]\n")
    }

    /// A mistake in --layers or --input-size is a bad command line (64); a layer left without
    /// outputs is found computing (1). Either way one `error:` line and nothing on stdout.
    @Test(arguments: [
        (["--layers", "conv k=3; conv x=1"], 64, "error: --layers: layer 2: unknown key 'x' (keys: k, s, p, d)"),
        (["--layers", "conv k=3; dense k=3"], 64, "error: --layers: layer 2: unknown layer 'dense' (layers: conv, pool)"),
        (["--layers", ""], 64, "error: --layers: no layers given"),
        (["--layers", "conv k=3", "--input-size", "many"], 64, "error: --input-size must be a whole number; got 'many'"),
        (["--layers", "conv k=3", "--input-size", "0"], 64, "error: --input-size must be at least 1; got 0"),
        (["--layers", "conv k=3", "--input-size", "99999999999999999999"], 64, "error: --input-size is too large (at most 10000)"),
        (["--input-size", "3"], 64, "error: give the layers: --layers \"conv k=3; pool k=2\" or --stack FILE"),
        (["--layers", "conv k=3; conv k=3", "--input-size", "3"], 1, "error: layer 2 (conv k=3) does not fit: its input is 1×1 but its kernel spans 3"),
        (["--layers", "conv k=3 s=1000000; conv k=3 s=1000000; conv k=3 s=1000000; conv k=3 s=1000000"], 1,
         "error: layer 4 (conv k=3 s=1000000) grows its receptive field past what can be represented"),
    ])
    func refusalsAreOneLine(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let r = try CLI.run(["receptive-field"] + arguments)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.hasPrefix(message) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Int64 extremes in every key and in --input-size: never a crash, one error line at most.
    @Test func extremesAreRefusedCleanly() throws {
        var runs: [[String]] = []
        for v in NumericLimitTests.extremes {
            runs.append(["receptive-field", "--layers", "conv k=3", "--input-size", v])
            for key in ["k", "s", "p", "d"] {
                runs.append(["receptive-field", "--layers", key == "k" ? "pool k=\(v)" : "conv k=3 \(key)=\(v); pool k=2 \(key)=\(v)", "--input-size", "50"])
            }
        }
        try NumericLimitTests.runAll(runs)
    }

    @Test func asciiUnderTheCLocale() throws {
        let r = try CLI.run(["receptive-field", "--layers", "conv k=3; conv k=3"], environment: ["LANG": "C", "LC_ALL": "C", "COLUMNS": "200"])
        #expect(r.stdout.unicodeScalars.allSatisfy(\.isASCII) && r.stdout.contains("the 5x5 square centred at (i+2, j+2)."), "\(r.stdout)")
        let e = try CLI.run(["receptive-field", "--layers", "pool k=2; pool k=2", "--input-size", "2"], environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(e.stderr == "error: layer 2 (pool k=2) does not fit: its input is 1x1 but its window spans 2\n", "\(e.stderr)")
    }
}
