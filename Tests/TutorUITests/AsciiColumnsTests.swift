import LessonKit
import Testing
@testable import TutorUI

/// Under `LANG=C` the UI says where it separates phrases (` | `), words joined by `×` stay
/// apart, no line starts with a minus, and the menu's columns line up with `[ok]` and `...`.
@Suite struct AsciiColumnsTests {
    /// The UI's separators are ` | ` whatever surrounds them; only prose is guessed at.
    @Test func separatorsAreExplicit() {
        Charset.$current.withValue(.ascii) {
            #expect(Charset.separated("long1 · L1/01-a.yaml · conv2d") == "long1 | L1/01-a.yaml | conv2d")
            #expect(["x1", "w2"].joined(separator: Charset.separator) == "x1 | w2")
        }
        #expect(Charset.separated("long1 · L1") == "long1 · L1" && Charset.separator == " · ")
    }

    @Test(arguments: [
        ("(channels×rows×columns)", "(channels x rows x columns)"),
        ("a 3×3 kernel, 2×k", "a 3x3 kernel, 2xk"),
    ])
    func timesBetweenWords(_ text: String, _ expected: String) {
        #expect(AsciiText.transliterate(text) == expected)
    }

    /// `stride − 1` is never split before its minus, which would start a line `- 1`.
    @Test(arguments: [Charset.unicode, .ascii]) func noLineStartsWithAMinus(_ charset: Charset) {
        let text = "putting stride − 1 zeros between its cells, then x − y and − 2 as well"
        for width in 8...40 {
            let lines = Charset.$current.withValue(charset) { TextLayout.plain(text, width: width) }
            for line in lines.dropFirst() { #expect(!line.hasPrefix("-") && !line.hasPrefix("−"), "\(width): \(lines)") }
            #expect(lines.joined(separator: " ").contains("stride"))
        }
    }

    /// Marked and unmarked rows, and numbers past 99, keep the title and topic columns.
    @Test(arguments: [Charset.unicode, .ascii]) func menuColumnsLineUp(_ charset: Charset) {
        let lessons = BundledLessonScreenTests.lessons
        var done = LessonProgress(), started = LessonProgress()
        done.done = true
        started.step = 2
        let entries = (0..<120).map { i in LessonApp.Entry(lesson: lessons[i % lessons.count], progress: [done, started, nil][i % 3]) }
        var app = LessonApp(menu: entries)
        let size = Size(width: 80, height: 24)
        _ = app.update(.resize(size))
        var rows: [Substring] = []
        for event in [Event.home, .end] {
            _ = app.update(event)
            let text = Charset.$current.withValue(charset) { app.view(size).text }
            rows += text.split(separator: "\n", omittingEmptySubsequences: false)[2..<12]
        }
        // The title starts after the number's two spaces; the topics after the last gap.
        func titleColumn(_ row: Substring) -> Int { row.count - row.drop { !$0.isNumber }.drop { $0.isNumber }.count + 2 }
        func topicColumn(_ row: Substring) -> Int {
            let cs = Array(row)
            return (2..<cs.count).last { cs[$0 - 2] == " " && cs[$0 - 1] == " " && cs[$0] != " " } ?? -1
        }
        #expect(Set(rows.map(titleColumn)).count == 1, "\(rows.joined(separator: "\n"))")
        // Rows whose topics show (not cut for room), without the scroll mark at the right edge.
        let topics = rows.map { $0.prefix(size.width - 2) }.filter { topicColumn($0) > titleColumn($0) }
        #expect(topics.count > 10 && Set(topics.map(topicColumn)).count == 1, "\(rows.joined(separator: "\n"))")
    }
}
