import LessonKit
import Testing
@testable import TutorUI

/// Long lesson text is paged where a reader would turn the page: a grid or picture (a verbatim
/// block) stays whole with the line that introduces it, and no page holds a paragraph's lone line.
@Suite(.timeLimit(.minutes(10))) struct TextPagingTests {
    static func verbatim(_ line: TextLayout.Line) -> Bool { line.count == 1 && line[0].text.hasPrefix("  ") }

    /// Every problem with the pages of `lines`, as sentences.
    static func problems(_ lines: [TextLayout.Line], _ pages: [Range<Int>], rows: Int) -> [String] {
        var found: [String] = []
        let text = { (i: Int) in lines[i].map(\.text).joined() }
        // The pages follow each other and hold every line that is not blank.
        var next = 0
        for p in pages {
            if p.count > rows { found.append("page \(p) is taller than \(rows) rows") }
            if lines[next..<p.lowerBound].contains(where: { !$0.isEmpty }) { found.append("lines before \(p) are on no page") }
            next = p.upperBound
        }
        if lines[next...].contains(where: { !$0.isEmpty }) { found.append("the last lines are on no page") }
        for (a, b) in zip(pages, pages.dropFirst()) where a.upperBound == b.lowerBound {
            let (last, first) = (a.upperBound - 1, b.lowerBound)
            if verbatim(lines[first]) && !lines[last].isEmpty {
                // A block taller than a page has to be cut somewhere.
                var start = first
                while start > 0 && verbatim(lines[start - 1]) { start -= 1 }
                if start > 0 && !lines[start - 1].isEmpty { start -= 1 }
                var end = first
                while end < lines.count && verbatim(lines[end]) { end += 1 }
                if end - start <= rows { found.append("a block is split: '\(text(last))' / '\(text(first))'") }
            }
        }
        for p in pages {
            let shown = p.filter { !lines[$0].isEmpty }
            guard shown.count == 1, let i = shown.first, !verbatim(lines[i]) else { continue }
            let alone = (i == 0 || lines[i - 1].isEmpty) && (i + 1 == lines.count || lines[i + 1].isEmpty)
            if !alone { found.append("page \(p) holds one line of a paragraph: '\(text(i))'") }
        }
        return found
    }

    @Test func aBlockMovesWholeToTheNextPage() {
        let text = (1...6).map { "Line \($0) of a paragraph long enough." }.joined(separator: " ")
            + "\n\nThe grid:\n  1 2 3\n  4 5 6\n  7 8 9\n\nLast words here."
        let lines = TextLayout.lines(text, width: 30)
        let pages = TextLayout.pages(lines, rows: 11)
        #expect(Self.problems(lines, pages, rows: 11).isEmpty, "\(pages)")
        #expect(pages.count == 2 && lines[pages[1].lowerBound].map(\.text).joined() == "The grid:")
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)], [false, true])
    func bundledTextsPageWhole(_ size: Size, demo: Bool) throws {
        var paged = 0
        for lesson in BundledLessonScreenTests.lessons {
            for step in lesson.steps.indices {
                guard case .text = lesson.steps[step] else { continue }
                var app = BundledLessonScreenTests.open(lesson, at: step, size)
                if demo { app.tuning = (4, 2) }
                let screen = try #require(app.screen)
                let layout = LessonLayout(screen, size)
                let (lines, pages) = screen.textPages(width: layout.textWidth, rows: layout.textRows)
                let where_ = "\(lesson.id) screen \(step + 1) at \(size.width)×\(size.height)\(demo ? " (demo)" : "")"
                #expect(Self.problems(lines, pages, rows: layout.textRows).isEmpty, "\(where_): \(Self.problems(lines, pages, rows: layout.textRows))")
                if pages.count > 1 { paged += 1 }
                // The screen draws these pages, in order, and Enter turns them.
                for (n, p) in pages.enumerated() {
                    let shown = app.view(size).text
                    for i in [p.lowerBound, p.upperBound - 1] where !lines[i].isEmpty {
                        #expect(shown.contains(lines[i].map(\.text).joined()), "\(where_) page \(n + 1)")
                    }
                    #expect(shown.contains("more: \(demo ? "space" : "Enter") for the next page") == (n + 1 < pages.count), "\(where_) page \(n + 1)")
                    _ = app.update(.enter)
                }
                #expect(app.screen?.session.index == step + 1 || app.screen?.session.isFinished == true, "\(where_): the last page moves on")
            }
        }
        #expect(size.height > 16 || paged > 0, "some text is paged at 60×16")
    }
}
