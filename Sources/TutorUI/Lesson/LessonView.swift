import ConvKit
import LessonKit

extension LessonApp {
    public func view(_ size: Size) -> CellBuffer {
        guard size.width >= Self.minimum.width, size.height >= Self.minimum.height else { return .tooSmall(size, need: Self.minimum) }
        var b = CellBuffer(size)
        if let screen { drawLesson(screen, &b) } else { drawMenu(&b) }
        if showHelp { drawHelp(&b) }
        return b
    }

    var quitLabel: String { hasMenu ? "q menu" : "q quit" }
    var escLabel: String { hasMenu ? "Esc menu" : "Esc quit" }

    // MARK: - Menu

    private func drawMenu(_ b: inout CellBuffer) {
        let done = entries.filter { $0.progress?.done == true }.count
        header(&b, "convtutor · lessons", right: "\(done) of \(entries.count) done")
        let w = b.size.width
        let (first, listRows) = menuRows(b.size)
        // Titles matter more than topic tags: on a narrow screen the tags give way first.
        let titleWidth = min(entries.map(\.lesson.title.cellWidth).max() ?? 10, max(10, w - 14))
        // Marks and numbers in the cells they are drawn in ("[ok]", "..." in ASCII), numbers
        // right-aligned to the widest, so every row's columns line up.
        let marks = ["✓", "…", "✗", " "].map(Charset.shown)
        let markWidth = marks.map(\.cellWidth).max() ?? 1, numberWidth = max(2, String(menuCount).count)
        if menuCount == 0 { b.put(" No lessons found.", x: 0, y: LessonLayout.menuTop, Style(.warning)) }
        for (row, i) in (first..<min(menuCount, first + listRows)).enumerated() {
            let y = LessonLayout.menuTop + row
            guard i < entries.count else {
                let name = broken[i - entries.count].file.split(separator: "/").last.map(String.init) ?? ""
                let head = " \(marks[2].rightPad(markWidth)) \(String(i + 1).leftPad(numberWidth))  "
                let line = head + TextLayout.cut(Escaped.text(name) + " — does not load", width: w - head.cellWidth)
                b.put(line, x: 0, y: y, i == cursor ? Style(.warning, [.reverse, .bold]) : Style(.warning))
                continue
            }
            let e = entries[i]
            let mark = marks[e.progress?.done == true ? 0 : e.progress?.isStarted == true ? 1 : 3].rightPad(markWidth)
            let title = Charset.shown(TextLayout.cut(e.lesson.title, width: titleWidth))
            let head = " \(mark) \(String(i + 1).leftPad(numberWidth))  \(title.rightPad(titleWidth))  "
            let line = head + Self.topics(e.lesson.topics, width: w - head.cellWidth)
            b.put(line, x: 0, y: y, i == cursor ? Style(.accent, [.reverse, .bold]) : .plain)
            b.put(mark, x: 1, y: y, i == cursor ? Style(.accent, [.reverse, .bold]) : Style(e.progress?.done == true ? .good : .accent, [.bold]))
        }
        // The list scrolls: say so where it continues.
        if first > 0 { b.put("▴", x: w - 1, y: LessonLayout.menuTop, Style(.accent, [.bold])) }
        if first + listRows < menuCount { b.put("▾", x: w - 1, y: LessonLayout.menuTop + listRows - 1, Style(.accent, [.bold])) }
        var noticeLines: [String] = []
        if let saveProblem { noticeLines += TextLayout.plain("⚠ progress not saved: \(saveProblem)", width: w - 2) }
        if let notice { noticeLines += TextLayout.plain(notice, width: w - 2) }
        noticeLines = Array(noticeLines.prefix(2))
        if cursor >= entries.count, broken.indices.contains(cursor - entries.count) {
            let d = broken[cursor - entries.count]
            let text = Escaped.text("\(d.file):\(d.line):\(d.column): \(d.message)")
            for (n, line) in TextLayout.plain(text, width: w - 3).prefix(3).enumerated() {
                b.put(line, x: 1, y: LessonLayout.menuTop + listRows + 1 + n, Style(.warning))
            }
        } else if entries.indices.contains(cursor) {
            let e = entries[cursor]
            var y = LessonLayout.menuTop + listRows + 1
            let summary = TextLayout.plain(e.lesson.summary, width: w - 2 - "…".cellWidth)
            let room = noticeLines.count > 1 ? 1 : 2
            for (n, line) in summary.prefix(room).enumerated() {
                b.put(line + (n == room - 1 && summary.count > room ? "…" : ""), x: 1, y: y, .plain)
                y += 1
            }
            var facts = "\(e.lesson.exercises.count.counting("exercise")) · \(e.lesson.steps.count.counting("screen"))"
            if let p = e.progress {
                facts += p.done ? " · done" : p.isStarted ? " · in progress, screen \(p.step + 1)" : ""
                // Done is not solved: a lesson whose answers were only shown says so.
                let skipped = e.lesson.exercises.filter { p.exercises[$0.id]?.outcome == .skipped }.count
                if p.done && skipped > 0 { facts += ", \(skipped) of \(e.lesson.exercises.count) skipped" }
                if saveProblem != nil && (p.done || p.isStarted) { facts += " (this session only: not saved)" }
            }
            b.put(TextLayout.cut(Charset.separated(facts), width: w - 2), x: 1, y: y, Style(.dim))
        }
        for (i, line) in noticeLines.enumerated() { b.put(line, x: 1, y: b.size.height - 1 - noticeLines.count + i, Style(.warning)) }
        let numbers = menuCount > 1 ? "1–\(menuCount)" : "1"
        keys(&b, ["↑↓ or \(numbers) choose · Enter start · ? help · q quit", "↑↓ \(numbers) · Enter start · ? help · q quit"])
    }

