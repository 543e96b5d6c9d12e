import Foundation
import Testing

/// `lessons` keeps its 80 columns and its columns in both charsets: marks ("[ok]", "..." in
/// ASCII) and cut titles' ellipses are measured as drawn, ids and files are set apart by
/// separators (` | ` in ASCII, never a product `*`).
@Suite(.timeLimit(.minutes(10))) struct LessonsTableTests {
    @Test(arguments: ["C", "C.UTF-8"]) func longTitlesAndManyLessonsStayAligned(locale: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lessons = dir.appendingPathComponent("lessons"), state = dir.appendingPathComponent("state/convtutor")
        for d in [lessons, state] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        for i in 1...120 {
            let title = i % 3 == 0 ? String(repeating: "A very long title ", count: 8) : "Short \(i)"
            try "id: long\(i)\ntitle: \"\(title)\"\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n"
                .write(to: lessons.appendingPathComponent(String(format: "%03d-l.yaml", i)), atomically: true, encoding: .utf8)
        }
        try "{\"lessons\": {\"long1\": {\"step\": 1, \"done\": true}, \"long2\": {\"step\": 1}, \"long3\": {\"step\": 2, \"done\": true}}}"
            .write(to: state.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
        let list = try CLI.run(["lessons"], environment: [
            "CONVTUTOR_LESSONS": lessons.path, "XDG_STATE_HOME": dir.appendingPathComponent("state").path, "LC_ALL": locale, "LANG": locale,
        ])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 240)
        for line in lines { #expect(line.count <= 80, "\(locale): \(line.count) columns: \(line)") }
        let heads = stride(from: 0, to: lines.count, by: 2).map { lines[$0] }
        let details = stride(from: 1, to: lines.count, by: 2).map { lines[$0] }
        // The exercise counts end in one column; titles and the details under them start in one.
        #expect(Set(heads.map { $0.count }).count == 1, "\(locale): \(heads.prefix(4))")
        let titleStart = heads.map { $0.count - $0.drop { !$0.isNumber }.drop { $0.isNumber || $0 == " " }.count }
        let detailStart = details.map { $0.prefix { $0 == " " }.count }
        #expect(Set(titleStart).count == 1 && Set(detailStart) == Set(titleStart), "\(locale): \(titleStart.prefix(4)) \(detailStart.prefix(4))")
        let separator = locale == "C" ? " | " : " · "
        #expect(details[0].contains("long1\(separator)"), "\(details[0])")
        if locale == "C" { #expect(heads[0].hasPrefix("[ok] ") && heads[1].hasPrefix("...  ") && heads[2].contains("...   0 exercises"), "\(heads.prefix(3))") }
    }
}
