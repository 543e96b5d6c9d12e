import ConvKit

/// Reads the `steps:` list against the lesson's built layers, resolving every expected answer.
final class StepReading {
    let layers: LayerTable
    private var exerciseIDs: [String: Place] = [:]
    /// `was:` ids, retired: none may be an exercise's id now, or its progress would be read into
    /// the wrong exercise.
    private var formerIDs: [String: Place] = [:]
    /// Ids given by default to predicts without `id:` ("step-3"): messages say so.
    private var defaultIDs: Set<String> = []

    init(layers: LayerTable) { self.layers = layers }

    static let kinds = ["text", "stepper", "predict", "question"]
    /// Text steps' plain-mode alternatives (`plain:` next to `text:`), by step index (0-based).
    private(set) var plainTexts: [Int: String] = [:]

    /// One step, or nil after reporting why: a step is never dropped without a word, whatever
    /// path through the readers below returned nil.
    func read(_ item: Value, number: Int) -> LessonStep? {
        let before = item.reporter.reports
        let step = readStep(item, number: number)
        if step == nil && item.reporter.reports == before {
            item.reporter.error(item.place, "step \(number) could not be read, and no reason was found; please report this lesson file as a convtutor bug")
        }
        return step
    }

    private func readStep(_ item: Value, number: Int) -> LessonStep? {
        guard let f = item.fields("step \(number)", allowed: Self.kinds + ["plain"]) else { return nil }
        let kinds = f.entries.filter { $0.key != "plain" }
        guard kinds.count == 1, let (kind, _, v) = kinds.first else {
            if kinds.count > 1 {
                item.reporter.error(f.placeOfKey(kinds[1].key), "step \(number) has both '\(kinds[0].key)' and '\(kinds[1].key)'; each step has exactly one of \(Self.kinds.joined(separator: ", "))")
            } else if f.keyCount == 0 || f.has("plain") {
                item.reporter.error(item.place, "step \(number) needs one of \(Self.kinds.joined(separator: ", "))")
            }
            return nil
        }
        if let p = f["plain"] {
            guard kind == "text" else {
                item.reporter.error(f.placeOfKey("plain"), "plain: goes next to text: (the words plain mode shows instead); a stepper step has plain_note:")
                return nil
            }
            guard let plain = p.string("plain") else { return nil }
            plainTexts[number - 1] = plain
        }
        switch kind {
        case "text": return v.string("text").map(LessonStep.text)
        case "stepper": return stepper(v).map(LessonStep.stepper)
        case "predict": return predict(v, number: number).map(LessonStep.predict)
        default: return question(v).map(LessonStep.question)
        }
    }

    // MARK: - Kinds

    private func stepper(_ v: Value) -> StepperStep? {
        guard let f = v.fields("a stepper step", allowed: ["layer", "stack", "wrt", "until", "follow", "note", "plain_note"]) else { return nil }
        let walked = subject(f, step: "a stepper step")
        let note = f["note"]?.string("note")
        // An empty plain_note is allowed: it means "say nothing in plain mode".
        var plainNote: String?
        if let p = f["plain_note"] {
            if case .scalar(let s) = p.node { plainNote = p.isNull ? "" : s.string } else { p.reporter.error(p.place, "plain_note must be a string, not \(p.kindName)") }
        }
        var until: Int?
        if let u = f["until"], let uf = u.fields("until", allowed: ["output", "step"]), let walked {
            let trace = Trace(walked.op)
            switch (uf["output"], uf["step"]) {
            case (let o?, nil):
                if let index = o.indices("output"), let flat = cellFlat(index, walked, o) { until = trace.lastStep(ofOutput: flat) }
            case (nil, let s?):
                guard let n = s.int("step") else { break }
                guard (1...trace.count).contains(n) else {
                    return s.fail("until step \(n) is outside 1...\(trace.count), the steps of \(walked.what)")
                }
                until = n - 1
            default:
                return u.fail("until needs exactly one of output: [c,y,x] or step: N")
            }
        }
        var following: Int?
        if let o = f["follow"] {
            guard walked == nil || walked?.stack != nil else {
                return o.fail("follow: follows a stack's output back to the input; this step steps a layer (use stack: NAME)")
            }
            guard !f.has("until") else {
                v.reporter.error(f.placeOfKey("follow"), "follow: and until: together: follow: opens the output already followed back, until: plays the stepper to it; give one")
                return nil
            }
            guard let index = o.indices("follow"), let walked else { return nil }
            guard let flat = cellFlat(index, walked, o) else { return nil }
            following = flat
        }
        guard let walked else { return nil }
        let stepped: StepperStep.Stepped = walked.stack.map { .stack(name: $0.name, stack: $0.stack, following: following) } ?? .layer(name: walked.name)
        return StepperStep(stepped, spec: walked.spec, untilStep: until, note: note, plainNote: plainNote)
    }

