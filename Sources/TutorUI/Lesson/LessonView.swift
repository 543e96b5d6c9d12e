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

    // MARK: - Menu

    private func drawMenu(_ b: inout CellBuffer) {
        let done = entries.filter { $0.progress?.done == true }.count
        header(&b, "convtutor · lessons", right: "\(done) of \(entries.count) done")
        let w = b.size.width
        let (first, listRows) = menuRows(b.size)
        let titleWidth = min(entries.map(\.lesson.title.count).max() ?? 10, max(10, w - 30))
        if entries.isEmpty { b.put(" No lessons found.", x: 0, y: LessonLayout.menuTop, Style(.warning)) }
        for (row, i) in (first..<min(entries.count, first + listRows)).enumerated() {
            let e = entries[i]
            let mark = e.progress?.done == true ? "✓" : e.progress?.isStarted == true ? "…" : " "
            let title = String(e.lesson.title.prefix(titleWidth))
            let line = " \(mark) \(String(i + 1).leftPad(2))  \(title.rightPad(titleWidth))  \(e.lesson.topics.joined(separator: ", "))"
            let y = LessonLayout.menuTop + row
            b.put(String(line.prefix(w)), x: 0, y: y, i == cursor ? Style(.accent, [.reverse, .bold]) : .plain)
            b.put(mark, x: 1, y: y, i == cursor ? Style(.accent, [.reverse, .bold]) : Style(mark == "✓" ? .good : .accent, [.bold]))
        }
        if entries.indices.contains(cursor) {
            let e = entries[cursor]
            var y = LessonLayout.menuTop + listRows + 1
            for line in TextLayout.plain(e.lesson.summary, width: w - 2).prefix(2) { b.put(line, x: 1, y: y, .plain); y += 1 }
            var facts = "\(e.lesson.exercises.count) exercises · \(e.lesson.steps.count) steps"
            if let p = e.progress { facts += p.done ? " · done" : p.isStarted ? " · in progress, step \(p.step + 1)" : "" }
            b.put(String(facts.prefix(w - 2)), x: 1, y: y, Style(.dim))
        }
        if let notice { b.put(String(notice.prefix(w - 2)), x: 1, y: b.size.height - 2, Style(.warning)) }
        keys(&b, "↑↓ choose · Enter start · ? help · q quit")
    }

    /// The first lesson shown and how many fit: the list scrolls to keep the cursor in view.
    func menuRows(_ size: Size) -> (first: Int, count: Int) {
        let rows = max(1, size.height - LessonLayout.menuTop - 6)
        return (min(max(0, cursor - rows + 1), max(0, entries.count - rows)), rows)
    }

    // MARK: - Lesson

    private func drawLesson(_ s: LessonScreen, _ b: inout CellBuffer) {
        let layout = LessonLayout(s, b.size)
        let lesson = s.session.lesson
        let stepText = s.session.isFinished ? "complete" : "step \(s.session.index + 1) of \(lesson.steps.count)"
        let panelStep = "lesson " + stepText
        if let stepper = s.stepper, layout.stepperRows > 0 {
            let sb = stepper.view(layout.stepperSize)
            for y in 0..<sb.size.height { for x in 0..<sb.size.width { b[x, y] = sb[x, y] } }
            drawPanel(s, &b, top: layout.stepperRows, stepText: panelStep)
            return
        }
        header(&b, "convtutor · \(lesson.title)", right: stepText)
        if s.session.isFinished {
            drawFinished(s, &b)
            return
        }
        switch s.session.step {
        case .text(let t):
            let lines = TextLayout.lines(t, width: layout.textWidth)
            let shown = lines.dropFirst(s.page * layout.textRows).prefix(layout.textRows)
            for (i, line) in shown.enumerated() { b.draw(line, x: 2, y: 2 + i) }
            if (s.page + 1) * layout.textRows < lines.count {
                b.put("more: Enter for the next page", x: 2, y: 2 + layout.textRows, Style(.dim, [.dim]))
            }
            feedback(s.feedback, &b, bottom: b.size.height - 3)
            keys(&b, "Enter next · Backspace back · ? help · \(quitLabel)")
        case .question(let q):
            var y = 2
            for line in TextLayout.plain(q.prompt, width: layout.textWidth) { b.put(line, x: 2, y: y, Style(.normal, [.bold])); y += 1 }
            y += 1
            for (i, c) in q.choices.enumerated() { b.put(String("\(i + 1)) \(c)".prefix(b.size.width - 4)), x: 4, y: y, .plain); y += 1 }
            if case .grid(let rows, _) = q.expected {
                for (i, row) in s.session.acceptedRows.enumerated() {
                    b.put("row \(i + 1): " + row.map(Numbers.text).joined(separator: " ") + "  ✓", x: 4, y: y, Style(.good)); y += 1
                }
                if s.session.phase == .asking { b.put("type row \(s.session.acceptedRows.count + 1) of \(rows.count), numbers separated by spaces", x: 4, y: y, Style(.dim)) }
            } else if case .shape = q.expected, s.session.phase == .asking {
                b.put("type a shape, such as 3x3", x: 4, y: y, Style(.dim))
            }
            answerArea(s, &b)
        default:
            // A stepper or predict step whose layer the stepper cannot show: the text is still there.
            b.put("This step cannot be shown here; press Enter to continue.", x: 2, y: 2, Style(.warning))
            answerArea(s, &b)
        }
    }

    /// Feedback above the answer line, the answer line, and the keys.
    private func answerArea(_ s: LessonScreen, _ b: inout CellBuffer) {
        let inputRow = b.size.height - 3
        feedback(s.feedback, &b, bottom: inputRow - 1)
        if s.isTyping {
            inputLine(s, &b, y: inputRow)
            keys(&b, "Enter check · Tab hint · type skip, back or quit · ? help · Esc \(hasMenu ? "menu" : "quit")")
        } else {
            keys(&b, "Enter next · Backspace back · ? help · \(quitLabel)")
        }
    }

    private func drawPanel(_ s: LessonScreen, _ b: inout CellBuffer, top: Int, stepText: String) {
        let w = b.size.width
        b.fill(x: 0, y: top, width: w, height: b.size.height - top)
        switch s.session.step {
        case .predict(let p):
            let prompt = TextLayout.plain(p.prompt, width: w - 2)
            for (i, line) in prompt.prefix(2).enumerated() { b.put(line, x: 1, y: top + i, Style(.normal, [.bold])) }
            feedback(s.feedback, &b, bottom: b.size.height - 3, maxLines: 3 - min(2, prompt.count) + 1)
            if s.isTyping {
                inputLine(s, &b, y: b.size.height - 2)
                keys(&b, "\(stepText) · Enter check · Tab hint · type skip, back or quit · ? help")
            } else {
                keys(&b, "\(stepText) · Enter next · arrows step · Backspace back · ? help · \(quitLabel)")
            }
        default:
            var note: String?
            if case .stepper(let st) = s.session.step { note = st.note }
            if let note { b.put(String(note.prefix(w - 2)), x: 1, y: top, Style(.accent, [.bold])) }
            if let f = s.feedback.first {
                b.put(String(f.text.prefix(w - 2)), x: 1, y: top + 1, f.style)
            } else if s.autoplayTarget != nil {
                b.put("playing to the end of the example… (space pauses)", x: 1, y: top + 1, Style(.dim))
            }
            keys(&b, "\(stepText) · Enter continue · Backspace back · Tab skip · ? help · \(quitLabel)")
        }
    }

    private func drawFinished(_ s: LessonScreen, _ b: inout CellBuffer) {
        let summary = PlainLesson.completion(s.session)
        b.put(summary, x: 2, y: 2, Style(.good, [.bold]))
        var y = 4
        for e in s.session.lesson.exercises {
            let r = s.progress.exercises[e.id]
            let state = r?.solved == true ? "✓ solved" : r?.skipped == true ? "· skipped" : "· not answered"
            b.put(String("\(state.rightPad(14))  \(e.prompt)".prefix(b.size.width - 4)), x: 4, y: y, r?.solved == true ? Style(.good) : Style(.dim))
            y += 1
            if y >= b.size.height - 2 { break }
        }
        keys(&b, hasMenu ? "Enter back to the lessons · q menu" : "Enter or q quit")
    }

    // MARK: - Pieces

    private func header(_ b: inout CellBuffer, _ left: String, right: String) {
        let w = b.size.width
        b.fill(x: 0, y: 0, width: w, height: 1, Cell(" ", Style(.accent, [.reverse])))
        b.put(String((" " + left).prefix(max(0, w - right.count - 3))), x: 0, y: 0, Style(.accent, [.reverse, .bold]))
        b.put(right + " ", x: w - right.count - 1, y: 0, Style(.accent, [.reverse, .bold]))
    }

    private func keys(_ b: inout CellBuffer, _ text: String) {
        let y = b.size.height - 1
        b.fill(x: 0, y: y, width: b.size.width, height: 1)
        b.put(String((" " + text).prefix(b.size.width)), x: 0, y: y, Style(.dim))
    }

    /// Feedback lines, wrapped, ending at row `bottom`.
    private func feedback(_ lines: [LessonScreen.FeedbackLine], _ b: inout CellBuffer, bottom: Int, maxLines: Int = 5) {
        let wrapped = lines.flatMap { f in TextLayout.plain(f.text, width: b.size.width - 4).map { ($0, f.style) } }.suffix(max(1, maxLines))
        var y = bottom - wrapped.count + 1
        for (text, style) in wrapped {
            b.put(text, x: 2, y: y, style)
            y += 1
        }
    }

    private func inputLine(_ s: LessonScreen, _ b: inout CellBuffer, y: Int) {
        let room = b.size.width - 6
        let shown = String(s.input.suffix(room))
        let x = b.put("> ", x: 1, y: y, Style(.accent, [.bold]))
        let end = b.put(shown, x: x, y: y, .plain)
        b.put(" ", x: end, y: y, Style(.normal, [.reverse]))
    }

    private func drawHelp(_ b: inout CellBuffer) {
        var lines = ["Keys", ""]
        if let s = screen {
            switch (s.session.step, s.session.phase) {
            case (_, .finished): lines += ["Enter     " + (hasMenu ? "back to the lessons" : "quit")]
            case (_, .asking):
                lines += ["type      your answer, then Enter", "Tab       a hint (or type hint)", "skip      show the answer and move on",
                          "back, PgUp the previous step", "quit, Esc leave (progress is saved)"]
            case (.stepper?, _), (.predict?, _):
                lines += ["Enter     continue", "Backspace the previous step", "Tab       skip this step", "→ ←       next / previous product",
                          "↓ ↑       next / previous output", "space     autoplay", "f d e     flip, dot product, edit", "q Esc     \(hasMenu ? "back to the lessons" : "quit") (saved)"]
            default:
                lines += ["Enter →   next (page or step)", "Backspace the previous step", "s         skip", "q Esc     \(hasMenu ? "back to the lessons" : "quit") (saved)"]
            }
        } else {
            lines += ["↑ ↓       choose a lesson", "Enter     start or resume it", "q Esc     quit", "", "✓ done   … in progress"]
        }
        lines += ["", "Progress is saved after every answer.", "Any key closes this help."]
        let width = min(b.size.width - 4, (lines.map(\.count).max() ?? 10) + 4)
        let height = min(b.size.height - 2, lines.count + 2)
        let x = (b.size.width - width) / 2, y = (b.size.height - height) / 2
        b.box(x: x, y: y, width: width, height: height, Style(.accent))
        for (i, line) in lines.prefix(height - 2).enumerated() {
            b.put(String(line.prefix(width - 4)), x: x + 2, y: y + 1 + i, i == 0 ? Style(.accent, [.bold]) : .plain)
        }
    }
}

extension String {
    func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