    /// Topic tags that fit `width`, cut after a whole tag with "…" when they do not all fit.
    static func topics(_ topics: [String], width: Int) -> String {
        let all = topics.joined(separator: ", ")
        guard all.cellWidth > width else { return all }
        var shown = ""
        for t in topics {
            let next = shown.isEmpty ? t : shown + ", " + t
            if next.cellWidth + ", …".cellWidth > width { break }
            shown = next
        }
        // A first tag too long for the column is cut rather than left out (a blank column
        // reads as a lesson without topics).
        guard !shown.isEmpty else { return width >= 4 ? String(topics[0].prefix(cells: width - 1)) + "…" : "" }
        return shown + ", …"
    }

    /// The first lesson shown and how many fit: the list scrolls to keep the cursor in view.
    func menuRows(_ size: Size) -> (first: Int, count: Int) {
        let rows = max(1, size.height - LessonLayout.menuTop - 6)
        return (min(max(0, cursor - rows + 1), max(0, menuCount - rows)), rows)
    }

    // MARK: - Lesson

    private func drawLesson(_ s: LessonScreen, _ b: inout CellBuffer) {
        let layout = LessonLayout(s, b.size, warning: warning)
        let lesson = s.session.lesson
        let steps = lesson.steps.count
        let at = s.session.index + 1
        if s.session.isFinished {
            header(&b, "convtutor · \(lesson.title)", right: "complete")
            drawFinished(s, &b)
            return
        }
        if let stepper = s.stepper, layout.stepperRows > 0 {
            let sb = s.stack?.view(layout.stepperSize) ?? stepper.view(layout.stepperSize)
            for y in 0..<min(layout.stepperRows, sb.size.height) { for x in 0..<sb.size.width { b[x, y] = sb[x, y] } }
            drawPanel(s, layout, &b, long: "screen \(at)/\(steps)", short: "\(at)/\(steps)")
            return
        }
        b.header(" convtutor · \(lesson.title)", counting: "screen", at, of: steps)
        drawWarning(layout, &b)
        switch s.session.step {
        case .text:
            let (lines, pages) = s.textPages(width: layout.textWidth, rows: layout.textRows)
            let page = pages[min(s.page, pages.count - 1)]
            for (i, line) in lines[page].enumerated() { b.draw(line, x: 2, y: 2 + i) }
            if s.page + 1 < pages.count {
                // A demo turns pages with space (its banner says so), or by itself; Enter is a learner's key.
                let more = turnsPagesItself ? "more on the next page in a moment" : "more: \(isDemo ? "space" : "Enter") for the next page"
                b.put(more, x: 2, y: 2 + layout.textRows, Style(.dim, [.dim]))
            }
            var y = bottomRow(layout, b.size) - 1
            for f in s.feedback.reversed() where y > 2 + min(lines.count, layout.textRows) {
                b.put(TextLayout.cut(f.text, width: b.size.width - 4), x: 2, y: y, f.style)
                y -= 1
            }
            keys(&b, ["Enter next · Backspace back · ? help · \(quitLabel)"])
        case .question(let q):
            drawQuestion(s, q, layout, &b)
        default:
            drawShortStep(s, layout, &b)
        }
    }

