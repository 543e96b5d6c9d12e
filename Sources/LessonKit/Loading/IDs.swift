/// What lesson and exercise ids may be made of. Checked character by character: a pattern
/// ending in `$` would also take a trailing newline ("a\n"), an id that looks like "a".
enum IDs {
    static func isExerciseID(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    static func isLessonID(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
