import Foundation
import Testing

/// Under a locale that is not UTF-8 (`LC_ALL=C`), every command's human-readable output is
/// ASCII that reads as the Unicode does; machine-readable output stays UTF-8.
@Suite(.timeLimit(.minutes(10))) struct AsciiOutputTests {
    static let cLocale = ["LANG": "C", "LC_ALL": "C"]

    /// Runs `arguments` under a UTF-8 and under the C locale, each with a progress folder of
    /// its own, and returns both outputs (stdout then stderr) after checking the C one is ASCII
    /// and has a `?` only where the UTF-8 one has.
    @discardableResult
    func expectASCII(_ arguments: [String], stdin: String? = nil) throws -> (unicode: String, ascii: String) {
        var outputs: [String] = []
        for locale in [CLI.utf8Locale, Self.cLocale] {
            let env = locale.merging(["XDG_STATE_HOME": try CLI.temporaryDirectory().path]) { $1 }
            let r = try CLI.run(arguments, stdin: stdin, environment: env)
            outputs.append(r.stdout + r.stderr)
        }
        let (u, a) = (outputs[0], outputs[1])
        let name = arguments.joined(separator: " ")
        #expect(!a.isEmpty, "\(name)")
        let bad = a.unicodeScalars.filter { !$0.isASCII }
        #expect(bad.isEmpty, "\(name): \(String(String.UnicodeScalarView(bad)))")
        #expect(a.components(separatedBy: "?").count == u.components(separatedBy: "?").count, "\(name): a ? the UTF-8 output does not have")
        // "~" alone marks a character without a stand-in; "~=" is ≈'s own.
        let unknown = { (t: String) in t.replacingOccurrences(of: "~=", with: "").components(separatedBy: "~").count }
        #expect(unknown(a) == u.components(separatedBy: "~").count, "\(name): a character without a stand-in")
        return (u, a)
    }

    /// Every bundled lesson in plain mode, each question answered wrong, hinted and revealed.
    @Test(arguments: 1...CLI.lessonCount) func plainLessons(_ number: Int) throws {
        let answers = String(repeating: "12345\nhint\nskip\n\n", count: 60)
        let (u, a) = try expectASCII(["lesson", "\(number)", "--plain"], stdin: answers)
        #expect(a.contains("-- Screen 2 of") && u.contains(" Screen 2 of"), "\(a)")
        if number == 2 { #expect(a.contains("1*1 + 1*0 + 1*1"), "\(a)") }
    }

    @Test func traceComputeAndErrors() throws {
        let layers: [[String]] = [
            [], ["--relu", "--bias", "-1"], ["--padding", "1", "--stride", "2"], ["--op", "conv-transpose"], ["--op", "depthwise"],
            ["--op", "dense"], ["--op", "pointwise"], ["--flip"],
        ]
        for layer in layers {
            try expectASCII(["trace"] + layer)
            try expectASCII(["compute"] + layer)
        }
        // An error that names sizes and a formula: `×`, `·` and `−` in ASCII.
        let (u, a) = try expectASCII(["compute", "--input", "1 2;"])
        #expect(u.contains("·") && a.contains("dilation 1 * (3 - 1) + 1"), "\(a)")
        // Help keeps to the width it was wrapped to, though `[ok]` is wider than ✓.
        for command in ["menu", "lessons", "lesson", "step"] {
            let (u, a) = try expectASCII([command, "--help"])
            let width = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("USAGE:") }.map(\.count).max() ?? 0 }
            #expect(width(a) <= width(u), "\(command) --help:\n\(a)")
        }
    }

    /// The lessons table lines up in ASCII, with its marks; JSON keeps the titles as written.
    @Test func lessonsTableAndJSON() throws {
        let (_, a) = try expectASCII(["lessons"])
        let rows = a.split(separator: "\n").filter { $0.contains(" exercise") }
        let columns = Set(rows.map { $0.range(of: " exercise")!.lowerBound.utf16Offset(in: $0) })
        #expect(rows.count == CLI.lessonCount && columns.count == 1 && a.contains("1x1"), "\(a)")
        let json = try CLI.run(["lessons", "--format", "json"], environment: Self.cLocale)
        #expect(json.stdout.contains("The 1×1 convolution"), "JSON is UTF-8 whatever the locale")
    }
}