    /// The last row above the warning and key lines.
    private func bottomRow(_ layout: LessonLayout, _ size: Size) -> Int { size.height - 2 - (layout.warning == nil ? 0 : 1) }

    private func drawWarning(_ layout: LessonLayout, _ b: inout CellBuffer) {
        guard let w = layout.warning else { return }
        b.put(TextLayout.fitPaths(w, width: b.size.width - 2), x: 1, y: b.size.height - 2, Style(.warning, [.bold]))
    }

    /// A question: the data it asks about, the prompt, choices or grid rows; under them the
    /// feedback, every hint so far and the answer line. When it does not all fit, the older
    /// hints give way first, then the shown data; the prompt and the answer line always stay.
    private func drawQuestion(_ s: LessonScreen, _ q: Question, _ layout: LessonLayout, _ b: inout CellBuffer) {
        typealias Line = (text: String, style: Style, x: Int)
        let width = layout.textWidth
        let shown: [Line] = q.show.map { TraceText.showcase($0.spec, width: width).map { (Charset.separated($0), Style(.normal), 2) } } ?? []
        var essential: [Line] = TextLayout.plain(q.prompt, width: width).map { ($0, Style(.normal, [.bold]), 2) }
        var extras: [Line] = []
        for (i, c) in q.choices.enumerated() {
            let label = "\(i + 1)) "
            for (n, line) in TextLayout.plain(c, width: width - 2 - label.count).enumerated() {
                extras.append(((n == 0 ? label : String(repeating: " ", count: label.count)) + line, .plain, 4))
            }
        }
        // A typing tip wraps as the choices do (at 60 columns the choice tip is two lines).
        func tip(_ text: String) { extras += TextLayout.plain(text, width: width - 2).map { ($0, Style(.dim), 4) } }
        if case .grid(let rows, _) = q.expected {
            for (i, row) in s.session.acceptedRows.enumerated() {
                extras.append(("row \(i + 1) of \(rows.count): " + row.map(Numbers.text).joined(separator: " ") + "  ✓", Style(.good), 4))
            }
            if s.session.phase == .asking && !isDemo {
                tip("type row \(s.session.acceptedRows.count + 1) of \(rows.count), numbers separated by spaces")
            }
        } else if case .choice = q.expected, s.session.phase == .asking, !isDemo {
            tip(Answers.choiceTip(q.choices.count, capitalized: false))
        } else if case .shape(let want) = q.expected, s.session.phase == .asking, !isDemo {
            tip("type a shape, such as \(Answers.shapeExample(avoiding: want))")
        }
        if !extras.isEmpty { essential += [("", .plain, 2)] + extras }
        var status: [Line] = s.feedback.flatMap { f in Self.hanging(f.text, b.size.width - 4).map { ($0, f.style, 2) } }
        var hints: [[Line]] = s.hintLines.map { f in Self.hanging(f.text, b.size.width - 4).map { ($0, f.style, 2) } }
        let inputRows = s.isTyping ? 1 : 0
        let rows = bottomRow(layout, b.size) - 2 + 1
        var gaps = 2
        func lower() -> Int { status.count + hints.reduce(0) { $0 + $1.count } }
        func total(_ data: Int) -> Int { data + essential.count + lower() + inputRows + (data > 0 ? 1 : 0) + (lower() + inputRows > 0 ? 1 : 0) * min(gaps, 1) }
        if total(shown.count) > rows { gaps = 0 }
        while total(shown.count) > rows, hints.count > 1 { hints.removeFirst() }
        // The shown data keeps what fits (whole bands when it can), ending in "…" when cut.
        var data = shown
        // Whole without the blank lines between its bands beats cut with them.
        if total(data.count) > rows, total(shown.filter { !$0.text.isEmpty }.count) <= rows { data = shown.filter { !$0.text.isEmpty } }
        if total(data.count) > rows {
            let room = max(0, rows - total(0) - 1)
            var cut = max(0, room - 1)
            if let blank = shown.prefix(cut).lastIndex(where: { $0.text.isEmpty }), blank > 0 { cut = blank }
            data = room >= 2 ? Array(shown.prefix(cut)) + [("… (a taller window shows the rest)", Style(.dim), 2)] : []
        }
        while total(data.count) > rows, status.count > 1 { status.removeLast() }
        while total(data.count) > rows, essential.count > 1 { essential.removeLast() }
        var y = 2
        for line in data { b.put(line.text, x: line.x, y: y, line.style); y += 1 }
        if !data.isEmpty { y += 1 }
        for line in essential { b.put(line.text, x: line.x, y: y, line.style); y += 1 }
        if lower() + inputRows > 0 && gaps > 0 { y += 1 }
        for line in status + hints.flatMap({ $0 }) { b.put(line.text, x: line.x, y: y, line.style); y += 1 }
        if s.isTyping {
            inputLine(s.input, &b, y: y)
            keys(&b, ["Enter check · Tab hint · type skip, back or quit · ? help · \(escLabel)", "Enter check · Tab hint · skip, back, quit · \(escLabel)"])
        } else {
            keys(&b, ["Enter next · Backspace back · ? help · \(quitLabel)"])
        }
    }

