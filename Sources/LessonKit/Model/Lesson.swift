import ConvKit

/// One guided lesson, fully validated: every layer builds and every expected answer has been
/// resolved (and, where a literal and a `from:` were both given, found to agree).
public struct Lesson: Sendable {
    public let id: String
    public let title: String
    public let summary: String
    public let topics: [String]
    public let layers: [String: LayerSpec]
    public let steps: [LessonStep]
    /// The path the lesson was loaded from, as given.
    public let file: String
    /// Text steps (by index into `steps`) that read differently in plain mode, where there are
    /// no keys to press and no stepper on screen (`plain:` next to `text:`).
    public let plainTexts: [Int: String]

    public init(id: String, title: String, summary: String, topics: [String], layers: [String: LayerSpec], steps: [LessonStep], file: String,
                plainTexts: [Int: String] = [:]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.topics = topics
        self.layers = layers
        self.steps = steps
        self.file = file
        self.plainTexts = plainTexts
    }

    /// A text step's words for the full-screen UI, or for plain mode.
    public func text(ofStep index: Int, plain: Bool) -> String? {
        guard steps.indices.contains(index), case .text(let t) = steps[index] else { return nil }
        return plain ? plainTexts[index] ?? t : t
    }

    /// Questions and predictions, in order: the things a learner answers.
    public var exercises: [Exercise] { steps.compactMap(\.exercise) }

    public static let knownTopics: [String] = [
        "conv2d", "dot-product", "cross-correlation", "padding", "stride", "dilation", "channels", "pointwise",
        "depthwise", "dense", "im2col", "bias-activation", "image-kernels", "transposed", "grouped", "cost", "equivariance", "backprop",
        "pooling", "padding-modes", "receptive-field",
    ]
}

public enum LessonStep: Sendable {
    case text(String)
    case stepper(StepperStep)
    case predict(PredictStep)
    case question(Question)

    /// The exercise this step asks, if any.
    public var exercise: Exercise? {
        switch self {
        case .question(let q): q.exercise
        case .predict(let p): p.exercise
        default: nil
        }
    }
}

public struct StepperStep: Sendable {
    /// What the step steps: a lesson layer (or one of its gradients), or a stack's last layer.
    public enum Stepped: Sendable {
        case layer(name: String)
        /// `following`: the flat index of the last layer's output opened already followed back
        /// to the input (`follow:`), nil to step the last layer as `step --stack` does.
        case stack(name: String, stack: Stack, following: Int?)
    }
    public let stepped: Stepped
    /// The spec of the layer stepped: for a stack, its last layer (whose input is the layer
    /// before's output).
    public let spec: LayerSpec
    /// 0-based trace index to autoplay to (the last product of `until.output`, or `until.step` − 1);
    /// nil lets the learner step freely.
    public let untilStep: Int?
    public let note: String?
    /// `plain_note:`: what plain mode prints instead of `note` (an empty one prints nothing).
    public let plainNote: String?

    public init(_ stepped: Stepped, spec: LayerSpec, untilStep: Int?, note: String?, plainNote: String? = nil) {
        self.stepped = stepped
        self.spec = spec
        self.untilStep = untilStep
        self.note = note
        self.plainNote = plainNote
    }

    /// The stack stepped, if the step names one.
    public var stack: Stack? {
        if case .stack(_, let s, _) = stepped { return s }
        return nil
    }

    /// The note for one mode: plain mode prefers `plain_note`.
    public func note(plain: Bool) -> String? {
        guard plain, let p = plainNote else { return note }
        return p.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : p
    }
}

public struct PredictStep: Sendable {
    public enum Ask: String, Sendable { case sum, output }
    public let id: String
    public let layerName: String
    public let spec: LayerSpec
    /// Flat (row-major) index of the output, and its multi-index as written.
    public let outputFlat: Int
    public let output: [Int]
    /// The shape of the layer's output, for writing the position the way the stepper does.
    public let outputShape: [Int]
    /// What comes after the sum for this output ("the bias", "the ReLU"): an `ask: output`
    /// prompt says to include them, since the finished output is what the stepper reveals.
    public let finishing: [String]
    /// 1-based: the stepper shows products 1..<beforeTerm and pauses.
    public let beforeTerm: Int
    /// 1-based: the last product the answer includes (`through:` for ask: sum, else the
    /// output's last). Products beforeTerm...throughTerm are the work the prediction asks for.
    public let throughTerm: Int
    public let ask: Ask
    /// The running sum after product `throughTerm` (ask: sum) or the finished output (ask: output).
    public let answer: Double
    public let tolerance: Double
    public let hints: [String]
    public let explain: String?
    /// Wrong answers worth a word of their own (`mistakes:`).
    public var mistakes: [Mistake] = []
    /// `was:`: ids this prediction had before, whose saved progress is now its own.
    public var formerIDs: [String] = []
    /// What the cell's terms are called and how they combine (a pool's taps, a max).
    public var words = CellWords.products
    /// The stack whose last layer is predicted (`stack:`; `layerName` is then the stack's
    /// name), nil for a lesson layer: its input is the layer before's output.
    public var stack: Stack?

