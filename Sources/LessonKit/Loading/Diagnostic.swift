import ConvKit

/// One problem in a lesson file, always with a place a teacher's editor can jump to.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.message = message
    }

    /// `file:line:col: error: message`, the form compilers use and editors understand.
    /// File names and messages may quote a file: control characters are shown escaped.
    public var description: String { Escaped.line("\(file):\(line):\(column): error: \(message)") }
}

/// A position in the file; Yams marks are converted to these so the rest of LessonKit does not
/// depend on how the YAML library counts.
struct Place: Sendable, Equatable {
    var line: Int
    var column: Int
    static let start = Place(line: 1, column: 1)
}

/// Collects diagnostics while a file is read, so one run reports every problem, not just the first.
final class Reporter {
    let file: String
    let source: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Every report, repeats included: a step read twice through an alias reports nothing new,
    /// yet it did report.
    private(set) var reports = 0

    init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    func error(_ place: Place, _ message: String) {
        // The same place and message can be reached by two paths (an alias, a shared layer).
        let d = Diagnostic(file: file, line: place.line, column: place.column, message: message)
        reports += 1
        if !diagnostics.contains(d) { diagnostics.append(d) }
    }

    /// Problems found in another file this one reads (a lesson's stack file), under that file's name.
    func append(_ others: [Diagnostic]) {
        reports += others.count
        for d in others where !diagnostics.contains(d) { diagnostics.append(d) }
    }

    var hasErrors: Bool { !diagnostics.isEmpty }

    /// The text of line `n` (1-based), for placing errors inside block scalars.
    func sourceLine(_ n: Int) -> Substring? {
        var current = 1
        var start = source.startIndex
        // "\r\n" is one Character in Swift: CRLF files end their lines with it.
        let isBreak = { (c: Character) in c == "\n" || c == "\r\n" }
        while current < n {
            guard let nl = source[start...].firstIndex(where: isBreak) else { return nil }
            start = source.index(after: nl)
            current += 1
        }
        let end = source[start...].firstIndex(where: isBreak) ?? source.endIndex
        return source[start..<end]
    }
}

/// Everything wrong with one file.
public struct LessonErrors: Error, Sendable, Equatable {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
