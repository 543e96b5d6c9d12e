import ConvKit
import Foundation
import Testing

/// conv-transpose outputs that no product reaches (stride past the kernel, dilation gaps,
/// output padding) still appear in `trace`: once each, after the steps, with the value `compute`
/// gives them.
@Suite(.timeLimit(.minutes(10))) struct TraceUnreachedTests {
    @Test func everyOutputValueAppearsOnceAndMatchesCompute() throws {
        var r = SplitMix64(seed: 13)
        func pick(_ n: Int) -> Int { Int(r.next() % UInt64(n)) }
        var unreachedSeen = 0
        for _ in 0..<12 {
            let (h, w, k) = (1 + pick(3), 1 + pick(3), 1 + pick(2))
            let stride = 1 + pick(3), dilation = 1 + pick(2)
            let extra = pick(max(stride, dilation))   // output padding stays below the stride or the dilation
            let grid = { (rows: Int, cols: Int) in (0..<rows).map { _ in (0..<cols).map { _ in String(pick(7) - 3) }.joined(separator: " ") }.joined(separator: "; ") }
            let args = ["--op", "conv-transpose", "--input", grid(h, w), "--kernel", grid(k, k), "--stride", "\(stride)",
                        "--dilation", "\(dilation)", "--output-padding", "\(extra)", "--bias", String(pick(9) - 4)] + (pick(2) == 0 ? ["--relu"] : [])
            let compute = try CLI.run(["compute", "--format", "json"] + args)
            try #require(compute.status == 0, "\(args) \(compute.stderr)")
            let data = try #require(try JSONSerialization.jsonObject(with: Data(compute.stdout.utf8)) as? [String: Any])
            let planes = try #require(data["data"] as? [[[Double]]])
            var expected: [[Int]: Double] = [:]
            for (c, plane) in planes.enumerated() { for (y, row) in plane.enumerated() { for (x, v) in row.enumerated() { expected[[c, y, x]] = v } } }

            let trace = try CLI.run(["trace", "--format", "jsonl"] + args)
            try #require(trace.status == 0, "\(args) \(trace.stderr)")
            var values: [[Int]: [Double]] = [:], closing = 0
            for line in trace.stdout.split(separator: "\n") {
                let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard let v = o["value"] as? Double, let at = o["output"] as? [Int] else { continue }
                values[at, default: []].append(v)
                if o["step"] == nil { closing += 1; #expect(o["sum"] as? Double == 0 && o["product"] == nil) }
            }
            #expect(values.count == expected.count, "\(args)")
            for (at, v) in expected { #expect(values[at] == [v], "\(args) at \(at)") }

            let text = try CLI.run(["trace"] + args).stdout.split(separator: "\n")
            #expect(text.filter { $0.hasPrefix("No product reaches output") }.count == closing, "\(args)")
            unreachedSeen += closing
        }
        #expect(unreachedSeen > 0, "the random layers include cells no product reaches")
    }
}
