import Foundation
import Testing
@testable import TutorUI

/// Compares a rendered screen with `Golden/NAME.txt`. Run with UPDATE_GOLDEN=1 to rewrite the
/// files after an intended change, then review the diff like any other code change. Under CI
/// (`CI` set) the comparison runs even then, so a stray UPDATE_GOLDEN cannot turn every golden
/// check into a pass; `.ci/run` also fails when a run leaves Tests/ different from the commit.
func expectGolden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
    let environment = ProcessInfo.processInfo.environment
    if environment["UPDATE_GOLDEN"] == "1" && !isCI(environment) {
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(expected == text + "\n", "screen \(name) differs from its golden file", sourceLocation: sourceLocation)
}

/// CI services set `CI` (GitHub Actions, GitLab, Buildkite, … use `true`); "0"/"false" mean a local run.
func isCI(_ environment: [String: String]) -> Bool {
    guard let value = environment["CI"]?.lowercased() else { return false }
    return !["", "0", "false", "no"].contains(value)
}

extension CellBuffer {
    /// What a monochrome terminal shows: one letter per cell for its strongest attribute
    /// (R reverse, B bold, U underline, D dim), '.' for plain text, ' ' for blanks.
    var attributeMap: String {
        (0..<size.height).map { y in
            let row = (0..<size.width).map { x -> Character in
                let c = self[x, y]
                let a = c.style.attributes
                if a.contains(.reverse) { return a.contains(.underline) ? "U" : "R" }
                if a.contains(.bold) { return "B" }
                if a.contains(.dim) { return "D" }
                return c.character == " " ? " " : "."
            }
            return String(String(row).reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n")
    }
}
