import ConvKit
import Foundation
import SafeFiles
import Yams

/// Reads and validates one lesson file. Every problem becomes a `Diagnostic` with a line and
/// column; the lesson is returned only when there are none.
public enum LessonReader {
    /// Lesson files are small; this keeps a stray binary or a YAML bomb from eating memory.
    public static let maxBytes = 1 << 20

    /// `regularOnly` is for files found in a folder: only a path the user names may be a pipe.
    public static func load(path: String, regularOnly: Bool = false) -> Result<Lesson, LessonErrors> {
        load(.disk(path, found: regularOnly))
    }

    /// A lesson file on disk or embedded; messages name it by `file.display`.
    public static func load(_ file: LessonFile) -> Result<Lesson, LessonErrors> {
        text(of: file, kind: "lesson").flatMap { parse($0, file: file.display, in: file.folder) }
    }

    /// A YAML file's text (a lesson's or a stack's), its size capped and its UTF-8 checked.
    static func text(of file: LessonFile, kind: String) -> Result<String, LessonErrors> {
        let path = file.display
        func failure(_ message: String) -> Result<String, LessonErrors> {
            .failure(LessonErrors([Diagnostic(file: path, line: 1, column: 1, message: message)]))
        }
        let data: Data
        do {
            if case .disk = file {
                // Foundation's own words ("The operation could not be completed…") say less.
                guard FileManager.default.fileExists(atPath: path) else { return failure("no such file or folder") }
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory { return failure("is a folder, not a \(kind) file") }
            }
            // The cap counts the bytes read: a pipe or a device reports no size.
            data = Data(try file.bytes(limit: maxBytes))
        } catch let e as FileError {
            return failure("file \(e)")
        } catch {
            return failure("cannot read the file: \((error as NSError).localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstNonUTF8(data)
            return .failure(LessonErrors([Diagnostic(file: path, line: line, column: column, message: "not UTF-8 text: this line has bytes that are not UTF-8 (save the file as UTF-8)")]))
        }
        return .success(text)
    }

    /// The line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstNonUTF8(_ data: Data) -> (Int, Int) {
        var line = 1
        for chunk in data.split(separator: 10, omittingEmptySubsequences: false) {
            let bytes = Array(chunk)
            if String(bytes: bytes, encoding: .utf8) == nil {
                // The longest valid prefix tells the column.
                var good = 0
                for end in stride(from: bytes.count, through: 0, by: -1) where String(bytes: bytes[..<end], encoding: .utf8) != nil {
                    good = end
                    break
                }
                let column = String(decoding: bytes[..<good], as: UTF8.self).count + 1
                return (line, column)
            }
            line += 1
        }
        return (1, 1)
    }

    /// Data paths are relative to `folder`, the working directory when none is given.
    public static func parse(_ text: String, file: String, folder: URL? = nil) -> Result<Lesson, LessonErrors> {
        parse(text, file: file, in: .disk(folder?.path ?? FileManager.default.currentDirectoryPath))
    }

    public static func parse(_ text: String, file: String, in folder: LessonFolder) -> Result<Lesson, LessonErrors> {
        // Its lesson errors (no id, unknown key input…) would all be noise.
        if StackFile.isStackFile(text) {
            return .failure(LessonErrors([Diagnostic(file: file, line: 1, column: 1, message: "this is a stack file (input: and layers:), not a lesson: a lesson names it under stacks: (convtutor check checks it as a stack)")]))
        }
        let reporter = Reporter(file: file, source: text)
        let lesson = read(text, reporter: reporter, folder: folder)
        if let lesson, !reporter.hasErrors { return .success(lesson) }
        return .failure(LessonErrors(reporter.diagnostics.isEmpty ? [Diagnostic(file: file, line: 1, column: 1, message: "not a valid lesson")] : reporter.diagnostics))
    }

    static let topKeys = ["id", "title", "summary", "topics", "layers", "stacks", "steps"]

