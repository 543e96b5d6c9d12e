import Foundation
import Testing
@testable import LessonKit

@Suite struct ParsingTests {
    @Test func theFixtureLoadsWithEveryStepKind() throws {
        let l = try Fixture.small()
        #expect(l.id == "fixture-small")
        #expect(l.steps.count == 7)
        #expect(l.exercises.map(\.id) == ["second-sum", "first-value", "shape", "which", "grid"])
        guard case .stepper(let s) = l.steps[1], case .predict(let p) = l.steps[2], case .question(let q) = l.steps[3] else {
            Issue.record("unexpected step kinds")
            return
        }
        #expect(s.untilStep == 8)
        #expect(p.answer == 3)
        #expect(q.expected == .number(4, tolerance: 1e-6))
        #expect(q.hints.count == 2)
    }

    @Test func theReadmeExampleChecks() throws {
        let readme = try String(contentsOf: Fixture.folder.appendingPathComponent("../../../Lessons/README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let lesson = try parse(String(readme[start.upperBound..<end.lowerBound])).get()
        #expect(lesson.id == "first-output")
    }

    /// Each broken file, and where and what the first error must say.
    static let broken: [(name: String, yaml: String, at: String, says: String)] = [
        ("unknown key", Fixture.header + "steps:\n  - text: hi\n    colour: red\n", "9:5", "unknown key 'colour' in step 1"),
        ("misspelt layer key", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  l:\n    kernal: \"1 0; 0 1\"\nsteps:\n  - text: hi\n", "7:5", "did you mean 'kernel'?"),
        ("wrong type", Fixture.header + "steps:\n  - text: [a, b]\n", "8:11", "text must be a string, not a list"),
        ("topics not a list", "id: t\ntitle: T\nsummary: S\ntopics: conv2d\nsteps:\n  - text: hi\n", "4:9", "topics must be a list, not a string"),
        ("bad grid number", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  l:\n    input: \"1 2 3; 4 x 6\"\nsteps:\n  - text: hi\n", "7:22", "'x' is not a number"),
        ("ragged block grid", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  l:\n    kernel: |\n      1 0\n      0 1 2\nsteps:\n  - text: hi\n", "9:7", "ragged grid"),
        ("missing id", "title: T\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n", "1:1", "the lesson is missing 'id'"),
        ("duplicate question id", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 1}\n  - question: {id: q, prompt: P, kind: number, answer: 2}\n", "9:20", "duplicate exercise id 'q' (first used at line 8)"),
        ("bad shape answer", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: shape, answer: \"3 by 3\"}\n", "8:55", "answer '3 by 3' is not a shape"),
        ("impossible layer", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  big:\n    input: \"1 2; 3 4\"\n    kernel: \"1 0 1; 0 1 0; 1 0 1\"\nsteps:\n  - text: hi\n", "6:3", "layer 'big' does not build: no output rows"),
        ("wrong stated answer", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 5, from: {layer: seed, value: \"output[0,0,0]\"}}\n", "8:56", "answer 5 disagrees with the engine: output[0,0,0] of layer 'seed' is 4"),
        ("unknown layer", Fixture.header + "steps:\n  - stepper: {layer: sed}\n", "8:22", "unknown layer 'sed'; did you mean 'seed'?"),
        ("output index out of range", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 3, 0], before_term: 9, ask: sum}\n", "8:36", "output [0,3,0] is outside the output of layer 'seed'"),
        ("before_term out of range", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 0, 0], before_term: 10, ask: sum}\n", "8:60", "before_term 10 is outside 1...9"),
        ("YAML syntax error", "id: t\ntitle: T: x\n", "2:9", "YAML syntax: mapping values are not allowed"),
        ("unclosed flow list", "id: t\ntopics: [conv2d\n", "3:1", "YAML syntax"),
        ("tab indentation", "id: t\ntitle: T\n\tsummary: S\n", "3:1", "tab character: YAML indentation must use spaces"),
        ("empty file", "", "1:1", "the file is empty"),
        ("only a comment", "# nothing here\n", "1:1", "no YAML document"),
        ("duplicate key", "id: t\ntitle: T\nid: u\n", "3:1", "duplicate key 'id' (first at line 1)"),
        ("not a mapping", "- just\n- a list\n", "1:1", "the lesson must be a mapping"),
        ("unknown topic", "id: t\ntitle: T\nsummary: S\ntopics: [im2cl]\nsteps:\n  - text: hi\n", "4:10", "unknown topic 'im2cl'; did you mean 'im2col'?"),
        ("bad id", "id: Big_ID\ntitle: T\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n", "1:5", "id 'Big_ID' must use only lowercase"),
        ("two kinds in a step", Fixture.header + "steps:\n  - text: hi\n    stepper: {layer: seed}\n", "9:5", "step 1 has both 'text' and 'stepper'"),
        ("from on a choice", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: choice, choices: [a, b], answer: 1, from: {layer: seed, value: steps}}\n", "8:76", "from: is not allowed for choice questions"),
        ("choice out of range", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: choice, choices: [a, b], answer: 3}\n", "8:73", "answer 3 is not a choice"),
        ("reference of the wrong kind", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, from: {layer: seed, value: output-shape}}\n", "8:75", "gives a shape answer, but this question's kind is number"),
        ("unknown reference", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, from: {layer: seed, value: weights}}\n", "8:75", "value 'weights' is not one of"),
        ("stepper on im2col", "id: t\ntitle: T\nsummary: S\ntopics: [im2col]\nlayers:\n  cols: {op: im2col}\nsteps:\n  - stepper: {layer: cols}\n", "8:22", "is im2col"),
        ("bad padding", "id: t\ntitle: T\nsummary: S\ntopics: [padding]\nlayers:\n  l: {padding: lots}\nsteps:\n  - text: hi\n", "6:16", "padding must be valid, same, full"),
        ("missing grid file", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  l: {input: nowhere.txt}\nsteps:\n  - text: hi\n", "6:14", "no such grid file 'nowhere.txt'"),
        ("undefined alias", "id: *nothing\n", "1:5", "YAML syntax: found undefined alias"),
        ("an answer nobody can type", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: \"1/3\"}\n", "8:56", "the answer 0.3333… cannot be typed exactly; add tolerance"),
        ("unclosed quote", "id: t\ntitle: \"T\nsummary: S\ntopics: [conv2d]\n", "2:8", "this quoted string is never closed"),
        ("duplicate key in a CRLF file", "id: t\r\ntitle: T\r\nid: u\r\n", "3:1", "duplicate key 'id' (first at line 1)"),
        ("show: an unknown layer", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 4, show: sed}\n", "8:65", "show: unknown layer 'sed'; did you mean 'seed'?"),
        ("row_hints on a number", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 4, row_hints: [a]}\n", "8:59", "row_hints are only for kind: grid"),
        ("row_hints, one short", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: grid, answer: \"1 2; 3 4\", row_hints: [a]}\n", "8:66", "row_hints has 1 hint but the grid has 2 rows"),
        ("plain: next to a stepper", Fixture.header + "steps:\n  - stepper: {layer: seed}\n    plain: hi\n", "9:5", "plain: goes next to text:"),
        ("plain: on its own", Fixture.header + "steps:\n  - plain: hi\n", "8:5", "step 1 needs one of text, stepper, predict, question"),
        ("a mistake that is right", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 4, mistakes: [{answer: 4, says: x}]}\n", "8:79", "mistake 4 is the right answer (4)"),
        ("a grid mistake of another shape", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: grid, answer: \"1 2\", mistakes: [{answer: \"2 1 3\", says: x}]}\n", "8:81", "mistake grid has 1 row of 3 numbers; the answer's rows have 2"),
        ("a grid mistake that is right", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: grid, answer: \"1 2\", mistakes: [{answer: \"1 2\", says: x}]}\n", "8:81", "is the right answer"),
        ("a mistake without words", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 4, mistakes: [{answer: 5}]}\n", "8:70", "a mistake is missing 'says'"),
        ("a prediction nobody can type", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  third: {input: \"1 1; 1 1\", kernel: \"1/3 1/3; 1/3 1/3\"}\nsteps:\n  - predict: {layer: third, output: [0, 0, 0], before_term: 1, through: 2, ask: sum}\n", "8:76", "cannot be typed exactly"),
        ("a prediction of the last product", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 0, 0], before_term: 9, ask: output}\n", "8:60", "asks for 1 product (product 9 of 9); a prediction needs at least 2 products of work (before_term 8 or less)"),
        ("a sum of one product", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 0, 0], before_term: 3, ask: sum}\n", "8:60", "at least 2 products of work (through: 4 or more)"),
        ("through past the output", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 0, 0], before_term: 3, through: 10, ask: sum}\n", "8:72", "through 10 is outside 3...9"),
        ("through on an output", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 0, 0], before_term: 3, through: 5, ask: output}\n", "8:72", "through is only for ask: sum"),
        ("was: not an id", Fixture.header + "steps:\n  - question: {id: q, was: \"a b\", prompt: P, kind: number, answer: 4}\n", "8:28", "was: 'a b' is not an exercise id"),
        ("was: an id in use", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 4}\n  - question: {id: r, was: [q], prompt: P, kind: number, answer: 4}\n", "9:28", "was: 'q' is the id of the exercise at line 8"),
        ("an id retired before", Fixture.header + "steps:\n  - question: {id: r, was: q, prompt: P, kind: number, answer: 4}\n  - question: {id: q, prompt: P, kind: number, answer: 4}\n", "9:20", "exercise id 'q' is retired by was: at line 8"),
        ("an id ending in a newline", Fixture.header + "steps:\n  - question: {id: \"a\\n\", prompt: P, kind: number, answer: 4}\n", "8:20", "id 'a\n' must use only letters"),
        ("was: ending in a newline", Fixture.header + "steps:\n  - question: {id: a, was: \"x\\n\", prompt: P, kind: number, answer: 4}\n", "8:28", "was: 'x\n' is not an exercise id"),
        ("a lesson id ending in a newline", "id: \"t-w6\\n\"\ntitle: T\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n", "1:5", "id 't-w6\n' must use only lowercase"),
        ("dense with a stride", "id: t\ntitle: T\nsummary: S\ntopics: [dense]\nlayers:\n  d: {op: dense, input: \"1 2\", weights: \"1 1\", flip: true, stride: 2}\nsteps:\n  - text: hi\n", "6:60", "stride does not apply to dense: a fully connected layer has no sliding window"),
        ("output_padding on conv2d", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  c: {input: \"1 2; 3 4\", kernel: \"1\", output_padding: 1}\nsteps:\n  - text: hi\n", "6:39", "output_padding only applies to conv-transpose"),
        ("im2col with a ReLU", "id: t\ntitle: T\nsummary: S\ntopics: [im2col]\nlayers:\n  h: {op: im2col, input: \"1 2; 3 4\", kernel: \"1\", relu: true}\nsteps:\n  - text: hi\n", "6:51", "relu does not apply to im2col"),
        ("a prediction whose bias is 0", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  zb: {input: \"1 2; 3 4\", kernel: \"1 1; 1 1\", padding: 1, bias: \"0\"}\nsteps:\n  - predict: {id: p, layer: zb, output: [0, 0, 1], before_term: 4, ask: output}\n", "8:65", "asks for 1 product (product 4 of 4)"),
        ("a sum on a 1-product layer", "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  one: {input: \"1 2; 3 4\", kernel: \"2\"}\nsteps:\n  - predict: {id: p, layer: one, output: [0, 0, 1], before_term: 1, ask: sum}\n", "8:66", "(ask: output on a layer with a non-zero bias or a ReLU, or a layer whose outputs have 2 or more products)"),
        ("through too large", Fixture.header + "steps:\n  - predict: {layer: seed, output: [0, 0, 0], before_term: 3, through: 99999999999999999999, ask: sum}\n", "8:72", "through is far too large; it must be within 3...9"),
        ("a mistake given twice", Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 4, mistakes: [{answer: 5, says: x}, {answer: 5.0, says: y}]}\n", "8:101", "mistake 5 repeats the mistake at line 8"),
        ("a grid mistake's row shadowed", Fixture.header + "steps:\n  - question:\n      id: q\n      prompt: P\n      kind: grid\n      from: {layer: seed, value: output}\n      mistakes:\n        - {answer: \"4 3 4; 3 4 2; 2 3 4\", says: x}\n        - {answer: \"4 3 4; 3 4 2; 9 9 9\", says: y}\n", "15:20", "row 2 of this mistake is row 2 of the mistake at line 14"),
        ("was: through an alias", Fixture.header + "steps:\n  - question: {id: &i q, was: &w [a, b], prompt: P, kind: number, answer: 4}\n  - question: {id: q2, was: *w, prompt: P, kind: number, answer: 4}\n", "9:24", "was: 'a' is already retired at line 8"),
        ("id: through an alias", Fixture.header + "steps:\n  - question: {id: &i q, prompt: P, kind: number, answer: 4}\n  - question: {id: *i, prompt: P, kind: number, answer: 4}\n", "9:16", "duplicate exercise id 'q' (first used at line 8)"),
        ("was: a default id", Fixture.header + "steps:\n  - text: a\n  - predict: {layer: seed, output: [0, 0, 2], before_term: 6, ask: output}\n  - predict: {was: step-2, layer: seed, output: [0, 0, 1], before_term: 6, ask: output}\n", "10:20", "was: 'step-2' is the default id of the predict without id: at line 9; give both predicts an id: and keep was:"),
        ("a default id taken", Fixture.header + "steps:\n  - question: {id: step-2, prompt: P, kind: number, answer: 4}\n  - predict: {layer: seed, output: [0, 0, 2], before_term: 6, ask: output}\n", "9:14", "this predict has no id:, so its progress is kept under its default id 'step-2', which the exercise at line 8 already uses; give it an id:"),
        ("was: its own id", Fixture.header + "steps:\n  - question: {id: a, was: a, prompt: P, kind: number, answer: 4}\n", "8:28", "was: 'a' is this exercise's own id"),
        ("was: an id twice", Fixture.header + "steps:\n  - question: {id: a, was: [x, x], prompt: P, kind: number, answer: 4}\n", "8:28", "was: lists 'x' twice"),
        ("was: nothing", Fixture.header + "steps:\n  - question: {id: a, was: [], prompt: P, kind: number, answer: 4}\n", "8:28", "was: is an empty list"),
        ("was: retired twice", Fixture.header + "steps:\n  - question: {id: r, was: q, prompt: P, kind: number, answer: 4}\n  - predict: {id: s, was: [q], layer: seed, output: [0, 0, 0], before_term: 1, ask: output}\n", "9:27", "was: 'q' is already retired at line 8"),
    ]

    @Test(arguments: broken.indices)
    func brokenFilesPointAtTheProblem(_ i: Int) {
        let c = Self.broken[i]
        let problems = parse(c.yaml).problems
        #expect(!problems.isEmpty, "\(c.name): should fail")
        let first = problems.first ?? ""
        #expect(first.hasPrefix(c.at + ": "), "\(c.name): \(problems)")
        #expect(first.contains(c.says), "\(c.name): \(problems)")
    }

    @Test func everyProblemInAFileIsReported() {
        let yaml = Fixture.header + """
            steps:
              - text: hi
                colour: red
              - question: {id: q, prompt: P, kind: number, answer: 5, from: {layer: seed, value: "output[0,0,0]"}}
              - stepper: {layer: nope}
            """
        #expect(parse(yaml).problems.count == 3)
    }

    @Test func errorsNameTheFileLikeACompiler() throws {
        let dir = try temporaryFolder()
        let path = dir.appendingPathComponent("bad.yaml").path
        try "id: t\ntitle: T: x\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failure(let e) = LessonReader.load(path: path) else { Issue.record("should fail"); return }
        #expect(e.diagnostics.map(\.description) == ["\(path):2:9: error: YAML syntax: mapping values are not allowed in this context"])
    }

    @Test func aToleranceMakesRoundedAnswersTypable() throws {
        let yaml = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  third: {input: \"1 1; 1 1\", kernel: \"1/3 1/3; 1/3 1/3\"}\nsteps:\n  - predict: {layer: third, output: [0, 0, 0], before_term: 1, through: 2, ask: sum, tolerance: 0.001}\n  - question: {id: q, prompt: P, kind: number, answer: 1.333, tolerance: 0.001, from: {layer: third, value: \"output[0,0,0]\"}}\n"
        let lesson = try parse(yaml).get()
        let expected: [Expected] = [.number(2.0 / 3, tolerance: 0.001), .number(4.0 / 3, tolerance: 0.001)]
        #expect(lesson.exercises.map(\.expected) == expected)
        #expect(Answers.check("0.6667", against: lesson.exercises[0].expected) == .correct)
    }

    /// `show:`, `row_hints:`, `plain:` and `plain_note:` reach the model.
    @Test func formatAdditionsAreRead() throws {
        let yaml = Fixture.header + """
            steps:
              - text: Press *d* for the dot product.
                plain: The dot product is printed below.
              - stepper: {layer: seed, note: "→ steps", plain_note: "Worked sums:"}
              - stepper: {layer: seed, note: "G jumps to the end", plain_note: ""}
              - question:
                  id: g
                  show: seed
                  prompt: Type the output.
                  kind: grid
                  from: {layer: seed, value: output}
                  row_hints: [a, b, c]
            """
        let lesson = try parse(yaml).get()
        #expect(lesson.text(ofStep: 0, plain: false) == "Press *d* for the dot product.")
        #expect(lesson.text(ofStep: 0, plain: true) == "The dot product is printed below.")
        guard case .stepper(let a) = lesson.steps[1], case .stepper(let b) = lesson.steps[2], case .question(let q) = lesson.steps[3] else {
            Issue.record("unexpected steps")
            return
        }
        #expect(a.note(plain: false) == "→ steps" && a.note(plain: true) == "Worked sums:")
        #expect(b.note(plain: false) == "G jumps to the end" && b.note(plain: true) == nil, "an empty plain_note says nothing")
        #expect(q.show?.name == "seed" && q.show?.spec.kernel.shape == [3, 3])
        #expect(q.exercise.rowHints == ["a", "b", "c"])
    }

    /// `was:` carries a renamed exercise's saved progress over; a record under the new id wins.
    @Test func renamedExercisesKeepTheirProgress() throws {
        let yaml = Fixture.header + """
            steps:
              - question: {id: neuron-2, was: neuron-1, prompt: P, kind: number, answer: 4}
              - question: {id: q, was: [old-a, old-b], prompt: P, kind: number, answer: 4}
              - question: {id: kept, was: gone, prompt: P, kind: number, answer: 4}
            """
        let lesson = try parse(yaml).get()
        var learner = LearnerProgress()
        var saved = LessonProgress()
        func record(_ attempts: Int, solved: Bool = false, skipped: Bool = false) -> ExerciseProgress {
            var r = ExerciseProgress()
            (r.attempts, r.solved, r.skipped) = (attempts, solved, skipped)
            return r
        }
        saved.exercises = ["neuron-1": record(2, solved: true), "old-b": record(1, skipped: true), "kept": record(5), "gone": record(9, solved: true)]
        learner.lessons["t"] = saved
        let p = try #require(learner.progress(of: lesson))
        #expect(p.exercises["neuron-2"]?.solved == true && p.exercises["q"]?.skipped == true)
        #expect(p.exercises["kept"]?.attempts == 5, "the new id's own record wins")
        let session = LessonSession(lesson: lesson, progress: p)
        #expect(session.record?.solved == true, "the first question shows as answered")
    }

    /// Predict prompts name the output as the stepper's equation does.
    @Test func predictPromptsUseTheStepperLabels() throws {
        let yaml = Fixture.header + """
              two: {kernel: "1 0 1; 0 1 0; 1 0 1 || 1 1 1; 0 0 0; 1 1 1"}
              biased: {bias: "-3", relu: true}
            steps:
              - predict: {layer: seed, output: [0, 0, 1], before_term: 7, through: 9, ask: sum}
              - predict: {layer: two, output: [1, 2, 0], before_term: 2, ask: output}
              - predict: {layer: biased, output: [0, 0, 0], before_term: 9, ask: output}
            """
        let lesson = try parse(yaml).get()
        let prompts = lesson.exercises.map(\.prompt)
        // A sum through the last product equals the output; a bias and ReLU after the last
        // product are work enough on their own.
        #expect(lesson.exercises.map(\.expected) == [.number(3, tolerance: 1e-6), .number(3, tolerance: 1e-6), .number(1, tolerance: 1e-6)])
        #expect(prompts == [
            "What is the running sum of out(0,1) after product 9?",
            "What will out(1,2,0) be once all its products are added?",
            "What will out(0,0) be once all its products are added? (Include the bias and the ReLU.)",
        ])
    }

    @Test func gridFilesAreReadRelativeToTheLesson() throws {
        let dir = try temporaryFolder()
        try "1 2\n3 4\n".write(to: dir.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        let yaml = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  l: {input: in.txt, kernel: \"1 1; 1 1\"}\nsteps:\n  - question: {id: q, prompt: P, kind: number, answer: 10, from: {layer: l, value: \"output[0,0,0]\"}}\n"
        let lesson = try LessonReader.parse(yaml, file: "t.yaml", folder: dir).get()
        #expect(lesson.layers["l"]?.input.shape == [2, 2])
    }
}
