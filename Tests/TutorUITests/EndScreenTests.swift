import LessonKit
import Testing
@testable import TutorUI

/// The end screen lists the lesson's exercises; its two predictions must not read alike.
@Suite struct EndScreenTests {
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)]) func predictionsAreToldApart(_ size: Size) throws {
        let lesson = try #require(BundledLessonScreenTests.lessons.first { $0.id == "grouped-convolution" })
        var app = BundledLessonScreenTests.open(lesson, at: lesson.steps.count - 1, size)
        for _ in 0..<5 where app.screen?.session.isFinished != true {
            for e in Array("skip".map(Event.char)) + [.enter, .enter] { _ = app.update(e) }
        }
        let screen = app.view(size).text
        #expect(screen.contains("predict out(1,0,1) · groups 2"), "\(screen)")
        #expect(screen.contains("predict out(3,1,1) from product 5"), "\(screen)")
        #expect(!screen.contains("What will"), "\(screen)")
    }
}