    private func predict(_ v: Value, number: Int) -> PredictStep? {
        guard let f = v.fields("a predict step", allowed: ["id", "was", "layer", "stack", "wrt", "output", "before_term", "through", "ask", "tolerance", "hints", "explain", "mistakes"]) else { return nil }
        let id = exerciseID(f, default: "step-\(number)")
        let was = formerIDs(f, own: id)
        let walked = subject(f, step: "a predict step")
        let hints = f["hints"]?.strings("hints") ?? []
        let explain = f["explain"]?.string("explain")
        var ask: PredictStep.Ask?
        if let a = f.required("ask"), let s = a.string("ask") {
            ask = PredictStep.Ask(rawValue: s)
            if ask == nil { a.reporter.error(a.place, "ask must be sum or output; got '\(s)'") }
        }
        let outputValue = f.required("output")
        let index = outputValue?.indices("output")
        let termValue = f.required("before_term")
        let term = termValue?.int("before_term")
        guard let walked, let outputValue, let index,
              let flat = cellFlat(index, walked, outputValue), let termValue, let term, let ask, let id else { return nil }
        let op = walked.op, n = op.termsPerOutput
        let products = CellWords(op).term + "s"
        guard (1...n).contains(term) else {
            return termValue.fail("before_term \(term) is outside 1...\(n), the \(products) of one \(walked.cell) of \(walked.what)")
        }
        // A gradient has no finishing step: its cell is the sum.
        let finishing = [op.bias(ofOutput: flat) != nil ? "the bias" : nil, op.relu ? "the ReLU" : nil].compactMap { $0 }
        guard let through = throughTerm(f, ask: ask, before: term, of: n, last: "the last \(products.dropLast()) of one \(walked.cell) of \(walked.what)") else { return nil }
        // One product of work is a single addition; only a finished output that still has a
        // bias or ReLU to come asks something more (a bias of 0 adds nothing to work out).
        let finishes = (op.bias(ofOutput: flat) ?? 0) != 0 || op.relu
        if through - term + 1 < 2 && !(ask == .output && finishes) {
            // Only a forward layer that can have a bias or ReLU (not a pool) has a finishing step.
            let pool = walked.spec.op.isPool, finishable = walked.spec.gradient == nil && !pool
            let few = pool ? "a pool_size of 2 or more taps" : finishable ? "ask: output on a layer with a non-zero bias or a ReLU, or a layer whose outputs have 2 or more products"
                : "a gradient whose cells have 2 or more \(products)"
            let fix = n < 2 ? few : ask == .sum ? (term < n ? "through: \(term + 1) or more" : "before_term \(n - 1) or less, with through:") : "before_term \(n - 1) or less"
            let unless = n < 2 || !finishable ? "" : ", unless it asks for the output of a layer with a non-zero bias or a ReLU"
            return termValue.fail("this prediction asks for 1 \(products.dropLast()) (\(products.dropLast()) \(term) of \(n)); a prediction needs at least 2 \(products) of work (\(fix))\(unless)")
        }
        let answer = ask == .sum ? op.running(ofOutput: flat, through: through - 1).value : op.value(ofOutput: flat)
        guard let tolerance = tolerance(f), ExpectedReading.typable(.number(answer, tolerance: tolerance), at: f.placeOfKey("ask"), v.reporter) else { return nil }
        let expected = Expected.number(answer, tolerance: tolerance)
        guard let mistakes = ExpectedReading(layers: layers).mistakes(f, kind: .number, expected: expected, tolerance: tolerance, choices: []),
              let was else { return nil }
        var step = PredictStep(id: id, layerName: walked.name, spec: walked.spec, outputFlat: flat, output: index, outputShape: op.outputShape,
                               finishing: finishing, beforeTerm: term, throughTerm: through,
                               ask: ask, answer: answer, tolerance: tolerance, hints: hints, explain: explain)
        step.mistakes = mistakes
        step.formerIDs = was
        step.words = CellWords(op)
        step.stack = walked.stack?.stack
        return step
    }

