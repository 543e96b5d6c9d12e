import Foundation
import LessonKit
import Testing
@testable import TutorUI

/// Text is measured in terminal cells: CJK and emoji take two, marks none. Lines wrap, cut and
/// pad by cells, and the buffer never keeps half of a wide character.
@Suite struct WideTextTests {
    let size = Size(width: 80, height: 24)

    static func lesson(title: String, text: String, prompt: String) throws -> Lesson {
        let yaml = """
            id: wide
            title: \(title)
            summary: Wide characters on screen.
            topics: [conv2d]
            steps:
              - text: |
            \(text.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }.joined(separator: "\n"))
              - question:
                  id: q
                  prompt: \(prompt)
                  kind: number
                  answer: 4
            """
        return try LessonReader.parse(yaml, file: "wide.yaml").get()
    }

    /// Every row of a screen fits its width in cells, and every wide character has its
    /// continuation right after it.
    func expectWellFormed(_ b: CellBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<b.size.height {
            for x in 0..<b.size.width {
                let wide = CellWidth.of(b[x, y].character) == 2 && !b[x, y].isContinuation
                #expect(!wide || b[x + 1, y].isContinuation, "row \(y) col \(x): a wide character without its right half", sourceLocation: sourceLocation)
                #expect(!b[x, y].isContinuation || (x > 0 && CellWidth.of(b[x - 1, y].character) == 2),
                        "row \(y) col \(x): a right half without its character", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func japaneseLessonText() throws {
        let lesson = try Self.lesson(
            title: "畳み込み層の入門",
            text: """
                カーネルは小さな重みの格子です。入力の上をすべり、各位置で重なった数を掛けて、その積を足し合わせます。これを出力のすべての位置でくり返します。

                  1 0 1   ← カーネル
                  0 1 0

                *ストライド* は一歩の大きさ、パディングは縁に足す零の幅です。
                """,
            prompt: "左上の出力はいくつですか？")
        try expectScreens(lesson, typing: "答えは四つ", goldens: "japanese")
    }

    /// The text step, then the question with `typing` typed: well formed and as recorded.
    func expectScreens(_ lesson: Lesson, typing: String, goldens name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var app = LessonApp(lesson: lesson, progress: nil)
        let text = app.view(size)
        expectWellFormed(text, sourceLocation: sourceLocation)
        try expectGolden("lesson-text-\(name)", text.text, sourceLocation: sourceLocation)
        _ = app.update(.enter)
        for ch in typing { _ = app.update(.char(ch)) }
        let question = app.view(size)
        expectWellFormed(question, sourceLocation: sourceLocation)
        try expectGolden("lesson-question-\(name)", question.text, sourceLocation: sourceLocation)
    }

    /// The answer line shows the end of what was typed, however wide its characters.
    @Test func aLongWideAnswerShowsItsEnd() throws {
        var app = LessonApp(lesson: try Self.lesson(title: "T", text: "Text.", prompt: "P?"), progress: nil)
        _ = app.update(.enter)
        for ch in String(repeating: "日", count: 60) + "終" { _ = app.update(.char(ch)) }
        let b = app.view(size)
        expectWellFormed(b)
        let row = b.text.split(separator: "\n", omittingEmptySubsequences: false).first { $0.hasPrefix(" > ") }
        #expect(row?.hasSuffix("日終") == true, "\(row ?? "no answer line")")
        #expect(row.map { CellWidth.of($0) <= size.width - 1 } == true)
    }

    /// Titles in the menu are padded by cells, so the topic column lines up.
    @Test func menuColumnsLineUpWithWideTitles() throws {
        let japanese = try Self.lesson(title: "畳み込み層の入門", text: "Text.", prompt: "P?")
        let english = try LessonReader.parse(
            """
            id: plain
            title: Convolution basics
            summary: S.
            topics: [conv2d, stride]
            steps:
              - text: Text.
            """, file: "plain.yaml").get()
        let app = LessonApp(menu: [.init(lesson: japanese, progress: nil), .init(lesson: english, progress: nil)])
        let b = app.view(size)
        expectWellFormed(b)
        try expectGolden("lesson-menu-wide", b.text)
        let rows = b.text.split(separator: "\n").filter { $0.contains("conv2d") }
        let columns = Set(rows.map { CellWidth.of($0[..<$0.range(of: "conv2d")!.lowerBound]) })
        #expect(rows.count == 2 && columns.count == 1, "\(rows)")
    }

    @Test func emojiLessonText() throws {
        let lesson = try Self.lesson(
            title: "Kernels 🔍 and strides 🚶",
            text: """
                A kernel 🔲 slides over the picture 🖼️ like a magnifier 🔍, one step at a time 👣. At every place it multiplies and adds ➕ the numbers it covers, flags 🇫🇷🇯🇵 and families 👩‍👩‍👧 included.

                Stride 2 skips every other place: 🏃 instead of 🚶.
                """,
            prompt: "How many places does a 3×3 kernel 🔲 visit on 4×4?")
        try expectScreens(lesson, typing: "4 🤔", goldens: "emoji")
    }

    @Test func widthsFollowWcwidth() {
        let cases: [(String, Int)] = [
            ("abc", 3), ("日本", 4), ("한국", 4), ("ｶﾅ", 2), ("ＡＢ", 4), ("e\u{301}", 1), ("🙂", 2), ("🇫🇷", 2),
            ("👩‍👩‍👧", 2), ("☺", 1), ("☺\u{FE0F}", 2), ("a\u{200B}b", 2), ("─│·×→", 5), ("⌚", 2), ("", 0),
        ]
        for (text, cells) in cases { #expect(CellWidth.of(text) == cells, "\(text)") }
    }

    @Test func wideTextWrapsAndCutsByCells() {
        // An odd width leaves the last cell empty rather than split a character.
        let lines = TextLayout.plain(String(repeating: "日", count: 25), width: 11)
        #expect(lines == Array(repeating: String(repeating: "日", count: 5), count: 5))
        #expect(TextLayout.cut("日本語のテキストです", width: 9) == "日本語の…")
        #expect(TextLayout.plain("ab 日本語 cd", width: 10) == ["ab 日本語", "cd"])
    }

    @Test func aWideCharacterIsTwoCellsAndNeverHalfDrawn() {
        var b = CellBuffer(Size(width: 6, height: 1))
        #expect(b.put("日本", x: 0, y: 0) == 4)
        #expect(b.text == "日本")
        b.put("a", x: 1, y: 0)   // over the right half of 日
        #expect(b.text == " a本")
        b.put("b", x: 2, y: 0)   // over the left half of 本
        #expect(b.text == " ab")
        #expect(!(0..<6).contains { b[$0, 0].isContinuation })
        // A wide character that would straddle the right edge shows as a blank.
        b.put("xyzwv日", x: 0, y: 0)
        #expect(b.text == "xyzwv" && b[5, 0].character == " ")
        b.put("日", x: -1, y: 0)
        #expect(b[0, 0].character == " " && b[0, 0].style == .plain)
    }

    @Test func aRedrawStartsAtTheLeftHalf() {
        var before = CellBuffer(Size(width: 8, height: 1)), after = before
        before.put("ab日本", x: 0, y: 0)
        after.put("ab日本", x: 0, y: 0)
        after.restyle(x: 3, y: 0, width: 1, Style(.accent))   // only the right half of 日 changes
        #expect(after.changedRuns(since: before).map { [$0.x, $0.length] } == [[2, 2]])
        // A recording sends the wide character once, with nothing for its right half.
        #expect(AnsiFrames.encode(after, since: nil).contains("日本"))
    }

    /// A word longer than the line (a pasted URL, a long identifier) breaks hard at the width,
    /// every piece full but the last, and nothing is lost.
    @Test func longWordsBreakHardAtTheWidth() {
        let word = String((0..<200_000).map { i in Character(Unicode.Scalar(UInt8(97 + i % 26))) })
        for width in [70, 33] {
            let lines = TextLayout.plain(word, width: width)
            #expect(lines.dropLast().allSatisfy { $0.count == width }, "every piece but the last is full")
            #expect(lines.joined() == word, "every letter is kept, in order")
        }
        let around = TextLayout.plain("see " + word + " and then", width: 33)
        #expect(around.first == "see")
        #expect(around.dropFirst().dropLast().allSatisfy { $0.count == 33 })
        #expect(around.last == String(word.suffix(200_000 % 33)) + " and then", "the next words follow the last piece")
        let emphasised = TextLayout.lines("*" + word + "* done", width: 50)
        #expect(emphasised.dropLast().allSatisfy { $0.map(\.text).joined().count == 50 && $0.allSatisfy(\.emphasis) })
        let mixed = TextLayout.lines("ab " + String(repeating: "日", count: 30), width: 10).map { $0.map(\.text).joined() }
        #expect(mixed == ["ab", "日日日日日", "日日日日日", "日日日日日", "日日日日日", "日日日日日", "日日日日日"])
    }
}
