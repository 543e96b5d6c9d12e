import ConvKit
import Foundation
import LessonKit
import Testing
@testable import TutorUI

/// The stand-ins themselves: what a `LANG=C` reader sees for each kind of character.
@Suite struct AsciiTextTests {
    @Test(arguments: [
        ("out(0,0) = 1·1 + 1·0 + …", "out(0,0) = 1*1 + 1*0 + ..."),
        ("(2 − 1)·2 − 2·1 = d·(k−1)", "(2 - 1)*2 - 2*1 = d*(k-1)"),
        ("y = ReLU(w · x + b)", "y = ReLU(w * x + b)"),
        ("output value: Cin/groups · kh · kw.", "output value: Cin/groups * kh * kw."),
        ("span (dilation 2 · (3 − 1) + 1)", "span (dilation 2 * (3 - 1) + 1)"),
        ("output (0,0) · product 1/9 · stride 1 · pad valid", "output (0,0) | product 1/9 | stride 1 | pad valid"),
        ("+/- zoom · </> pace · q quit", "+/- zoom | </> pace | q quit"),
        ("3 exercises · 10 steps · done", "3 exercises | 10 steps | done"),
        ("convtutor · A lesson", "convtutor | A lesson"),
        ("output so far (· not computed yet):\n 4 · ·\n· ·  ·\n12 ·", "output so far (. not computed yet):\n 4 . .\n. .  .\n12 ."),
        ("·", "."),
        ("input 5×5 ▸ ◂ ▴ ▾", "input 5x5 > < ^ v"),
        ("←/→ product ↑/↓ output ⇄", "<-/-> product ^/v output <->"),
        ("✓ Correct. ✗ Not quite", "[ok] Correct. [no] Not quite"),
        ("Σ x² + yᵀ + x₀ + 10¹⁵", "sum x^2 + y^T + x_0 + 10^15"),
        ("┌─┐│└┘├┼", "+-+|++++"),
        ("α β Δ ς ά", "alpha beta Delta sigma alpha"),
        ("café naïve ﬁ", "cafe naive fi"),
        ("rotated 180° ≤ ≥ ≈ ± —", "rotated 180deg <= >= ~= +- --"),
        ("日本 🙂 \u{FFFD}", "~~ ~ ~"),
        ("→ ←       next\n↓ ↑       next\nq →   quit  →  1", "-> <-     next\nv ^       next\nq ->  quit  ->  1"),
    ])
    func standIns(_ text: String, _ expected: String) {
        #expect(AsciiText.transliterate(text) == expected)
    }

    /// Cells are measured as drawn, so a layout has room for a longer stand-in.
    @Test func widthsAreTheStandIns() {
        Charset.$current.withValue(.ascii) {
            #expect(CellWidth.of("→") == 2 && CellWidth.of("✓ ok") == 7 && CellWidth.of("1·1") == 3)
            #expect(CellWidth.of(Character("…")) == 3 && CellWidth.of(Unicode.Scalar("×")) == 1)
            var b = CellBuffer(Size(width: 12, height: 1))
            #expect(b.put("a → b", x: 0, y: 0) == 6)
            #expect(b.text == "a -> b")
        }
        #expect(CellWidth.of("→") == 1)
    }

    /// Cells written without text (heatmap pixels, frames) and the painter's safety net.
    @Test func oneCellStandIns() {
        #expect(Cell("→").ascii.character == ">" && Cell("┌").ascii.character == "+" && Cell("日").ascii.character == "~")
        let pixel = Cell("▀", Style(fg: .gray(15), bg: .gray(15)))
        #expect(pixel.ascii.character == "@" && pixel.ascii.style == pixel.style)
        var b = Charset.$current.withValue(.ascii) { CellBuffer(Size(width: 3, height: 1)) }
        b.putRow(x: 0, y: 0, width: 3) { [Cell("│"), pixel, Cell("█")][$0] }
        #expect(b.text == "|@#")
    }

