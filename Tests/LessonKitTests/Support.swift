import Foundation
@testable import LessonKit

enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var smallPath: String { folder.appendingPathComponent("small-lesson.yaml").path }

    static func small() throws -> Lesson { try LessonReader.load(path: smallPath).get() }

    /// A minimal valid lesson header, so broken-file cases only spell out what they break.
    static let header = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n  seed: {}\n"
}

extension Result where Failure == LessonErrors {
    /// The diagnostics as `line:col: message`, without the file name.
    var problems: [String] {
        switch self {
        case .success: return []
        case .failure(let e): return e.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        }
    }
}

/// The first YAML example under `heading` in Lessons/README.md, loaded under a lesson header.
func readmeExample(under heading: String, topic: String) throws -> Lesson {
    let readme = try String(contentsOf: Fixture.folder.appendingPathComponent("../../../Lessons/README.md"), encoding: .utf8)
    guard let section = readme.range(of: heading), let start = readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex),
          let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex) else { throw ReadmeExampleMissing(heading: heading) }
    return try parse("id: t\ntitle: T\nsummary: S\ntopics: [\(topic)]\n" + readme[start.upperBound..<end.lowerBound]).get()
}

struct ReadmeExampleMissing: Error { let heading: String }

/// Whether `yaml`'s first problem is at `at` (`line:col`) and says `says`; a trailing newline
/// in `says` means the message must end there.
func firstProblem(of yaml: String, isAt at: String, saying says: String) -> Bool {
    let first = parse(yaml).problems.first ?? ""
    let words = says.hasSuffix("\n") ? String(says.dropLast()) : says
    return first.hasPrefix(at + ": ") && (says.hasSuffix("\n") ? first.hasSuffix(words) : first.contains(words))
}

func parse(_ text: String) -> Result<Lesson, LessonErrors> {
    LessonReader.parse(text, file: "t.yaml", folder: Fixture.folder)
}

/// A fresh folder under this process's scratch root, which is removed when the tests exit.
func temporaryFolder() throws -> URL {
    let dir = scratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

let scratchRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lessonkit-test-\(getpid())")
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    return root
}()
