import ConvKit
import Foundation
import Testing
@testable import LessonKit

@Suite struct StackFileTests {
    static let examples = Fixture.folder.appendingPathComponent("../../../Examples").standardizedFileURL

    /// `file:line:col: message` of each problem, or [] when the stack loads.
    func problems(_ yaml: String, in folder: URL = Fixture.folder) -> [String] {
        do {
            _ = try StackFile.parse(yaml, file: "s.yaml", in: .disk(folder.path))
            return []
        } catch let e as LessonErrors {
            return e.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test func aStackFeedsEachLayerTheOutputBefore() throws {
        let yaml = """
        input: "1 2 3 4; 5 6 7 8; 9 10 11 12; 13 14 15 16"
        layers:
          - kernel: "1 0; 0 -1"
            relu: true
          - op: max-pool
            pool_size: 2
        """
        let stack = try StackFile.parse(yaml, file: "s.yaml", in: .disk(Fixture.folder.path))
        #expect(stack.specs.map(\.op) == [.conv2d, .maxPool])
        // Every 2×2 difference x[i,j] − x[i+1,j+1] is −5; the ReLU makes it 0.
        #expect(stack.outputs[0].data == Array(repeating: 0, count: 9))
        #expect(stack.outputs[1].shape == [1, 1, 1])
    }

    @Test func theExamplesLoad() throws {
        let two = try StackFile.load(path: Self.examples.appendingPathComponent("two-3x3.yaml").path)
        #expect(two.layers.map(\.outputShape) == [[1, 5, 5], [1, 3, 3]])
        let pooled = try StackFile.load(path: Self.examples.appendingPathComponent("conv-pool-conv.yaml").path)
        #expect(pooled.layers.map(\.outputShape) == [[1, 8, 8], [1, 4, 4], [1, 3, 3]])
    }

    @Test func aLayerThatDoesNotFitIsReportedAtItsItemWithBothShapes() {
        let yaml = """
        input: "1 2 3; 4 5 6; 7 8 9"
        layers:
          - kernel: "1 1; 1 1"
          - kernel: "1 1 1; 1 1 1; 1 1 1"
        """
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p.first?.hasPrefix("4:5: layer 2 (conv2d) does not fit the output of layer 1, [1,2,2]: ") == true)
    }

    @Test func keysAreCheckedWhereTheyAreWritten() {
        #expect(problems("input: \"1 2; 3 4\"\nlayers:\n  - kernel: \"1\"\n    input: \"1\"\n")
            == ["4:5: unknown key 'input' in layer 1 (allowed: op, kernel, weights, bias, stride, padding, output_padding, dilation, groups, flip, relu, pool_size, ceil_mode, padding_mode)"])
        #expect(problems("input: \"1 2; 3 4\"\nlayers:\n  - op: avg-pool\n").first == "3:5: layer 1 is a avg-pool and needs pool_size: N or \"H,W\"")
        #expect(problems("input: \"1 2; 3 4\"\nlayers:\n  - stride: 0\n").first?.hasPrefix("3:13: stride") == true)
        #expect(problems("input: \"1 2; 3 4 5\"\nlayers:\n  - {}\n").first?.hasPrefix("1:9: input: row 2 has 3 numbers") == true)
        #expect(problems("layers:\n  - kernel: \"1\"\n") == ["1:1: the stack is missing 'input'"])
        // Hostile QA r25: `{}` was silently the seed's X kernel; a pool needs none.
        #expect(problems("input: \"1 2; 3 4\"\nlayers:\n  - {}\n") == ["3:5: layer 1 has no kernel: give kernel: (a stack layer has no seed example to fall back on)"])
        #expect(problems("input: \"1 2; 3 4\"\nlayers:\n  - {op: max-pool, pool_size: 2}\n") == [])
        // A list where a grid string goes is an error, never the seed kernel in its place.
        #expect(problems("input: \"1 2; 3 4\"\nlayers:\n  - kernel: [1, 2]\n    bias: {a: 1}\n")
            == ["3:13: kernel must be a string, not a list", "4:11: bias must be a string, not a mapping"])
        #expect(problems("input: \"1\"\nlayers: []\n") == ["2:9: layers is empty; a stack needs input and layers"])
        #expect(problems("") == ["1:1: the file is empty; a stack needs input and layers"])
    }

    @Test func anInputFileIsReadOnlyFromTheStacksFolder() throws {
        let dir = try temporaryFolder()
        try "1 2 3; 4 5 6; 7 8 9\n".write(to: dir.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
        #expect(problems("input: x.txt\nlayers:\n  - kernel: \"1 1; 1 1\"\n", in: dir) == [])
        #expect(problems("input: ../x.txt\nlayers:\n  - kernel: \"1\"\n", in: dir) == ["1:8: input: data files must be inside the stack's folder"])
    }

    @Test func aMissingFileIsOneDiagnosticAtItsStart() {
        #expect(throws: LessonErrors.self) { try StackFile.load(path: "/nonexistent/stack.yaml") }
    }

    // MARK: a lesson's stacks and `from: {stack: …}`

    static let lessonStack = """
        stacks:
          two:
            input: "1 2 3 0 1; 0 1 2 3 1; 1 0 1 2 2; 2 1 0 1 3; 3 2 1 0 1"
            layers:
              - kernel: "1 1 1; 1 1 1; 1 1 1"
              - kernel: "1 1 1; 1 1 1; 1 1 1"
        steps:
          - question:
              id: q
              prompt: How wide is one layer-2 output's field?
              kind: number

        """

    /// The lesson header, a stack and one question whose `from:` is `from`.
    func lesson(_ from: String, kind: String = "number", stacks: String = lessonStack) -> Result<Lesson, LessonErrors> {
        let text = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\n" + stacks.replacingOccurrences(of: "kind: number", with: "kind: \(kind)") + "      from: \(from)\n"
        return LessonReader.parse(text, file: "t.yaml", folder: Fixture.folder)
    }

    func expected(_ r: Result<Lesson, LessonErrors>) throws -> Expected? {
        guard case .question(let q) = try r.get().steps.first else { return nil }
        return q.expected
    }

    @Test func aLessonAsksAboutItsStack() throws {
        #expect(try expected(lesson("{stack: two, value: rf}")) == .number(5, tolerance: 1e-6))
        #expect(try expected(lesson("{stack: two, layer: 1, value: rf}")) == .number(3, tolerance: 1e-6))
        #expect(try expected(lesson("{stack: two, layer: 2, value: start}")) == .number(2, tolerance: 1e-6))
        #expect(try expected(lesson("{stack: two, value: size}")) == .number(1, tolerance: 1e-6))
        #expect(try expected(lesson("{stack: two, value: jump}")) == .number(1, tolerance: 1e-6))
        // Every input cell weighted by its path count (the centre 9 times, a corner once).
        #expect(try expected(lesson("{stack: two, value: \"output[0,0,0]\"}")) == .number(104, tolerance: 1e-6))
        #expect(try expected(lesson("{stack: two, layer: 1, value: output}", kind: "grid"))
            == .grid([[11, 14, 15], [8, 11, 15], [11, 8, 11]], tolerance: 1e-6))
    }

    @Test func aStackReferenceIsCheckedAtItsKeys() {
        #expect(lesson("{stack: tow, value: rf}").problems == ["16:21: unknown stack 'tow'; did you mean 'two'?"])
        #expect(lesson("{stack: two, layer: 3, value: rf}").problems == ["16:33: layer 3 is not in stack 'two', which has 2 layers (counted from 1)"])
        #expect(lesson("{stack: two, value: area}").problems == ["16:33: value 'area' of a stack is not one of output, output[c,i,j], rf, jump, start or size"])
        #expect(lesson("{stack: two, value: output}").problems == ["16:33: value 'output' gives a grid answer, but this question's kind is number"])
        #expect(lesson("{stack: two, value: \"output[0,3,0]\"}").problems == ["16:33: output[0,3,0] is outside the output of layer 2 of stack 'two', whose shape is [1,1,1] (indices are 0-based, one per dimension)"])
    }

    /// A 1×3 then 3×3 stack: its field is 3 rows by 5 columns, so `rf` has no one number,
    /// while its jump (1 both ways) still does.
    @Test func aFieldThatDiffersByAxisIsNotOneNumber() throws {
        let wide = Self.lessonStack.replacingOccurrences(of: "      - kernel: \"1 1 1; 1 1 1; 1 1 1\"\n      - kernel", with: "      - kernel: \"1 1 1\"\n      - kernel")
        #expect(lesson("{stack: two, value: rf}", stacks: wide).problems == ["16:33: rf of layer 2 of stack 'two' differs along rows (3) and columns (5); a question takes one number"])
        #expect(try expected(lesson("{stack: two, value: jump}", stacks: wide)) == .number(1, tolerance: 1e-6))
    }

    @Test func aBrokenStackIsReportedWhereItIsWritten() {
        let misfit = Self.lessonStack.replacingOccurrences(of: "1 1 1; 1 1 1; 1 1 1\"\nsteps", with: "1 1 1 1; 1 1 1 1\"\nsteps")
        let p = lesson("{stack: two, value: rf}", stacks: misfit).problems
        #expect(p.first?.hasPrefix("10:9: layer 2 (conv2d) does not fit the output of layer 1, [1,3,3]: ") == true, "\(p)")
        #expect(p.dropFirst() == ["16:21: stack 'two' has errors of its own (reported at its definition), so no step or answer can use it"])
    }

    @Test func aLessonNamesAStackFileBesideIt() throws {
        let dir = try temporaryFolder()
        try "input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n".write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        try "input: \"1 2\"\nlayers:\n  - kernel: \"1 1 1\"\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        func load(_ file: String) -> Result<Lesson, LessonErrors> {
            let text = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nstacks:\n  s: \(file)\nsteps:\n  - question:\n      id: q\n      prompt: P\n      kind: number\n      from: {stack: s, value: \"output[0,1,1]\"}\n"
            return LessonReader.parse(text, file: "t.yaml", folder: dir)
        }
        guard case .question(let q) = try load("s.yaml").get().steps.first else { throw ReadmeExampleMissing(heading: "question") }
        #expect(q.expected == .number(28, tolerance: 1e-6))
        #expect(load("sub/s.yaml").problems.first?.hasPrefix("6:6: stack file 'sub/s.yaml' must be in the lesson's own folder") == true)
        #expect(load("none.yaml").problems.first?.hasPrefix("6:6: no such stack file 'none.yaml'") == true)
        // A symlink beside the lesson that leads out of its folder is not followed.
        let outside = try temporaryFolder().appendingPathComponent("s.yaml")
        try FileManager.default.copyItem(at: dir.appendingPathComponent("s.yaml"), to: outside)
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link.yaml"), withDestinationURL: outside)
        #expect(load("link.yaml").problems.first == "6:6: stack file 'link.yaml' must be inside the lesson's folder")
        let bad = (try? load("bad.yaml").get()) == nil
        #expect(bad)
        if case .failure(let e) = load("bad.yaml") { #expect(e.diagnostics.first?.file == dir.path + "/bad.yaml") }
    }

    @Test func theReadmeExampleLoads() throws {
        let lesson = try readmeExample(under: "## Stacks", topic: "receptive-field")
        guard case .question(let q) = lesson.steps.first else { throw ReadmeExampleMissing(heading: "## Stacks") }
        #expect(q.expected == .number(5, tolerance: 1e-6))
        #expect(q.mistakes.map(\.answer) == [.number(6, tolerance: 1e-6)])
    }
}

