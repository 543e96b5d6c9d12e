import Foundation

/// The one numbering of the bundled lessons that `lessons`, the menu, `lesson N`, `demo N` and
/// `progress --reset N` all use: the lessons that load, in file order, numbered from 1, then
/// the files that do not load, as the menu lists them (its ✗ rows). A file's `NN-` prefix only
/// sorts it; a teacher's folder of `02-a.yaml`, `03-b.yaml` has lessons 1 and 2.
extension LessonLibrary.Collection {
    public enum Entry: Sendable {
        case lesson(Lesson)
        /// A file that does not load, by its first problem.
        case broken(Diagnostic)

        public var file: String {
            switch self {
            case .lesson(let l): l.file
            case .broken(let d): d.file
            }
        }
    }

    /// Entry `n - 1` is lesson number `n`.
    public var numbered: [Entry] { lessons.map(Entry.lesson) + broken.map(Entry.broken) }

    /// The entry a user means by `name`, as the commands take it: a number from the list, a
    /// lesson id, a file name with or without its `NN-` prefix and extension, or the file as
    /// messages and `lessons` show it (`Lessons/01-sliding-window.yaml`, even when embedded).
    public func entry(named name: String) -> Entry? {
        let entries = numbered
        if let n = Int(name) { return entries.indices.contains(n - 1) ? entries[n - 1] : nil }
        if let l = lessons.first(where: { $0.id == name }) { return .lesson(l) }
        return entries.first { e in
            let base = URL(fileURLWithPath: e.file).deletingPathExtension().lastPathComponent
            return e.file == name || base == name || base.drop(while: { $0.isNumber || $0 == "-" }) == name
        }
    }

    /// Every problem of the file an entry names (the menu and `lessons` show only the first).
    public func diagnostics(of file: String) -> [Diagnostic] { diagnostics.filter { $0.file == file } }
}