    private func question(_ v: Value) -> Question? {
        let keys = ["id", "was", "prompt", "kind", "answer", "from", "tolerance", "choices", "hints", "row_hints", "explain", "show", "mistakes"]
        guard let f = v.fields("a question", allowed: keys) else { return nil }
        let id = f.required("id").flatMap { _ in exerciseID(f, default: nil) }
        let was = formerIDs(f, own: id)
        let prompt = f.required("prompt")?.string("prompt")
        let hints = f["hints"]?.strings("hints") ?? []
        let rowHints = f["row_hints"]?.strings("row_hints") ?? []
        var show: ShownLayer?
        if let s = f["show"] {
            let before = v.reporter.diagnostics.count
            if let name = s.string("show") {
                if let b = layers.built[name] {
                    // With grad_output the spec carries dY, which the panel shows too.
                    show = ShownLayer(name: name, spec: b.spec(wrt: .weight))
                } else if layers.stackNames.contains(name) {
                    s.reporter.error(s.place, "'\(name)' is a stack; show: takes a layer name")
                } else if !layers.declared.contains(name) {
                    let hint = Spelling.closest(to: name, in: layers.declared.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                    s.reporter.error(s.place, "show: unknown layer '\(name)'\(hint)")
                }
            }
            if v.reporter.diagnostics.count > before { return nil }
        }
        let explain = f["explain"]?.string("explain")
        var kind: Question.Kind?
        if let k = f.required("kind"), let s = k.string("kind") {
            kind = Question.Kind(rawValue: s)
            if kind == nil { k.reporter.error(k.place, "kind must be one of \(Question.Kind.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s)'") }
        }
        guard let kind else { return nil }
        if f.has("tolerance") && kind != .number && kind != .grid {
            v.reporter.error(f.placeOfKey("tolerance"), "tolerance applies to number and grid questions, not \(kind.rawValue)")
        }
        guard let tolerance = tolerance(f) else { return nil }
        var choices: [String] = []
        if kind == .choice {
            if let c = f.required("choices"), let list = c.strings("choices") {
                if list.count < 2 { c.reporter.error(c.place, "a choice question needs at least two choices") }
                choices = list
            }
        } else if f.has("choices") {
            v.reporter.error(f.placeOfKey("choices"), "choices are only for kind: choice")
        }
        let resolved = ExpectedReading(layers: layers).resolve(f, kind: kind, tolerance: tolerance, choices: choices)
        let expected = resolved?.expected
        if f.has("row_hints") {
            if kind != .grid {
                v.reporter.error(f.placeOfKey("row_hints"), "row_hints are only for kind: grid")
                return nil
            }
            if case .grid(let rows, _)? = expected, rowHints.count != rows.count {
                v.reporter.error(f.placeOfKey("row_hints"), "row_hints has \(rowHints.count.counting("hint")) but the grid has \(rows.count.counting("row")); give one per row")
                return nil
            }
        }
        guard let id, let prompt, let expected, let was,
              let mistakes = ExpectedReading(layers: layers).mistakes(f, kind: kind, expected: expected, tolerance: tolerance, choices: choices) else { return nil }
        var question = Question(id: id, prompt: prompt, kind: kind, choices: choices, expected: expected, hints: hints, explain: explain,
                                rowHints: rowHints, show: show)
        question.mistakes = mistakes
        question.formerIDs = was
        question.asks = resolved?.asks
        return question
    }

    // MARK: - Shared pieces

    /// `tolerance:` (default 1e-6), or nil after reporting a bad one.
    private func tolerance(_ f: Fields) -> Double? {
        guard let t = f["tolerance"] else { return 1e-6 }
        guard let n = t.number("tolerance") else { return nil }
        return n >= 0 ? n : t.fail("tolerance must not be negative")
    }

    /// The step's own id, or a default for predict steps; duplicates are reported here.
    private func exerciseID(_ f: Fields, default fallback: String?) -> String? {
        let place: Place
        let id: String
        if let v = f["id"] {
            guard let s = v.string("id") else { return nil }
            guard IDs.isExerciseID(s) else {
                return v.fail("id '\(s)' must use only letters, digits, '-' and '_'")
            }
            (id, place) = (s, f.placeOfValue("id"))
        } else if let fallback {
            (id, place) = (fallback, f.value.place)
        } else {
            return nil
        }
        let byDefault = f["id"] == nil ? "this predict has no id:, so its progress is kept under its default id '\(id)', which " : nil
        if let first = exerciseIDs[id] {
            f.value.reporter.error(place, byDefault.map { $0 + "the exercise at line \(first.line) already uses; give it an id:" }
                ?? "duplicate exercise id '\(id)' (first used at line \(first.line))")
            return nil
        }
        if let former = formerIDs[id] {
            f.value.reporter.error(place, byDefault.map { $0 + "was: at line \(former.line) retires; give it an id:" }
                ?? "exercise id '\(id)' is retired by was: at line \(former.line); a new exercise needs a new id, or old progress would be read into it")
            return nil
        }
        exerciseIDs[id] = place
        if byDefault != nil { defaultIDs.insert(id) }
        return id
    }

    /// `through: M` (ask: sum only): the running sum after product M, M ≥ before_term (default
    /// before_term). An output prediction runs through the output's last product.
    private func throughTerm(_ f: Fields, ask: PredictStep.Ask, before: Int, of n: Int, last: String) -> Int? {
        guard let v = f["through"] else { return ask == .sum ? before : n }
        guard ask == .sum else { return v.fail("through is only for ask: sum (ask: output runs through the last product)") }
        guard let m = v.int("through") else { return nil }
        guard (before...n).contains(m) else {
            // A number past Int64 is held at its end: say so rather than quote a number the file does not hold.
            let given = m == .max ? "through is far too large; it must be within" : "through \(m) is outside"
            return v.fail("\(given) \(before)...\(n): from before_term to \(last)")
        }
        return m
    }

    /// `was:`: the ids this exercise had before it was renamed (one or a list), so saved
    /// progress follows it; [] when absent, nil after reporting a bad one.
    private func formerIDs(_ f: Fields, own: String?) -> [String]? {
        guard let v = f["was"] else { return [] }
        let ids: [String]?
        if case .sequence = v.node { ids = v.strings("was") } else { ids = v.string("was").map { [$0] } }
        guard let ids else { return nil }
        let place = f.placeOfValue("was")
        func fail(_ message: String) -> [String]? {
            v.reporter.error(place, message)
            return nil
        }
        if ids.isEmpty { return fail("was: is an empty list; list the ids this exercise had before, or leave was: out") }
        for (i, id) in ids.enumerated() {
            guard IDs.isExerciseID(id) else { return fail("was: '\(id)' is not an exercise id (letters, digits, '-' and '_')") }
            if id == own { return fail("was: '\(id)' is this exercise's own id; was: lists the ids it had before") }
            if ids[..<i].contains(id) { return fail("was: lists '\(id)' twice") }
            if let now = exerciseIDs[id] {
                if defaultIDs.contains(id) {
                    return fail("was: '\(id)' is the default id of the predict without id: at line \(now.line); give both predicts an id: and keep was:")
                }
                return fail("was: '\(id)' is the id of the exercise at line \(now.line); a renamed exercise's old id must not be used again")
            }
            if let first = formerIDs[id] { return fail("was: '\(id)' is already retired at line \(first.line)") }
            formerIDs[id] = place
        }
        return ids
    }

    /// What a stepper or predict step walks: exactly one of `layer:` (with `wrt:`, one of its
    /// gradients) and `stack:` (its last layer, forward only).
    private func subject(_ f: Fields, step: String) -> Walked? {
        switch (f["layer"], f["stack"]) {
        case (_?, _?):
            f.value.reporter.error(f.placeOfKey("stack"), "\(step) has both layer: and stack:; give one (a stack steps its last layer)")
            return nil
        case (nil, nil):
            f.value.reporter.error(f.value.place, "\(step) needs layer: NAME or stack: NAME")
            return nil
        case (nil, let v?):
            guard let (name, stack) = layers.stack(v) else { return nil }
            if f.has("wrt") {
                f.value.reporter.error(f.placeOfKey("wrt"), "wrt: steps a layer's gradient; a stack is stepped forward only (use layer: with grad_output:)")
                return nil
            }
            let n = stack.specs.count, spec = stack.specs[n - 1]
            do {
                return Walked(spec: spec, op: try spec.steppedOp(naming: "grad_output"), name: name, subject: "layer \(n) of stack '\(name)'", stack: (name, stack))
            } catch {
                return v.fail("stack '\(name)': its last layer cannot be stepped: \(error)")
            }
        default:
            return layers.named(f).flatMap { stepped($0, f) }
        }
    }

    /// What a layer step walks: the layer, or with `wrt:` one of its gradients (`wrt:` needs
    /// the layer's `grad_output:`). im2col has nothing to walk.
    private func stepped(_ b: BuiltLayer, _ f: Fields) -> Walked? {
        guard let layer = b.layer else {
            return f["layer"]?.fail("layer '\(b.name)' is im2col, which rearranges the input and has no products to step through; use op conv2d here")
        }
        let subject = "layer '\(b.name)'"
        guard let w = f["wrt"] else { return Walked(spec: b.spec, op: layer, name: b.name, subject: subject) }
        guard let s = w.string("wrt") else { return nil }
        guard let target = GradientTarget(rawValue: s) else {
            let hint = Spelling.closest(to: s, in: GradientTarget.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
            return w.fail("wrt must be weight, input or bias; got '\(s)'\(hint)")
        }
        guard b.gradOutput != nil else {
            w.reporter.error(f.placeOfKey("wrt"), "wrt: needs grad_output: on layer '\(b.name)' (dL/dY, the gradient arriving at its output), which it does not have")
            return nil
        }
        let spec = b.spec(wrt: target)
        do {
            return Walked(spec: spec, op: try spec.steppedOp(naming: "grad_output"), name: b.name, subject: subject)
        } catch {
            // grad_output was checked against the layer when it was read.
            return w.fail("wrt: \(error)")
        }
    }

    /// Flat index of a cell of what a step walks: an output, or a gradient's cell.
    private func cellFlat(_ index: [Int], _ walked: Walked, _ v: Value) -> Int? {
        let shape = walked.op.outputShape
        guard let flat = Reference.flatIndex(index, in: shape) else {
            let name = walked.spec.gradient.map { "\($0.wrt.symbol), the \($0.wrt.rawValue) gradient," } ?? "the output"
            return v.fail(Reference.outside("output \(index.shapeText)", index, of: "\(name) of \(walked.subject)", shape: shape))
        }
        return flat
    }
}

/// The op a stepper or predict step walks, and the spec that builds it.
struct Walked {
    let spec: LayerSpec
    let op: any ReductionLayer
    /// The layer's or the stack's name in the lesson.
    let name: String
    /// The walked layer in messages: `layer 'seed'`, `layer 2 of stack 'two'`.
    let subject: String
    var stack: (name: String, stack: Stack)?

    /// What one of its cells is called in messages.
    var cell: String { spec.gradient == nil ? "output" : "cell" }
    var what: String { spec.gradient.map { "\($0.wrt.symbol) of \(subject)" } ?? subject }
}

/// The lesson's layers by name, for steps and `from:` references.
struct LayerTable {
    let built: [String: BuiltLayer]
    /// Layers that were declared, including those that failed to build (already reported).
    let declared: Set<String>
    /// `stacks:`, as `built` and `declared` are for layers.
    var stacks: [String: Stack] = [:]
    var stackNames: Set<String> = []

    /// The stack named by `v`, reporting as `named` does.
    func stack(_ v: Value) -> (name: String, stack: Stack)? {
        guard let name = v.string("stack") else { return nil }
        if let s = stacks[name] { return (name, s) }
        if stackNames.contains(name) { return v.fail("stack '\(name)' has errors of its own (reported at its definition), so no step or answer can use it") }
        if declared.contains(name) { return v.fail("'\(name)' is a layer, not a stack: use layer: \(name)") }
        let hint = Spelling.closest(to: name, in: stackNames.sorted()).map { "; did you mean '\($0)'?" } ?? ""
        return v.fail("unknown stack '\(name)'\(stackNames.isEmpty ? " (the lesson has no stacks:)" : hint)")
    }

    /// The layer named by the `layer:` key, reporting unknown names and, at the reference, a
    /// layer that failed to build (its own errors say why), so no step is dropped unexplained.
    func named(_ f: Fields) -> BuiltLayer? {
        guard let v = f.required("layer"), let name = v.string("layer") else { return nil }
        if let b = built[name] { return b }
        if declared.contains(name) {
            v.reporter.error(v.place, "layer '\(name)' has errors of its own (reported at its definition), so this step cannot use it")
        } else if stackNames.contains(name) {
            v.reporter.error(v.place, "'\(name)' is a stack, not a layer: use stack: \(name)")
        } else {
            let hint = Spelling.closest(to: name, in: declared.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            v.reporter.error(v.place, "unknown layer '\(name)'\(declared.isEmpty ? " (the lesson has no layers:)" : hint)")
        }
        return nil
    }
}