    /// Wrapped with later lines indented under the text after a leading label ("Hint 1 of 2: ").
    static func hanging(_ text: String, _ width: Int) -> [String] {
        guard let colon = text.range(of: ": "), text.hasPrefix("Hint ") else { return TextLayout.plain(text, width: width) }
        let indent = text[..<colon.upperBound].cellWidth
        guard indent < width / 2 else { return TextLayout.plain(text, width: width) }
        let body = TextLayout.plain(String(text[colon.upperBound...]), width: width - indent)
        let pad = String(repeating: " ", count: indent)
        return body.enumerated().map { $0.offset == 0 ? String(text[..<colon.upperBound]) + $0.element : pad + $0.element }
    }

    /// A stepper or predict step on a screen too short for the stepper: what it is about, as text.
    private func drawShortStep(_ s: LessonScreen, _ layout: LessonLayout, _ b: inout CellBuffer) {
        let width = b.size.width - 4
        var lines: [(String, Style)] = []
        let why = layout.stepperTooShort
            ? "The stepper needs a taller window here (\(layout.rowsNeeded) rows; this one has \(b.size.height))."
            : "This step cannot be shown here."
        lines += TextLayout.plain(why, width: width).map { ($0, Style(.warning)) }
        switch s.session.step {
        case .predict(let p):
            // As plain mode words it: nothing still to come while it waits.
            let waiting = s.session.phase == .asking
            lines += TraceText.worked(p, answered: !waiting).map { (TextLayout.cut($0, width: width), Style(.sum)) }
            // The grids the work is found in, as plain mode prints them, where they fit; else
            // the sentence does not send the learner to grids that are not there.
            let grids = TraceText.showcase(p.spec, width: width).map { (Charset.separated($0), Style.plain) }
            let prompt = TextLayout.plain(p.prompt, width: width).map { ($0, Style(.normal, [.bold])) }
            let work = { (place: String) in waiting ? TextLayout.plain(p.work(findingIn: place), width: width).map { ($0, Style.plain) } : [] }
            let room = bottomRow(layout, b.size) - 1 - (s.isTyping ? 1 : 0) - (s.feedback + s.hintLines).count
            if lines.count + grids.count + work("in the grids").count + prompt.count <= room {
                lines += grids + work("in the grids")
            } else {
                lines += work("in the grids a taller window shows")
            }
            lines += prompt
        case .stepper:
            if let note = s.note { lines += TextLayout.plain(note, width: width).map { ($0, Style(.accent)) } }
            lines += TextLayout.plain(isDemo ? "A taller window shows the stepper." : "Enter continues; a taller window shows the stepper.", width: width).map { ($0, Style(.dim)) }
        default: break
        }
        var bottom: [(String, Style)] = []
        for f in s.feedback + s.hintLines { bottom += TextLayout.plain(f.text, width: width).map { ($0, f.style) } }
        let last = bottomRow(layout, b.size)
        let inputRows = s.isTyping ? 1 : 0
        bottom = Array(bottom.suffix(max(1, last - 2 - inputRows - 1)))
        let first = min(2 + lines.count, last - bottom.count - inputRows + 1)
        for (i, line) in lines.enumerated() where 2 + i < first { b.put(line.0, x: 2, y: 2 + i, line.1) }
        var y = first
        for line in bottom { b.put(line.0, x: 2, y: y, line.1); y += 1 }
        if s.isTyping {
            inputLine(s.input, &b, y: y)
            keys(&b, ["Enter check · Tab hint · type skip, back or quit · ? help · \(escLabel)", "Enter check · Tab hint · skip, back, quit · \(escLabel)"])
        } else {
            keys(&b, ["Enter next · Backspace back · ? help · \(quitLabel)"])
        }
    }

