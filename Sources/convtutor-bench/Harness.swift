import Foundation

/// One benchmark: `prepare` builds the inputs once (untimed) and returns the timed body.
/// A body is one "run"; `unit` names what a run contains (frames, steps) so per-unit times
/// can be reported next to the per-run ones.
struct BenchCase {
    let name: String
    let unit: (name: String, count: Int)?
    let prepare: () throws -> Body
}

struct Body {
    let run: () -> Void
    /// Numbers that describe the case but are not timings (sizes, cells changed per frame).
    var facts: [(String, Double)] = []
}

struct Result {
    let name: String
    let times: [Double]
    let fields: [(String, Double)]
    var median: Double { times.sorted()[times.count / 2] }
    var min: Double { times.min()! }
}

/// Keeps results observable so the optimiser cannot drop the work being timed.
final class Sink {
    private(set) var value: UInt64 = 0
    @inline(never) func take(_ x: Double) { value = value &* 31 &+ x.bitPattern }
    @inline(never) func take(_ x: Int) { value = value &* 31 &+ UInt64(bitPattern: Int64(x)) }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Warm-up until 0.2 s (at least one run, so caches, page faults and lazy statics are paid),
/// then enough timed runs to fill `target` seconds: slow cases get few runs, fast ones many.
func measure(_ c: BenchCase, target: Double) throws -> Result {
    PeakMemory.reset()
    let body = try c.prepare()
    let clock = ContinuousClock()
    var warm: [Double] = []
    let warmStart = clock.now
    repeat {
        let t = clock.now
        body.run()
        warm.append(seconds(clock.now - t))
    } while seconds(clock.now - warmStart) < 0.2 && warm.count < 1000
    let estimate = warm.count > 1 ? warm.dropFirst().reduce(0, +) / Double(warm.count - 1) : warm[0]
    let runs = Swift.min(100_000, Swift.max(5, Int(target / Swift.max(estimate, 1e-9))))
    var times: [Double] = []
    times.reserveCapacity(runs)
    for _ in 0..<runs {
        let t = clock.now
        body.run()
        times.append(seconds(clock.now - t))
    }
    var fields = body.facts
    if let peak = PeakMemory.megabytes() { fields.append(("peak_rss_mb", peak)) }
    if let unit = c.unit {
        let sorted = times.sorted()
        fields.insert(("per_\(unit.name)_s", sorted[sorted.count / 2] / Double(unit.count)), at: 0)
        fields.insert(("\(unit.name)s_per_run", Double(unit.count)), at: 1)
    }
    return Result(name: c.name, times: times, fields: fields)
}

func json(_ results: [Result]) -> String {
    // Six significant digits: more than any timing here can claim.
    func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.6g", x)
    }
    let cases = results.map { r in
        var parts = ["\"median_s\": \(number(r.median))", "\"min_s\": \(number(r.min))", "\"runs\": \(r.times.count)"]
        parts += r.fields.map { "\"\($0.0)\": \(number($0.1))" }
        return "    \"\(r.name)\": {" + parts.joined(separator: ", ") + "}"
    }
    return "{\"cases\": {\n" + cases.joined(separator: ",\n") + "\n}}"
}

func table(_ results: [Result]) -> String {
    func time(_ s: Double) -> String {
        s >= 1 ? String(format: "%.3f s", s) : s >= 1e-3 ? String(format: "%.3f ms", s * 1e3) : String(format: "%.2f µs", s * 1e6)
    }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    var lines = [pad("case", 32) + pad("median", 12) + pad("min", 12) + pad("runs", 8) + "per unit / facts"]
    for r in results {
        let facts = r.fields.map { $0.0.hasSuffix("_s") ? "\($0.0) \(time($0.1))" : "\($0.0) \(String(format: "%g", $0.1))" }
        lines.append(pad(r.name, 32) + pad(time(r.median), 12) + pad(time(r.min), 12) + pad("\(r.times.count)", 8)
            + facts.joined(separator: ", "))
    }
    return lines.joined(separator: "\n")
}

/// The process's peak resident memory (Linux's VmHWM), reset before each case so that each
/// reports its own peak: its inputs, its runs and whatever earlier cases left resident.
enum PeakMemory {
    static func reset() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func megabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return (kb / 1024).rounded()
    }
}