    /// A text laid out for one charset is not reused for the other.
    @Test func layoutsAreKeptPerCharset() {
        let text = "Slide → then add."
        let unicode = TextLayout.plain(text, width: 40), ascii = Charset.$current.withValue(.ascii) { TextLayout.plain(text, width: 40) }
        #expect(unicode == [text] && ascii == ["Slide -> then add."])
        #expect(TextLayout.plain(text, width: 40) == [text])
    }

    /// Lesson prose keeps its `*emphasis*` apart from products, which are drawn `*`.
    @Test func proseProductsAreNotMarkup() {
        let lines = Charset.$current.withValue(.ascii) { TextLayout.lines("A *kernel* · w · x + b and 2·3 = 6.", width: 40) }
        var b = Charset.$current.withValue(.ascii) { CellBuffer(Size(width: 40, height: 1)) }
        b.draw(lines[0], x: 0, y: 0)
        #expect(b.text == "A kernel | w * x + b and 2*3 = 6.")
        #expect(lines[0].filter(\.emphasis).map(\.text) == ["kernel"])
    }
}

/// Every screen drawn for an ASCII-only terminal: every step of every bundled lesson (answered
/// wrong, hinted, answered right, revealed), the menu, help, every op of the stepper and its
/// views, the transposed views and the demos, at 80×24 and 60×16. No byte may be above 0x7F,
/// and no character may be lost: a `?` only where the Unicode screen has one, and every
/// character of the Unicode screen has a stand-in of its own.
@Suite(.timeLimit(.minutes(10))) struct AsciiScreenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 60, height: 16)]

    /// The frames `scenario` draws, under each charset: the same events, laid out for each.
    func expectASCII(_ name: String, _ scenario: (inout [String]) throws -> Void) throws {
        var unicode: [String] = [], ascii: [String] = []
        try scenario(&unicode)
        try Charset.$current.withValue(.ascii) { try scenario(&ascii) }
        #expect(unicode.count == ascii.count && !ascii.isEmpty, "\(name)")
        for (i, (u, a)) in zip(unicode, ascii).enumerated() {
            let bad = a.unicodeScalars.filter { !$0.isASCII }
            #expect(bad.isEmpty, "\(name), frame \(i + 1): \(String(String.UnicodeScalarView(bad)))\n\(a)")
            // Fewer is fine: a longer stand-in (`x` between words is ` x `) may cut a line short.
            #expect(a.components(separatedBy: "?").count <= u.components(separatedBy: "?").count,
                    "\(name), frame \(i + 1): a ? that the Unicode screen does not have\n\(a)\n\(u)")
            let unknown = Set(u.filter { !$0.isASCII && AsciiText.standIn($0) == AsciiText.unknown })
            #expect(unknown.isEmpty, "\(name), frame \(i + 1): no stand-in for \(unknown.sorted())")
        }
    }

    func frames<P: Program>(_ program: inout P, _ size: Size, _ events: [Event], into out: inout [String]) {
        _ = program.update(.resize(size))
        out.append(program.view(size).text)
        for e in events {
            if program.update(e) == .quit { break }
            out.append(program.view(size).text)
        }
    }

    static func answer(_ expected: Expected) -> [Event] {
        let rows: [String] = switch expected {
        case .number(let v, _): [Numbers.text(v)]
        case .choice(let i): [String(i)]
        case .shape(let s): [s.map(String.init).joined(separator: "x")]
        case .grid(let g, _): g.map { $0.map(Numbers.text).joined(separator: " ") }
        }
        return rows.flatMap { $0.map(Event.char) + [.enter] }
    }

    static let wrong: [Event] = Array("12345".map(Event.char)) + [.enter]
    static let skip: [Event] = Array("skip".map(Event.char)) + [.enter]

    @Test(arguments: sizes) func everyLessonStep(_ size: Size) throws {
        let lessons = BundledLessonScreenTests.lessons
        #expect(lessons.count >= 14)
        for lesson in lessons {
            try expectASCII("\(lesson.id) at \(size.width)×\(size.height)") { out in
                for (i, step) in lesson.steps.enumerated() {
                    var p = LessonProgress()
                    p.step = i
                    let events: [Event]
                    switch step {
                    case .text: events = [.char("?"), .char("?"), .pageDown, .pageDown]
                    case .stepper: events = [.right, .right, .down, .char("d"), .char("f"), .end, .char("?")]
                    case .question, .predict:
                        let expected = step.exercise!.expected
                        events = Self.wrong + [.tab] + Self.answer(expected) + [.backspace] + Self.skip
                    }
                    var app = LessonApp(lesson: lesson, progress: p)
                    frames(&app, size, events, into: &out)
                }
                var done = LessonProgress()
                done.step = lesson.steps.count - 1
                var app = LessonApp(lesson: lesson, progress: done)
                frames(&app, size, Self.skip + [.enter, .enter], into: &out)
            }
        }
    }

    @Test(arguments: sizes) func menuAndHelp(_ size: Size) throws {
        let lessons = BundledLessonScreenTests.lessons
        try expectASCII("menu") { out in
            var started = LessonProgress()
            started.step = 2
            var done = LessonProgress()
            done.done = true
            let progress = [done, started, nil]
            var app = LessonApp(menu: lessons.enumerated().map { .init(lesson: $1, progress: progress[$0 % 3]) })
            app.notice = "1 lesson file does not load; run convtutor check"
            frames(&app, size, [.down, .char("?"), .char("?"), .end, .home], into: &out)
        }
    }

    @Test(arguments: sizes) func everyOpAndView(_ size: Size) throws {
        var r = SplitMix64(seed: 7)
        for op in Op.allCases {
            for n in 0..<4 {
                let spec = try SessionFuzzTests.spec(op, &r)
                try expectASCII("\(op.rawValue) #\(n)") { out in
                    var s = try StepperState(spec: spec)
                    frames(&s, size, [.right, .down, .char("d"), .char("f"), .char("m"), .char("v"), .char("?"), .char("?"),
                                      .char("e"), .right, .escape, .end, .char("o")], into: &out)
                    if op == .convTranspose {
                        var views = try TransposedViews(spec: spec)
                        frames(&views, size, [.right, .char("v"), .right, .char("?"), .char("?"), .char("v"), .end], into: &out)
                    }
                }
            }
        }
        // A picture large enough for the heatmap, and a signed one.
        let big = try Tensor(shape: [1, 30, 30], data: (0..<900).map { Double($0 % 17) - 8 })
        try expectASCII("heatmap") { out in
            var s = try StepperState(spec: LayerSpec(input: big, kernel: try Tensor(shape: [1, 1, 3, 3], data: [1, 0, -1, 2, 0, -2, 1, 0, -1])))
            frames(&s, size, Array(repeating: .down, count: 40) + [.char("m"), .char("m")], into: &out)
        }
    }

    @Test(arguments: sizes) func demos(_ size: Size) throws {
        let lessons = BundledLessonScreenTests.lessons
        for lesson in [lessons[0], lessons[2], lessons[lessons.count - 1]] {
            for auto in [true, false] {
                try expectASCII("demo \(lesson.id)") { out in
                    var d = DemoLesson(lesson: lesson, stepsPerSecond: 64, auto: auto)
                    frames(&d, size, Array(repeating: [Event.tick, .tick, .tick, .char(" ")], count: 15).flatMap { $0 } + [.char("?")], into: &out)
                }
            }
        }
        try expectASCII("demo stepper") { out in
            var d = DemoStepper(try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: StepperScreenTests.seedKernel)),
                                stepsPerSecond: 8, auto: true)
            frames(&d, size, Array(repeating: .tick, count: 12) + [.char(" "), .char("?")], into: &out)
        }
    }

    /// The tutor's promise for LANG=C: the equation's products read as products.
    @Test func theEquationReadsAsProducts() throws {
        var s = try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: StepperScreenTests.seedKernel))
        let size = Size(width: 80, height: 24)
        _ = s.update(.resize(size))
        let text = Charset.$current.withValue(.ascii) { s.view(size).text }
        #expect(text.contains("out(0,0) = 1*1 + 1*0 + 1*1 + 0*0"), "\(text)")
        #expect(text.contains("<-/-> product") && text.contains(" | product 1/9 | "), "\(text)")
    }
}