    public var exercise: Exercise {
        Exercise(id: id, prompt: prompt, expected: .number(answer, tolerance: tolerance), hints: hints, explain: explain, mistakes: mistakes,
                 formerIDs: formerIDs, label: label)
    }

    /// The prediction in a list of exercises: its prompt reads like every other one's, so the
    /// output, where the work starts or stops, and the layer's options tell them apart.
    public var label: String {
        var text = "predict " + outputLabel
        switch ask {
        case .sum: text += " up to \(termWord) \(throughTerm)"
        case .output: if beforeTerm > 1 { text += " from \(termWord) \(beforeTerm)" }
        }
        return ([text] + TraceText.settings(spec, width: 1000)).joined(separator: " · ")
    }

    /// The gradient the prediction walks (`wrt:`), nil for the layer's own output.
    public var gradient: GradientTarget? { spec.gradient?.wrt }

    /// The output as the stepper's equation writes it: `out(0,1)` when the output has one
    /// channel, `out(c,y,x)` otherwise (0-based, like PyTorch indexing); a gradient's cell by
    /// its full index, `dW[0,0,1,2]`.
    public var outputLabel: String {
        if let gradient { return gradient.cellName(output) }
        return "out" + Position.text(output, in: outputShape)
    }

    var termWord: String { words.term }

    /// The products shown once the prediction is answered (or its answer revealed): up to the
    /// last one it asks about. While it waits, only those before `beforeTerm` are.
    public func productsShown(answered: Bool) -> Int { answered ? throughTerm : beforeTerm - 1 }

    /// What the prediction leaves to the learner, in words: the products hidden while it waits,
    /// then the bias and ReLU an `output` prediction includes.
    public var work: String {
        switch gradient {
        case nil: work(findingIn: spec.op.isPool ? "in the input grid" : "in the grids")
        case .weight: work(findingIn: "in the input and dY grids")
        case .input where spec.op.isPool: work(findingIn: "in the dY and input grids")
        case .input: work(findingIn: "in the dY and \(spec.op == .dense ? "weights" : "kernel") grids")
        case .bias: work(findingIn: "in the dY grid")
        }
    }

    /// The same, naming where the factors are found (a screen without the grids).
    public func work(findingIn place: String) -> String {
        let (k, m) = (beforeTerm, throughTerm)
        let (one, many) = (termWord.capitalized, termWord.capitalized + "s")
        let which = k == m ? "\(one) \(k) is" : k == 1 && ask == .output ? (m == 2 ? "Both \(termWord)s are" : "All \(m) \(termWord)s are")
            : m == k + 1 ? "\(many) \(k) and \(m) are" : "\(many) \(k) to \(m) are"
        // Each product pairs two factors by role: the second is named, the first found for it.
        let pairing: String
        switch gradient {
        case nil where spec.op.isPool: pairing = k == m ? "its input cell" : "each tap's input cell"
        case nil: pairing = k == m ? "its weight's input" : "each weight's input"
        case .weight: pairing = k == m ? "its dY value's input" : "each dY value's input"
        // A pool's dX: each window's dY times the cell's share of it (won the max, or 1/divisor).
        case .input where spec.op.isPool:
            let share = spec.op == .maxPool ? "whether the cell won that window's max" : "that window's divisor"
            pairing = (k == m ? "its window's dY and " : "each window's dY and ") + share
        case .input: pairing = k == m ? "its weight's dY value" : "each weight's dY value"
        case .bias: pairing = k == m ? "its dY value" : "each dY value of channel \(output.first ?? 0)"
        }
        var text = which + " yours: find " + pairing + " " + place
        if gradient == nil && spec.op.isPool {
            text += words.isMax ? " and keep the largest" : ask == .output ? ", add them, then divide" : " and add them"
        }
        if ask == .output && !finishing.isEmpty {
            text += ", then " + finishing.map { $0 == "the bias" ? "add the bias" : "apply \($0)" }.joined(separator: " and ")
        }
        text += "."
        // A padded cell holds a copy: which input cell it copies is part of the work.
        let o = spec.options
        if gradient == nil, o.paddingMode != .zeros, o.padding != .valid, o.padding != .explicit(.zero) {
            text += " Padding cells copy input cells (\(o.paddingMode.rawValue)): find the one each copies."
        }
        return text
    }

