import LessonKit
import TutorUI

/// Lesson prose on screen: the first frame of a text step (wrapping the whole text, painting a
/// page) and the frame after turning to the next page (the layout is kept while the text and
/// width stay). Runs cycle through 20 widths (60 to 79 columns, more than the layouts kept) so that every first frame lays out anew. A 1 MB word is the worst case a lesson file
/// allows; the Japanese text has no spaces to break at.
func layoutCases(_ sink: Sink) -> [BenchCase] {
    [
        paint(sink, name: "paint_1mb_word", text: String(repeating: "abcdefghij", count: 99_000)),
        paint(sink, name: "paint_japanese_300kb", text: String(repeating: "カーネルは小さな重みの格子です。", count: 6_000)),
        paint(sink, name: "paint_prose_600kb", text: String(repeating: "A kernel slides over the input, multiplying and adding. ", count: 11_000)),
        keys(sink, name: "page_turns_1mb_word", text: String(repeating: "abcdefghij", count: 99_000), [.enter, .enter, .enter, .enter, .enter]),
        keys(sink, name: "end_key_30k_lines", text: (0..<30_000).map { "- line \($0) of a long text.\n" }.joined(), [.end, .home]),
    ]
}

/// Keys pressed on an open text step, each followed by its frame: the lesson is opened (and its
/// text laid out at this width) before timing, so a run costs what a key costs.
private func keys(_ sink: Sink, name: String, text: String, _ events: [Event]) -> BenchCase {
    BenchCase(name: name, unit: ("key", events.count)) {
        let yaml = "id: big\ntitle: Big\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: |\n" + text.split(separator: "\n").map { "      " + $0 + "\n" }.joined()
        let lesson = try LessonReader.parse(yaml, file: "big.yaml").get()
        let size = Size(width: 80, height: 24)
        let app = LessonApp(lesson: lesson, progress: nil)
        sink.take(app.view(size).cells.count)
        return Body(run: {
            // A fresh screen on the same text: turning pages never runs off the end of the step.
            var app = LessonApp(lesson: lesson, progress: nil)
            for e in events {
                _ = app.update(e)
                sink.take(app.view(size).cells.count)
            }
        }, facts: [("text_kb", Double(text.utf8.count / 1024))])
    }
}

private func paint(_ sink: Sink, name: String, text: String) -> BenchCase {
    BenchCase(name: name, unit: ("frame", 2)) {
        let yaml = "id: big\ntitle: Big\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: \"\(text)\"\n"
        let lesson = try LessonReader.parse(yaml, file: "big.yaml").get()
        var size = Size(width: 80, height: 24)
        return Body(run: {
            size.width = size.width >= 79 ? 60 : size.width + 1
            var app = LessonApp(lesson: lesson, progress: nil)
            _ = app.update(.resize(size))
            sink.take(app.view(size).cells.count)
            _ = app.update(.enter)
            sink.take(app.view(size).cells.count)
        }, facts: [("text_kb", Double(text.utf8.count / 1024))])
    }
}
