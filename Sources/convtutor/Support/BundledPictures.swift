import EmbeddedLessons

/// The pictures of `Lessons/pictures/`, embedded in the binary with the lessons: `--input`
/// takes one by name (`digit-7-32`) from any folder, as `--kernel` takes a preset.
enum BundledPictures {
    private static let folder = "pictures/"
    private static let extensions = [".pgm", ".ppm"]

    /// Picture names without folder or extension, sorted: `digit-7-32`, `shapes-32`, ….
    static let names: [String] = EmbeddedLessonFiles.bytes.keys.compactMap(name).sorted()

    /// The picture `spec` names, by its name, file name or path in the source tree
    /// (`Lessons/pictures/digit-7-32.pgm`), with the file name that tells its format.
    static func named(_ spec: String) -> (file: String, bytes: [UInt8])? {
        let base = spec.hasPrefix("Lessons/") ? String(spec.dropFirst("Lessons/".count)) : spec
        let key = base.hasPrefix(folder) ? base : folder + base
        return EmbeddedLessonFiles.bytes.first { $0.key == key || name($0.key) == spec }.map { ($0.key, $0.value) }
    }

    private static func name(_ key: String) -> String? {
        guard key.hasPrefix(folder), let ext = extensions.first(where: key.hasSuffix) else { return nil }
        let base = key.dropFirst(folder.count).dropLast(ext.count)
        return base.contains("/") ? nil : String(base)
    }
}
