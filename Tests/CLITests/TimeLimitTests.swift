import Foundation
import Testing

/// Swift Testing counts the time a test waits for a thread as its own. On a 2-core CI machine
/// running every suite at once, quick tests waited minutes and failed their short limits; hangs
/// are caught by the harness's own timeouts, so no test may set a limit under 10 minutes.
@Suite struct TimeLimitTests {
    @Test func noTestSetsAShortLimit() throws {
        let tests = CLI.packageRoot.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: tests.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 20)
        let limit = try NSRegularExpression(pattern: #"\.timeLimit\(\.minutes\((\d+)\)\)"#)
        var short: [String] = []
        for file in files {
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            for m in limit.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let minutes = Int((text as NSString).substring(with: m.range(at: 1))) ?? 0
                if minutes < 10 { short.append("\(file): \(minutes) min") }
            }
        }
        #expect(short.isEmpty, "limits under 10 minutes: \(short)")
    }
}