/// A stack file sits beside the lessons that name it: the folder checks it as a stack and
/// lists it as no lesson, on disk and embedded alike.
@Suite(.timeLimit(.minutes(10))) struct StackFileInFolderTests {
    static let lesson = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nstacks:\n  s: s.yaml\nsteps:\n  - question:\n      id: q\n      prompt: P\n      kind: number\n      from: {stack: s, value: \"output[0,1,1]\"}\n"
    static let stack = "# a stack\ninput: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n"

    static func folder(_ stack: String) -> LessonFolder {
        .embedded(EmbeddedFiles(display: "Lessons", files: ["01-t.yaml": Array(lesson.utf8), "s.yaml": Array(stack.utf8)]))
    }

    @Test func aStackFileBesideALessonIsNoLesson() {
        let c = LessonLibrary.load(Self.folder(Self.stack))
        #expect(c.diagnostics.isEmpty, "\(c.diagnostics.map(\.description))")
        #expect(c.lessons.map(\.id) == ["t"] && c.broken.isEmpty)
        #expect(c.fileCount == 1 && c.stackFileCount == 1)
    }

    /// Its own errors, at its own lines, once (the lesson naming it reports them too), and
    /// the menu still lists no broken lesson for it.
    @Test func aBrokenStackFileIsReportedAsAStackOnce() {
        let c = LessonLibrary.load(Self.folder(Self.stack.replacingOccurrences(of: "1 1; 1 1", with: "1 1 1 1")))
        #expect(c.diagnostics.map(\.description).filter { $0.hasPrefix("Lessons/s.yaml") }.count == 1, "\(c.diagnostics.map(\.description))")
        #expect(c.diagnostics.first?.description.hasPrefix("Lessons/s.yaml:4:5: error: layer 1 (conv2d) does not fit") == true, "\(c.diagnostics.map(\.description))")
        #expect(c.broken.map(\.file) == ["Lessons/01-t.yaml"])
    }

    /// A file a lesson names under `stacks:` is checked as a stack even when a misspelt key
    /// hides what it is: its own errors, never a lesson's "missing 'title'".
    @Test func aNamedStackFileIsAStackHoweverBroken() {
        let c = LessonLibrary.load(Self.folder(Self.stack.replacingOccurrences(of: "input:", with: "inptu:")))
        let messages = c.diagnostics.map(\.description)
        #expect(c.fileCount == 1 && c.stackFileCount == 1, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("Lessons/s.yaml:2:1: error: unknown key 'inptu'") } && !messages.contains { $0.contains("missing 'title'") }, "\(messages)")
        #expect(StackFile.namedStackFiles(Self.lesson) == ["s.yaml"])
        #expect(StackFile.namedStackFiles("id: t\nlayers:\n  l: {input: x.yaml}\nstacks:\n  a: a.yaml\n  b: {input: \"1\"}\n") == ["a.yaml"])
    }

    @Test func theRuleReadsTopLevelKeys() {
        #expect(StackFile.isStackFile(Self.stack))
        #expect(StackFile.isStackFile("input: x\nlayers: []\ntitle: T\n"))
        #expect(!StackFile.isStackFile("id: t\ninput: x\nlayers: []\n"))
        #expect(!StackFile.isStackFile("input: x\nlayers: []\nsteps: []\n"))
        #expect(!StackFile.isStackFile(Self.lesson))
        // Keys of a lesson's inline stack are indented: not the file's own.
        #expect(!StackFile.isStackFile("title: T\nstacks:\n  two:\n    input: x\n    layers: []\n"))
    }

    /// Opened as a lesson, a stack file says what it is in one line.
    @Test func aStackFileOpenedAsALessonSaysWhatItIs() {
        #expect(LessonReader.parse(Self.stack, file: "s.yaml", in: Self.folder(Self.stack)).problems
            == ["1:1: this is a stack file (input: and layers:), not a lesson: a lesson names it under stacks: (convtutor check checks it as a stack)"])
    }
}
