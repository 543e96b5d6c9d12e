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

    public init(id: String, title: String, summary: String, topics: [String], layers: [String: LayerSpec], steps: [LessonStep], file: String) {
        self.id = id
        self.title = title
        self.summary = summary
        self.topics = topics
        self.layers = layers
        self.steps = steps
        self.file = file
    }

    /// Questions and predictions, in order: the things a learner answers.
    public var exercises: [Exercise] { steps.compactMap(\.exercise) }

    public static let knownTopics: [String] = [
        "conv2d", "dot-product", "cross-correlation", "padding", "stride", "dilation", "channels", "pointwise",
        "depthwise", "dense", "im2col", "bias-activation", "image-kernels", "transposed",
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
    public let layerName: String
    public let spec: LayerSpec
    /// 0-based trace index to autoplay to (the last product of `until.output`, or `until.step` − 1);
    /// nil lets the learner step freely.
    public let untilStep: Int?
    public let note: String?
}

public struct PredictStep: Sendable {
    public enum Ask: String, Sendable { case sum, output }
    public let id: String
    public let layerName: String
    public let spec: LayerSpec
    /// Flat (row-major) index of the output, and its multi-index as written.
    public let outputFlat: Int
    public let output: [Int]
    /// 1-based: the stepper shows products 1..<beforeTerm and pauses.
    public let beforeTerm: Int
    public let ask: Ask
    /// The running sum after product `beforeTerm` (ask: sum) or the finished output (ask: output).
    public let answer: Double
    public let tolerance: Double
    public let hints: [String]
    public let explain: String?

    public var exercise: Exercise {
        Exercise(id: id, prompt: prompt, expected: .number(answer, tolerance: tolerance), hints: hints, explain: explain)
    }

    public var prompt: String {
        let at = output.map(String.init).joined(separator: ",")
        switch ask {
        case .sum: return "What is the running sum of output (\(at)) after product \(beforeTerm)?"
        case .output: return "What will output (\(at)) be once all its products are added?"
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
    public let explain: String?

    public var exercise: Exercise {
        Exercise(id: id, prompt: prompt, expected: expected, hints: hints, explain: explain, choices: choices)
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

    public init(id: String, prompt: String, expected: Expected, hints: [String], explain: String?, choices: [String] = []) {
        self.id = id
        self.prompt = prompt
        self.expected = expected
        self.hints = hints
        self.explain = explain
        self.choices = choices
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
