import Testing
@testable import LessonKit

/// No step may vanish without a word: a lesson either keeps every step it lists or reports why.
@Suite struct SilentDropTests {
    static let gridShapes = ["[\"4 3 4\", \"2 4 3\", \"2 3 4\"]", "[1, 2, 3]", "{a: 1}", "[]", "{}", "[[1]]", "[5]"]

    @Test(arguments: gridShapes)
    func aGridAnswerThatIsNotAStringIsReportedAtItsPlace(_ shape: String) {
        let yaml = Fixture.header + "steps:\n  - question: {id: g1, prompt: P, kind: grid, answer: \(shape)}\n"
        let problems = parse(yaml).problems
        #expect(problems.first?.hasPrefix("8:55: answer must be a grid string") == true, "\(problems)")
    }

    @Test(arguments: gridShapes)
    func aGridMistakeThatIsNotAStringIsReportedAtItsPlace(_ shape: String) {
        let yaml = Fixture.header + """
            steps:
              - question:
                  id: g2
                  prompt: P
                  kind: grid
                  from: {layer: seed, value: output}
                  mistakes:
                    - {answer: \(shape), says: list}
            """
        let problems = parse(yaml).problems
        #expect(problems.first?.hasPrefix("14:20: answer must be a grid string") == true, "\(problems)")
    }

    /// Every field of every step kind, given each wrong shape of value: the lesson is refused
    /// with a reason, or it keeps all its steps.
    static let steps: [String: String] = [
        "number": "question: {id: q, prompt: P, kind: number, answer: 4, hints: [h], explain: E, tolerance: 0, mistakes: [{answer: 5, says: s}], show: seed}",
        "choice": "question: {id: q, prompt: P, kind: choice, choices: [a, b], answer: 1, mistakes: [{answer: 2, says: s}]}",
        "shape": "question: {id: q, prompt: P, kind: shape, answer: 3x3, mistakes: [{answer: 5x5, says: s}]}",
        "grid answer": "question: {id: q, prompt: P, kind: grid, answer: \"4 3 4; 2 4 3; 2 3 4\", tolerance: 0, mistakes: [{answer: \"4 3 4; 2 4 3; 2 3 5\", says: s}]}",
        "grid": "question: {id: q, prompt: P, kind: grid, from: {layer: seed, value: output}, row_hints: [a, b, c], mistakes: [{answer: \"4 3 4; 2 4 3; 2 3 5\", says: s}]}",
        "predict": "predict: {id: p, was: o, layer: seed, output: [0, 0, 1], before_term: 3, through: 5, ask: sum, hints: [h], mistakes: [{answer: 0, says: s}]}",
        "stepper": "stepper: {layer: seed, until: {output: [0, 0, 1]}, note: N, plain_note: M}",
    ]
    static let wrongShapes = ["[]", "{}", "[[1]]", "[5]", "{a: 1}", "~", "\"\"", "7", "-1", "x", "[a, b]", "{answer: 1}", "true", "1e400", "\"1 2; 3\""]

    @Test(.timeLimit(.minutes(10)))
    func noFieldShapeDropsAStepSilently() throws {
        var cases = 0
        for (kind, step) in Self.steps {
            let keys = step.matches(of: #/[{ ]([a-z_]+): /#).map { String($0.1) }
            #expect(keys.count >= 3)
            for key in Set(keys) {
                for shape in Self.wrongShapes {
                    let yaml = Fixture.header + "steps:\n  - text: before\n  - \(Self.replacing(key, in: step, with: shape))\n  - text: after\n"
                    cases += 1
                    if case .success(let lesson) = parse(yaml) {
                        #expect(lesson.steps.count == 3, "\(kind): \(key): \(shape) dropped a step")
                    }
                }
            }
        }
        #expect(cases > 200)
    }

    /// The first `key: value` in a flow mapping with its value (a scalar, list or mapping) replaced.
    static func replacing(_ key: String, in step: String, with shape: String) -> String {
        guard let r = step.range(of: " \(key): ") ?? step.range(of: "{\(key): ") else { return step }
        var depth = 0
        var end = r.upperBound
        while end < step.endIndex {
            let c = step[end]
            if "[{".contains(c) { depth += 1 }
            if "]}".contains(c) { if depth == 0 { break }; depth -= 1 }
            if c == "," && depth == 0 { break }
            end = step.index(after: end)
        }
        return String(step[..<r.upperBound]) + shape + String(step[end...])
    }

    /// A broken step repeated through an alias reports nothing new, yet it did report: the
    /// guard must not add a second, vaguer error for it.
    @Test func aRepeatedBrokenStepIsNotCalledUnreadable() {
        let yaml = Fixture.header + "steps:\n  - &s {text: [1]}\n  - *s\n"
        let problems = parse(yaml).problems
        #expect(problems == ["8:15: text must be a string, not a list"], "\(problems)")
    }
}
