import ConvKit
import Foundation

/// A stack file: `input:` (a grid, inline or a file beside the stack file) and `layers:`, a list
/// whose items take a lesson layer's keys but `input` (each reads the output before it) and
/// `grad_output`. Problems are `file:line:col` diagnostics as a lesson's are; a layer that does
/// not fit the output before it is reported at its list item, naming both shapes.
public enum StackFile {
    static let topKeys = ["input", "layers"]
    static let needs = "a stack needs input and layers"

    /// Throws `LessonErrors` listing every problem.
    public static func load(path: String) throws -> Stack {
        let file = LessonFile.disk(path, found: false)
        let text = try LessonReader.text(of: file, kind: "stack").get()
        return try parse(text, file: path, in: file.folder)
    }

    /// A stack file's text; data paths are relative to `folder`.
    public static func parse(_ text: String, file: String, in folder: LessonFolder) throws -> Stack {
        let r = Reporter(file: file, source: text)
        r.kind = "stack"
        let stack = LessonReader.document(text, reporter: r, needs: needs).flatMap { read(Value(node: $0, reporter: r), folder: folder) }
        if let stack, !r.hasErrors { return stack }
        throw LessonErrors(r.diagnostics.isEmpty ? [Diagnostic(file: file, line: 1, column: 1, message: "not a valid stack")] : r.diagnostics)
    }

    /// Whether a YAML file in a lesson folder is a stack file rather than a lesson: among its
    /// top-level keys (written at the start of a line) are `input:` and `layers:`, and neither
    /// `id:` nor `steps:`. Read from the text, so a stack file with errors of its own is still
    /// recognised, and reported as a stack.
    public static func isStackFile(_ text: String) -> Bool {
        var keys: Set<Substring> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { continue }
            keys.insert(line[..<colon])
        }
        return keys.isSuperset(of: ["input", "layers"]) && keys.isDisjoint(with: ["id", "steps"])
    }

    /// The stack files a lesson's text names: `name: file.yaml` entries under its top-level
    /// `stacks:` (read from the text, so a lesson that does not load still names them).
    public static func namedStackFiles(_ lessonText: String) -> [String] {
        var inStacks = false, names: [String] = []
        for line in lessonText.split(separator: "\n", omittingEmptySubsequences: true) {
            if let first = line.first, first.isLetter { inStacks = line.hasPrefix("stacks:"); continue }
            guard inStacks, let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasSuffix(".yaml") || value.hasSuffix(".yml"), !value.contains(" "), !value.contains("/") { names.append(value) }
        }
        return names
    }

    /// A stack file's problems, none when it builds.
    static func problems(_ text: String, file: String, in folder: LessonFolder) -> [Diagnostic] {
        do {
            _ = try parse(text, file: file, in: folder)
            return []
        } catch let e as LessonErrors {
            return e.diagnostics
        } catch {
            return [Diagnostic(file: file, line: 1, column: 1, message: "\(error)")]
        }
    }

    /// A lesson's `stacks:` entry: an inline stack, or the name of a stack file in the lesson's
    /// own folder (not a subfolder: its data paths are then the same to both files), whose
    /// problems are reported under its own name.
    static func read(entry v: Value, folder: LessonFolder) -> Stack? {
        guard case .scalar = v.node else { return read(v, folder: folder) }
        guard let path = v.string("a stack") else { return nil }
        let name = Escaped.token(path, limit: 80)
        guard !path.contains("/") else { return v.fail("stack file '\(name)' must be in the lesson's own folder (a name, not a path), so its data files are the lesson's") }
        let found = folder.locate(path)
        // As for data files: a symlink leading out of the lesson's folder is refused, not followed.
        guard found.inside else { return v.fail("stack file '\(name)' must be inside the lesson's folder") }
        guard found.exists else { return v.fail("no such stack file '\(name)' beside the lesson, and not an inline stack (input: and layers:)") }
        do {
            let bytes = try folder.read(path, limit: LessonReader.maxBytes)
            guard let text = String(validating: bytes, as: UTF8.self) else { return v.fail("stack file '\(name)' is not UTF-8 text") }
            return try parse(text, file: folder.display + "/" + path, in: folder)
        } catch let e as LessonErrors {
            v.reporter.append(e.diagnostics)
        } catch {
            v.reporter.error(v.place, "stack file '\(name)' \(error)")
        }
        return nil
    }

    /// A stack written as a mapping in any YAML file (a stack file, a lesson's `stacks:`); nil
    /// after reporting its problems.
    static func read(_ v: Value, folder: LessonFolder) -> Stack? {
        guard let f = v.fields("the stack", allowed: topKeys) else { return nil }
        let r = v.reporter
        let before = r.diagnostics.count
        let input = f.required("input").flatMap { LayerReading.grid($0, key: "input", folder: folder) }
        var specs: [LayerSpec] = [], places: [Place] = []
        if let list = f.required("layers")?.list("layers") {
            if list.isEmpty { r.error(f.placeOfValue("layers"), "layers is empty; \(needs)") }
            for (i, item) in list.enumerated() {
                let what = "layer \(i + 1)"
                guard let layer = item.fields(what, allowed: LayerReading.stackKeys),
                      let spec = LayerReading.spec(layer, what: what, at: item.place, input: input ?? LayerReading.seedInput, folder: folder) else { continue }
                // A lesson layer without a kernel takes the seed example's; in a stack no seed is in
                // sight, so a forgotten kernel would silently be the seed's X.
                if !spec.op.isPool, !layer.has("kernel"), !layer.has("weights") {
                    r.error(item.place, "\(what) has no kernel: give kernel: (a stack layer has no seed example to fall back on)")
                    continue
                }
                specs.append(spec)
                places.append(item.place)
            }
        }
        guard let input, r.diagnostics.count == before else { return nil }
        var misfit = 1
        do {
            return try Stack(input: input, layers: specs) { misfit = $0 }
        } catch let e as ConvError {
            r.error(places[misfit - 1], LayerReading.keyNames(e.message))
        } catch {
            r.error(places[misfit - 1], "\(error)")
        }
        return nil
    }
}
