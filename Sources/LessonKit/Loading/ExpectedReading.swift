import ConvKit

/// A question's `answer:` and `from:`, resolved to one expected answer; when both are given
/// they must agree, which is how a lesson is kept from teaching a wrong number.
struct ExpectedReading {
    let layers: LayerTable

    /// The expected answer, and what its `from:` reads of a layer's trace (see `AskedCells`).
    func resolve(_ f: Fields, kind: Question.Kind, tolerance: Double, choices: [String]) -> (expected: Expected, asks: AskedCells?)? {
        let r = f.value.reporter
        let answerValue = f["answer"]
        let stated = answerValue.flatMap { literal($0, kind: kind, tolerance: tolerance, choices: choices) }
        var computed: (Expected, String, AskedCells?)?
        if let from = f["from"] {
            if kind == .choice {
                r.error(f.placeOfKey("from"), "from: is not allowed for choice questions; give answer: the number of the right choice")
                return nil
            }
            computed = reference(from, kind: kind, tolerance: tolerance)
        }
        if answerValue == nil && !f.has("from") {
            r.error(f.value.place, "a question needs answer: or from: (or both)")
            return nil
        }
        if let answerValue, let stated, let (engine, description, _) = computed, !agree(stated, engine) {
            r.error(answerValue.place, "answer \(oneLine(stated)) disagrees with the engine: \(description) is \(oneLine(engine))")
            return nil
        }
        if f.has("from") && computed == nil { return nil }
        if answerValue != nil && stated == nil { return nil }
        guard let expected = computed?.0 ?? stated else { return nil }
        let place = answerValue?.place ?? f.placeOfKey("from")
        return Self.typable(expected, at: place, r) ? (expected, computed?.2) : nil
    }

    /// `mistakes:`, a list of `{answer: …, says: "…"}` for number, choice and shape answers.
    /// nil after reporting a problem; a mistake that is in fact right is one.
    func mistakes(_ f: Fields, kind: Question.Kind, expected: Expected, tolerance: Double, choices: [String]) -> [Mistake]? {
        guard let m = f["mistakes"] else { return [] }
        guard let items = m.list("mistakes") else { return nil }
        var found: [(mistake: Mistake, line: Int)] = []
        for item in items {
            guard let g = item.fields("a mistake", allowed: ["answer", "says"]), let a = g.required("answer"),
                  let says = g.required("says")?.string("says"), let wrong = literal(a, kind: kind, tolerance: tolerance, choices: choices) else { return nil }
            if agree(expected, wrong) { return a.fail("mistake \(oneLine(wrong)) is the right answer (\(oneLine(expected)))") }
            // A grid is checked row by row: a mistake's row speaks when it is typed for that row.
            if case .grid(let want, _) = expected, case .grid(let rows, _) = wrong, rows.map(\.count) != want.map(\.count) {
                return a.fail("mistake grid has \(rows.count.counting("row")) of \(rows.map { String($0.count) }.joined(separator: ", ")) numbers; the answer's rows have \(want.map { String($0.count) }.joined(separator: ", "))")
            }
            if let message = shadowed(wrong, by: found, expected: expected) { return a.fail(message) }
            found.append((Mistake(answer: wrong, says: says), a.place.line))
        }
        return found.map(\.mistake)
    }

    /// Why a mistake's words could never be shown: an earlier mistake matches the same typed
    /// answer first (for a grid, the same wrong row in the same place).
    private func shadowed(_ wrong: Expected, by earlier: [(mistake: Mistake, line: Int)], expected: Expected) -> String? {
        guard case .grid(let want, let t) = expected, case .grid(let rows, _) = wrong else {
            return earlier.first { agree($0.mistake.answer, wrong) }.map {
                "mistake \(oneLine(wrong)) repeats the mistake at line \($0.line); its words could never be shown"
            }
        }
        for (i, row) in rows.enumerated() where !Answers.rowMatches(want[i], row, t) {
            for e in earlier {
                guard case .grid(let other, _) = e.mistake.answer, Answers.rowMatches(other[i], row, t) else { continue }
                return "row \(i + 1) of this mistake is row \(i + 1) of the mistake at line \(e.line), whose words come first; these could never be shown for it"
            }
        }
        return nil
    }

    private func literal(_ v: Value, kind: Question.Kind, tolerance: Double, choices: [String]) -> Expected? {
        switch kind {
        case .number:
            return v.number("answer").map { .number($0, tolerance: tolerance) }
        case .choice:
            guard let n = v.int("answer") else { return nil }
            guard choices.isEmpty || (1...choices.count).contains(n) else {
                return v.fail("answer \(n) is not a choice; there are \(choices.count) (numbered from 1)")
            }
            return .choice(n)
        case .shape:
            guard let s = v.string("answer") else { return nil }
            guard let dims = Answers.shape(s), dims.allSatisfy({ $0 >= 1 }) else {
                return v.fail("answer '\(s)' is not a shape; write it like 3x3 or 2x3x3")
            }
            return .shape(dims)
        case .grid:
            guard case .scalar(let s) = v.node else {
                return v.fail("answer must be a grid string such as \"4 3 4; 2 4 3; 2 3 4\" (rows separated by ;), not \(v.kindName)")
            }
            guard let text = v.string("answer") else { return nil }
            do {
                let t = try GridText.parse(text)
                guard let rows = Reference.rows(t) else { return v.fail("answer is a grid of shape \(t.shape.shapeText); a grid answer is one 2-D grid (rows separated by ;)") }
                return .grid(rows, tolerance: tolerance)
            } catch let e as GridText.ParseError {
                v.reporter.error(LayerReading.place(of: e, in: s, at: v.place, reporter: v.reporter), "answer: \(e.message)")
                return nil
            } catch {
                return v.fail("answer: \(error)")
            }
        }
    }