    /// The lesson panel under the embedded stepper, laid out by `LessonLayout`.
    private func drawPanel(_ s: LessonScreen, _ layout: LessonLayout, _ b: inout CellBuffer, long: String, short: String) {
        let w = b.size.width
        let top = layout.stepperRows
        b.fill(x: 0, y: top, width: w, height: b.size.height - top)
        for (i, line) in layout.panel.enumerated() {
            switch line.kind {
            case .text: b.put(line.text, x: 1, y: top + i, line.style)
            case .input: inputLine(line.text, &b, y: top + i)
            }
        }
        drawWarning(layout, &b)
        if s.stepper?.edit != nil {
            // A pool has no weights: Tab has no kernel to go to.
            let tab = s.stepper?.pool == nil ? " · Tab input/kernel" : ""
            keys(&b, ["EDIT · arrows move · 0-9 . - / type · Enter set\(tab) · Esc done", "EDIT · arrows move · 0-9 type · Enter set · Esc done"])
            return
        }
        switch (s.session.step, s.isTyping) {
        case (.predict?, true):
            keys(&b, ["\(long) · Enter check · Tab hint · type skip, back or quit · ? help", "\(short) · Enter check · Tab hint · skip, back, quit · ? help"])
        case (.predict?, false):
            keys(&b, ["\(long) · Enter next · ← → step · Backspace back · ? help · \(quitLabel)", "\(short) · Enter next · ← → step · Bksp back · \(quitLabel)"])
        case (.stepper?, _) where s.stack?.isFollowing == true:
            let layers = (s.stack?.stack.layers.count ?? 1) > 1 ? " · < > layer" : ""
            keys(&b, ["\(long) · Enter next · u/Tab step again · arrows move output\(layers) · ? help · \(quitLabel)",
                      "\(long) · Enter next · u/Tab step again · arrows move output · ? help · \(quitLabel)",
                      "\(short) · Enter next · u/Tab step again · ? help · \(quitLabel)"])
        case (.stepper?, _) where s.stack != nil:
            let layers = (s.stack?.stack.layers.count ?? 1) > 1 ? " · < > layer" : ""
            keys(&b, ["\(long) · Enter next · ← → step · u/Tab follow back\(layers) · ? help · \(quitLabel)",
                      "\(long) · Enter next · ← → step · u/Tab follow back · ? help · \(quitLabel)",
                      "\(short) · Enter next · ← → · u/Tab follow · ? help · \(quitLabel)"])
        default:
            keys(&b, ["\(long) · Enter next · ← → step · space play · Tab skip · ? help · \(quitLabel)",
                      "\(short) · Enter next · ← → step · Tab skip · ? help · \(quitLabel)"])
        }
    }

    private func drawFinished(_ s: LessonScreen, _ b: inout CellBuffer) {
        let width = b.size.width - 4
        var y = 2
        // A demo reveals every answer instead of taking one: "skipped" would misreport the class.
        let summary = isDemo ? "End of the lesson: \(s.session.lesson.exercises.count.counting("exercise")), every answer shown."
                           : PlainLesson.completion(s.session)
        for line in TextLayout.plain(summary, width: width) {
            b.put(line, x: 2, y: y, Style(.good, [.bold]))
            y += 1
        }
        y += 1
        let last = b.size.height - 3 - (warning == nil ? 0 : 1)
        let exercises = s.session.lesson.exercises
        for (n, e) in exercises.enumerated() {
            if y == last && n < exercises.count - 1 {
                b.put("… and \(exercises.count - n) more", x: 4, y: y, Style(.dim))
                break
            }
            let r = s.progress.exercises[e.id]
            let state = PlainLesson.outcomeLabel((r ?? ExerciseProgress()).outcome, demo: isDemo)
            b.put(TextLayout.cut("\(state.rightPad(14))  \(e.label)", width: width - 2), x: 4, y: y, r?.solved == true ? Style(.good) : Style(.dim))
            y += 1
            if y > last { break }
        }
        if let w = warning { b.put(TextLayout.fitPaths(w, width: b.size.width - 2), x: 1, y: b.size.height - 2, Style(.warning, [.bold])) }
        keys(&b, [hasMenu ? "Enter back to the lessons · q menu" : "Enter or q quit"])
    }

    // MARK: - Pieces

    private func header(_ b: inout CellBuffer, _ left: String, right: String) { b.header(" " + left, right: right) }

