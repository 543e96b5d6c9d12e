// convtutor-bench: the measured side of issue 7. Benchmarks are measured here, never asserted
// in tests. `swift run -c release convtutor-bench [--json] [--only a,b] [--seconds S]`.
import Foundation

var asJSON = false, only: Set<String>?, target = 1.5
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--json": asJSON = true
    case "--only": only = Set((args.popFirst() ?? "").split(separator: ",").map(String.init))
    case "--seconds": target = Double(args.popFirst() ?? "") ?? target
    case "--list": break
    default:
        FileHandle.standardError.write("usage: convtutor-bench [--json] [--only CASE,...] [--seconds S] [--list]\n".data(using: .utf8)!)
        exit(a == "--help" || a == "-h" ? 0 : 2)
    }
}

let sink = Sink()
let cases = allCases(sink).filter { only?.contains($0.name) ?? true }
if CommandLine.arguments.contains("--list") {
    print(allCases(sink).map(\.name).joined(separator: "\n"))
    exit(0)
}
#if DEBUG
FileHandle.standardError.write("warning: a debug build; measure with `swift run -c release convtutor-bench`\n".data(using: .utf8)!)
#endif
if let only, cases.count < only.count {
    FileHandle.standardError.write("unknown case in --only; see --list\n".data(using: .utf8)!)
    exit(2)
}

var results: [Result] = []
for c in cases {
    if !asJSON { FileHandle.standardError.write("running \(c.name)…\n".data(using: .utf8)!) }
    results.append(try measure(c, target: target))
}
print(asJSON ? json(results) : table(results))
// Shown so the timed work has an observable effect; not a result.
if !asJSON { print("checksum \(String(sink.value, radix: 16))") }
