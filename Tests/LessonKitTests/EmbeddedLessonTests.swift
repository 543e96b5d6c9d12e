import EmbeddedLessons
import Foundation
import Testing
@testable import LessonKit

/// The bundled lessons as embedded in the binary read exactly as the Lessons/ folder does.
@Suite(.timeLimit(.minutes(10))) struct EmbeddedLessonTests {
    static let embedded = EmbeddedFiles(display: "Lessons", files: EmbeddedLessonFiles.bytes)

    /// Every file of Lessons/ (lessons, data, pictures, READMEs) is embedded as it is on disk:
    /// the build plugin missed none and changed none.
    @Test func theEmbeddedCopyIsTheLessonsFolderByteForByte() throws {
        let root = BundledLessonTests.folder
        let walk = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]))
        var onDisk: [String: [UInt8]] = [:]
        for case let url as URL in walk where url.pathExtension != "swift" && !LessonLibrary.isFolder(url) {
            onDisk[String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))] = [UInt8](try Data(contentsOf: url))
        }
        #expect(onDisk.keys.contains("data/seven-28x28.txt") && onDisk.keys.contains("pictures/digit-7-32.pgm"))
        #expect(EmbeddedLessonFiles.bytes.keys.sorted() == onDisk.keys.sorted())
        for (name, bytes) in onDisk { #expect(EmbeddedLessonFiles.bytes[name] == bytes, "\(name)") }
    }

    /// The same lessons, data files included, named `Lessons/…` in messages as on disk.
    @Test func theEmbeddedLessonsLoadAsTheFolderDoes() {
        let embedded = LessonLibrary.load(.embedded(Self.embedded))
        let disk = LessonLibrary.load([BundledLessonTests.folder.path])
        #expect(embedded.diagnostics.isEmpty, "\(embedded.diagnostics.map(\.description))")
        #expect(embedded.lessons.count == disk.lessons.count && disk.lessons.count >= 14)
        #expect(embedded.lessons.map(\.id) == disk.lessons.map(\.id))
        #expect(embedded.lessons.map(\.layers) == disk.lessons.map(\.layers))
        #expect(embedded.lessons.first?.file == "Lessons/01-sliding-window.yaml")
    }

    static func tree(_ lesson: String, data: [String: String] = [:]) -> LessonFolder {
        var files = ["t.yaml": Array(lesson.utf8), "README.md": Array("not a lesson".utf8)]
        for (name, text) in data { files[name] = Array(text.utf8) }
        return .embedded(EmbeddedFiles(display: "Lessons", files: files))
    }

    @Test(arguments: ["data/in.txt", "./data/in.txt", "data/../data/in.txt", "data//in.txt"])
    func embeddedDataPathsInsideTheFolderAreRead(_ path: String) throws {
        let c = LessonLibrary.load(Self.tree(LessonPathTests.lesson(input: path), data: ["data/in.txt": "1 2 3\n3 4 5\n6 7 8\n"]))
        #expect(c.diagnostics.isEmpty, "\(c.diagnostics.map(\.description))")
        #expect(c.lessons.first?.layers["l"]?.input.shape == [3, 3])
    }

    /// Climbing out of the embedded folder is refused as on disk, even toward a real file.
    @Test(arguments: ["../outside.txt", "data/../../outside.txt", "/etc/hostname", "../Lessons/data/in.txt"])
    func embeddedDataPathsOutsideTheFolderAreRefused(_ path: String) {
        let c = LessonLibrary.load(Self.tree(LessonPathTests.lesson(input: path), data: ["data/in.txt": "1"]))
        #expect(c.diagnostics.map(\.description) == ["Lessons/t.yaml:7:12: error: input: data files must be inside the lesson's folder"])
    }

    @Test func embeddedProblemsNameTheFileAndPlace() {
        let missing = LessonLibrary.load(Self.tree(LessonPathTests.lesson(input: "data/none.txt")))
        #expect(missing.diagnostics.map(\.description) == ["Lessons/t.yaml:7:12: error: input: no such grid file 'data/none.txt' (paths are relative to the lesson file) and it is not an inline grid"])
        let bad = LessonLibrary.load(Self.tree("id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nsteps: 3\n"))
        #expect(bad.diagnostics.map(\.description) == ["Lessons/t.yaml:5:8: error: steps must be a list, not a number"])
        #expect(bad.broken.first?.file == "Lessons/t.yaml")
    }
}