    private static func read(_ text: String, reporter r: Reporter, folder: LessonFolder) -> Lesson? {
        let needs = "a lesson needs id, title, summary, topics and steps"
        guard let root = document(text, reporter: r, needs: needs) else { return nil }
        let top = Value(node: root, reporter: r)
        guard let f = top.fields("the lesson", allowed: topKeys) else { return nil }

        let id = f.required("id")?.string("id")
        if let id, let v = f["id"], !IDs.isLessonID(id) {
            r.error(v.place, "id '\(id)' must use only lowercase letters, digits and '-'")
        }
        let title = f.required("title")?.string("title")
        let summary = f.required("summary")?.string("summary")
        let topics = f.required("topics").flatMap(readTopics)
        let (layers, declared) = f["layers"].map { readLayers($0, folder: folder) } ?? ([:], [])
        let (stacks, stackNames) = f["stacks"].map { readStacks($0, folder: folder) } ?? ([:], [])

        var steps: [LessonStep] = []
        var plainTexts: [Int: String] = [:]
        if let v = f.required("steps"), let list = v.list("steps") {
            if list.isEmpty { r.error(v.place, "steps is empty; a lesson needs at least one step") }
            let reading = StepReading(layers: LayerTable(built: layers, declared: declared, stacks: stacks, stackNames: stackNames))
            for (i, item) in list.enumerated() {
                if let step = reading.read(item, number: i + 1) { steps.append(step) }
            }
            plainTexts = reading.plainTexts
        }

        guard let id, let title, let summary, let topics, !r.hasErrors else { return nil }
        return Lesson(id: id, title: title, summary: summary, topics: topics, layers: layers.mapValues(\.spec), steps: steps, file: r.file, plainTexts: plainTexts)
    }

    /// The YAML tree of a lesson or stack file, after the checks that keep composing it cheap;
    /// nil after reporting why there is none. `needs` says what the file should hold.
    static func document(_ text: String, reporter r: Reporter, needs: String) -> Node? {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            r.error(.start, "the file is empty; \(needs)")
            return nil
        }
        if let problem = KeyGuard.problem(in: text) {
            r.error(problem.place, problem.message)
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                r.error(.start, "the file has no YAML document; \(needs)")
                return nil
            }
            return node
        } catch {
            YAMLErrors.report(error, text: text, to: r)
            return nil
        }
    }

    private static func readTopics(_ v: Value) -> [String]? {
        v.list("topics")?.compactMap { item in
            guard let t = item.string("each topic") else { return nil }
            guard Lesson.knownTopics.contains(t) else {
                let hint = Spelling.closest(to: t, in: Lesson.knownTopics).map { "; did you mean '\($0)'?" } ?? " (known: \(Lesson.knownTopics.joined(separator: ", ")))"
                return item.fail("unknown topic '\(t)'\(hint)")
            }
            return t
        }
    }

    /// `stacks:`, name → an inline stack or a stack file beside the lesson.
    private static func readStacks(_ v: Value, folder: LessonFolder) -> ([String: Stack], Set<String>) {
        named(v, "stacks", each: "a stack") { _, _, value in StackFile.read(entry: value, folder: folder) }
    }

    private static func readLayers(_ v: Value, folder: LessonFolder) -> ([String: BuiltLayer], Set<String>) {
        named(v, "layers", each: "a layer") { name, place, value in LayerReading.read(name: name, namePlace: place, value, folder: folder) }
    }

    /// A mapping of names to things (`layers:`, `stacks:`): every one that reads, and every name
    /// declared (so a step naming one that failed is not also told the name is unknown).
    private static func named<T>(_ v: Value, _ key: String, each: String, read: (String, Place, Value) -> T?) -> ([String: T], Set<String>) {
        guard case .mapping(let m) = v.node else {
            if !v.isNull { v.reporter.error(v.place, "\(key) must be a mapping of names to \(key), not \(v.kindName)") }
            return ([:], [])
        }
        var found: [String: T] = [:]
        var declared: Set<String> = []
        for (k, node) in m {
            let name = Value(node: k, reporter: v.reporter)
            guard let text = name.string("\(each) name") else { continue }
            declared.insert(text)
            found[text] = read(text, name.place, Value(node: node, reporter: v.reporter))
        }
        return (found, declared)
    }
}