    /// The key line: the first variant that fits the width, else the last one cut short.
    private func keys(_ b: inout CellBuffer, _ variants: [String]) {
        let variants = variants.map(Charset.separated)
        let y = b.size.height - 1
        let w = b.size.width
        b.fill(x: 0, y: y, width: w, height: 1)
        let text = variants.first { $0.cellWidth + 1 <= w } ?? TextLayout.cut(variants.last ?? "", width: w - 1)
        b.put(" " + text, x: 0, y: y, Style(.dim))
    }

    private func inputLine(_ input: String, _ b: inout CellBuffer, y: Int) {
        // A demo takes no typing: space reveals the answer for the room.
        if isDemo {
            b.put("space shows the answer", x: 2, y: y, Style(.dim))
            return
        }
        let room = b.size.width - 6
        let shown = String(CellWidth.suffix(input, fitting: room))
        let x = b.put("> ", x: 1, y: y, Style(.accent, [.bold]))
        let end = b.put(shown, x: x, y: y, .plain)
        b.put(" ", x: end, y: y, Style(.normal, [.reverse]))
    }

    /// The embedded stepper's own keys that do something for its layer (f, d, e), on one line.
    private func stepperKeys(_ stepper: StepperState?) -> [String] {
        let named: [(Character, String)] = [("f", "flip"), ("d", "dot product"), ("e", "edit")]
        let working = named.filter { stepper?.works($0.0) == true }
        guard !working.isEmpty else { return [] }
        let keys = working.map { String($0.0) }.joined(separator: " ")
        return [keys.rightPad(10) + working.map(\.1).joined(separator: ", ")]
    }

    private func drawHelp(_ b: inout CellBuffer) {
        var lines = ["Keys", ""]
        if let s = screen {
            switch (s.session.step, s.session.phase) {
            case (_, .finished): lines += ["Enter     " + (hasMenu ? "back to the lessons" : "quit")]
            case (_, .asking):
                lines += ["type      your answer, then Enter", "Tab       a hint (or type hint)", "skip      show the answer and move on",
                          "back, PgUp the previous step", "quit, Esc leave (progress is saved)"]
            case (.stepper?, _) where s.stack != nil:
                lines += ["Enter     continue", "Backspace the previous step", "u Tab     follow the output back / step again",
                          "→ ← ↓ ↑   step (followed back: another output)", "g G       first / last   space  autoplay"]
                    + ((s.stack?.stack.layers.count ?? 1) > 1 ? ["< >       the layer before / after"] : [])
                    + ["q Esc     \(hasMenu ? "back to the lessons" : "quit") (saved)"]
            case (.stepper?, _), (.predict?, _):
                lines += ["Enter     continue", "Backspace the previous step", "Tab       skip this step", "→ ←       next / previous product",
                          "↓ ↑       next / previous output", "g G       first / last product", "space     autoplay"] + stepperKeys(s.stepper) + [
                          "q Esc     \(hasMenu ? "back to the lessons" : "quit") (saved)"]
            case (_, .answered):
                lines += ["Enter     next", "Backspace the previous step", "q Esc     \(hasMenu ? "back to the lessons" : "quit") (saved)"]
            default:
                lines += ["Enter →   next (page or step)", "Backspace the previous step", "g G       first / last page", "s         skip", "q Esc     \(hasMenu ? "back to the lessons" : "quit") (saved)"]
            }
        } else {
            lines += ["↑ ↓       choose a lesson", "1 2 …     the lesson with that number", "Enter     start or resume it", "q Esc     quit", "", "✓ done   … in progress"]
        }
        lines += ["", saveProblem == nil ? "Progress is saved after every answer." : "Progress is NOT being saved (see the warning).", "Any key closes this help."]
        if saveProblem != nil { lines = lines.map { $0.replacingOccurrences(of: " (saved)", with: "").replacingOccurrences(of: " (progress is saved)", with: "") } }
        let width = min(b.size.width - 4, (lines.map(\.cellWidth).max() ?? 10) + 4)
        let height = min(b.size.height - 2, lines.count + 2)
        let x = (b.size.width - width) / 2, y = (b.size.height - height) / 2
        b.box(x: x, y: y, width: width, height: height, Style(.accent))
        for (i, line) in lines.prefix(height - 2).enumerated() {
            b.put(line.prefix(cells: width - 4), x: x + 2, y: y + 1 + i, i == 0 ? Style(.accent, [.bold]) : .plain)
        }
    }
}

extension String {
    func rightPad(_ n: Int) -> String { cellWidth >= n ? self : self + String(repeating: " ", count: n - cellWidth) }
    func leftPad(_ n: Int) -> String { cellWidth >= n ? self : String(repeating: " ", count: n - cellWidth) + self }
}