    private func reference(_ v: Value, kind: Question.Kind, tolerance: Double) -> (Expected, String, AskedCells?)? {
        guard let f = v.fields("from", allowed: ["layer", "stack", "value"]) else { return nil }
        if let s = f["stack"] { return stackReference(f, stack: s, kind: kind, tolerance: tolerance).map { ($0.0, $0.1, nil) } }
        let built = layers.named(f)
        guard let valueNode = f.required("value"), let text = valueNode.string("value") else { return nil }
        guard let ref = Reference(text) else { return valueNode.fail("value '\(text)' is not one of \(Reference.forms)") }
        guard ref.kind == kind else {
            return valueNode.fail("value '\(text)' gives a \(ref.kind.rawValue) answer, but this question's kind is \(kind.rawValue)")
        }
        guard let built else { return nil }
        switch ref.evaluate(on: built, tolerance: tolerance) {
        case .success(let e): return (e, "\(text) of layer '\(built.name)'", ref.asked(on: built))
        case .failure(.message(let m)): return valueNode.fail(m)
        }
    }

    /// `from: {stack: NAME, layer: N, value: V}`: N a 1-based layer of the stack, the last by default.
    private func stackReference(_ f: Fields, stack v: Value, kind: Question.Kind, tolerance: Double) -> (Expected, String)? {
        let named = layers.stack(v)
        let number: Int? = f["layer"].map { stackLayer($0, of: named?.stack) } ?? named.map { $0.stack.layers.count }
        guard let valueNode = f.required("value"), let text = valueNode.string("value") else { return nil }
        guard let ref = StackReference(text) else { return valueNode.fail("value '\(text)' of a stack is not one of \(StackReference.forms)") }
        guard ref.kind == kind else {
            return valueNode.fail("value '\(text)' gives a \(ref.kind.rawValue) answer, but this question's kind is \(kind.rawValue)")
        }
        guard let (name, stack) = named, let n = number else { return nil }
        guard (1...stack.layers.count).contains(n) else {
            return f["layer"]?.fail("layer \(n) is not in stack '\(name)', which has \(stack.layers.count.counting("layer")) (counted from 1)")
        }
        switch ref.evaluate(on: stack, layer: n, name: name, tolerance: tolerance) {
        case .success(let e): return (e, "\(text) of layer \(n) of stack '\(name)'")
        case .failure(.message(let m)): return valueNode.fail(m)
        }
    }

    /// `layer:` beside `stack:`: a number, which a layer's name (as `layer:` is elsewhere) is not.
    private func stackLayer(_ v: Value, of stack: Stack?) -> Int? {
        if case .scalar(let s) = v.node, s.style == .plain, !v.isNull, Int(s.string) == nil, s.string.first?.isLetter == true {
            let range = stack.map { " (1 to \($0.layers.count))" } ?? ""
            return v.fail("layer in a stack reference counts the stack's layers from 1\(range), not a layer's name; got '\(s.string)'")
        }
        return v.int("layer")
    }

    /// A learner types what they work out, and the revealed answer shows at most 4 decimals:
    /// numbers like 1/3 need a tolerance that accepts 0.3333, or nobody could ever be right.
    static func typable(_ e: Expected, at place: Place, _ r: Reporter) -> Bool {
        let values: [Double], tolerance: Double
        switch e {
        case .number(let v, let t): (values, tolerance) = ([v], t)
        case .grid(let rows, let t): (values, tolerance) = (rows.flatMap { $0 }, t)
        default: return true
        }
        guard let v = values.first(where: { !Answers.close(Numbers.parse(Numbers.text($0)) ?? .nan, $0, tolerance) }) else { return true }
        r.error(place, "the answer \(Numbers.text(v))… cannot be typed exactly; add tolerance: 0.001 (or whatever rounding you accept)")
        return false
    }

    private func oneLine(_ e: Expected) -> String {
        Answers.text(e).split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }.joined(separator: "; ")
    }

    private func agree(_ a: Expected, _ b: Expected) -> Bool {
        switch (a, b) {
        case (.number(let x, let t), .number(let y, _)): return Answers.close(x, y, t)
        case (.shape(let x), .shape(let y)): return Answers.sameShape(x, y)
        case (.grid(let x, let t), .grid(let y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { Answers.rowMatches($0, $1, t) }
        default: return a == b
        }
    }
}
