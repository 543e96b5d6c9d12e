import Testing
@testable import LessonKit

/// The end screen lists a lesson's exercises by their labels: no two may read alike.
@Suite struct ExerciseLabelTests {
    @Test func everyExerciseOfALessonHasItsOwnLabel() {
        let c = LessonLibrary.load([BundledLessonTests.folder.path])
        #expect(c.lessons.count >= 18)
        for lesson in c.lessons {
            var seen: [String: String] = [:]
            for e in lesson.exercises {
                #expect(seen[e.label] == nil, "\(lesson.id): \(e.id) and \(seen[e.label] ?? "") both read \"\(e.label)\"")
                seen[e.label] = e.id
            }
        }
    }

    @Test func aPredictionIsNamedByItsOutputAndWork() throws {
        let yaml = Fixture.header + """
              padded: {padding: 1, relu: true}
            steps:
              - predict: {id: a, layer: seed, output: [0, 1, 1], before_term: 4, ask: output}
              - predict: {id: b, layer: seed, output: [0, 1, 1], before_term: 4, through: 6, ask: sum}
              - predict: {id: c, layer: padded, output: [0, 1, 1], before_term: 1, ask: output}
            """
        let labels = try parse(yaml).get().exercises.map(\.label)
        #expect(labels == ["predict out(1,1) from product 4", "predict out(1,1) up to product 6", "predict out(1,1) · padding 1 · ReLU"])
    }
}