    public var prompt: String {
        switch ask {
        case .sum: return "What is the \(words.running) of \(outputLabel) after \(termWord) \(throughTerm)?"
        case .output where words.isMax: return "What will \(outputLabel) be, the largest of all its taps?"
        case .output where gradient == nil && spec.op.isPool: return "What will \(outputLabel) be once all its taps are added and divided?"
        case .output:
            let include = finishing.isEmpty ? "" : " (Include \(finishing.joined(separator: " and ")).)"
            return "What will \(outputLabel) be once all its \(termWord)s are added?" + include
        }
    }
}

public struct Question: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case number, choice, shape, grid }
    public let id: String
    public let prompt: String
    public let kind: Kind
    public let choices: [String]
    public let expected: Expected
    public let hints: [String]
    /// Grid questions: one hint per row (`row_hints:`), offered while that row is being typed.
    public let rowHints: [String]
    public let explain: String?
    /// `show:`: a layer whose input and kernel are shown above the prompt.
    public let show: ShownLayer?
    /// Wrong answers worth a word of their own (`mistakes:`).
    public var mistakes: [Mistake] = []
    /// `was:`: ids this question had before, whose saved progress is now its own.
    public var formerIDs: [String] = []
    /// What its `from:` reads of a layer's trace, which a stepper before it must not show.
    public var asks: AskedCells?

    public init(id: String, prompt: String, kind: Kind, choices: [String], expected: Expected, hints: [String], explain: String?,
                rowHints: [String] = [], show: ShownLayer? = nil) {
        self.id = id
        self.prompt = prompt
        self.kind = kind
        self.choices = choices
        self.expected = expected
        self.hints = hints
        self.rowHints = rowHints
        self.explain = explain
        self.show = show
    }

    public var exercise: Exercise {
        Exercise(id: id, prompt: prompt, expected: expected, hints: hints, explain: explain, choices: choices, rowHints: rowHints,
                 mistakes: mistakes, formerIDs: formerIDs)
    }
}

/// The cells of a layer a question's answer is read from (`from: {layer, value}`): flat
/// indices into the cells of the op a stepper on `spec` walks (its output, or with `wrt:` a
/// gradient), nil for all of them. Until the question is answered, a stepper on that spec
/// stops before them.
public struct AskedCells: Sendable, Equatable {
    public let spec: LayerSpec
    public let cells: [Int]?
    public init(spec: LayerSpec, cells: [Int]?) {
        self.spec = spec
        self.cells = cells
    }
}

/// A wrong answer learners are known to give, and what to tell them when they do: the
/// cross-correlation value to a convolution question, an output size without the padding.
public struct Mistake: Sendable {
    public let answer: Expected
    public let says: String
    public init(answer: Expected, says: String) {
        self.answer = answer
        self.says = says
    }
}

/// The data a question is about, shown with it: a layer's input and kernel (and bias), and
/// dY when the layer has `grad_output:` (carried as the spec's `gradient`).
public struct ShownLayer: Sendable {
    public let name: String
    public let spec: LayerSpec
    public init(name: String, spec: LayerSpec) {
        self.name = name
        self.spec = spec
    }
}

/// What a learner answers, whatever step it came from.
public struct Exercise: Sendable {
    public let id: String
    public let prompt: String
    public let expected: Expected
    public let hints: [String]
    public let explain: String?
    public let choices: [String]
    /// Grid questions only: a hint for each row, offered while that row is being typed.
    public let rowHints: [String]
    public let mistakes: [Mistake]
    /// Ids the exercise had before it was renamed (`was:`).
    public let formerIDs: [String]
    /// One line naming the exercise among the lesson's (the end screen's rows): the prompt's
    /// first line, or a prediction's own (`PredictStep.label`).
    public let label: String

    public init(id: String, prompt: String, expected: Expected, hints: [String], explain: String?, choices: [String] = [], rowHints: [String] = [],
                mistakes: [Mistake] = [], formerIDs: [String] = [], label: String? = nil) {
        self.label = label ?? prompt.split(separator: "\n").first.map(String.init) ?? ""
        self.mistakes = mistakes
        self.formerIDs = formerIDs
        self.id = id
        self.prompt = prompt
        self.expected = expected
        self.hints = hints
        self.explain = explain
        self.choices = choices
        self.rowHints = rowHints
    }
}

/// A resolved expected answer.
public enum Expected: Sendable, Equatable {
    case number(Double, tolerance: Double)
    /// 1-based index into the choices.
    case choice(Int)
    case shape([Int])
    /// Rows of the grid; a single row for 1-D results.
    case grid([[Double]], tolerance: Double)
}
