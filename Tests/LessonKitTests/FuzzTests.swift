import ConvKit
import Foundation
import Testing
@testable import LessonKit

/// Whatever a teacher's editor leaves behind, loading reports problems and never crashes.
@Suite(.timeLimit(.minutes(10))) struct FuzzTests {
    @Test func everyTruncationOfALessonIsHandled() throws {
        let text = try String(contentsOfFile: Fixture.smallPath, encoding: .utf8)
        var failures = 0
        for n in stride(from: 0, through: text.count, by: 3) {
            let result = parse(String(text.prefix(n)))
            if case .failure(let e) = result {
                failures += 1
                #expect(!e.diagnostics.isEmpty)
            }
        }
        #expect(failures > 0)
    }

    @Test func randomMutationsAreHandled() throws {
        let text = try String(contentsOfFile: Fixture.smallPath, encoding: .utf8)
        #expect(text.count > 100, "the fixture lesson is missing or empty")
        var rng = SplitMix(seed: 42)
        let alphabet = Array(" \t\n:-[]{},#&*!|>'\"0123456789abcxyz;/.\u{0}é×")
        for _ in 0..<1_000 {
            var chars = Array(text)
            for _ in 0..<(1 + Int(rng.next() % 4)) where !chars.isEmpty {
                let i = Int(rng.next() % UInt64(chars.count))
                switch rng.next() % 3 {
                case 0: chars[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: chars.remove(at: i)
                default: chars.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                }
            }
            if case .failure(let e) = parse(String(chars)) {
                #expect(e.diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
            }
        }
    }

    @Test func binaryAndHugeFilesAreRefused() throws {
        let dir = try temporaryFolder()
        let bin = dir.appendingPathComponent("bin.yaml")
        try Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: bin)
        #expect(LessonReader.load(path: bin.path).problems.first?.hasPrefix("1:") == true)
        #expect(LessonReader.load(path: bin.path).problems.first?.contains("not UTF-8 text") == true)
        // A stray Latin-1 byte is reported on its own line and column.
        let latin = dir.appendingPathComponent("latin.yaml")
        try Data("id: t\ntitle: T\nsummary: caf".utf8 + [0xE9] + Data(" au lait\n".utf8)).write(to: latin)
        #expect(LessonReader.load(path: latin.path).problems == ["3:13: not UTF-8 text: this line has bytes that are not UTF-8 (save the file as UTF-8)"])
        let huge = dir.appendingPathComponent("huge.yaml")
        try Data(repeating: 0x20, count: LessonReader.maxBytes + 1).write(to: huge)
        #expect(LessonReader.load(path: huge.path).problems.first?.contains("too large") == true)
        #expect(LessonReader.load(path: dir.path).problems == ["1:1: is a folder, not a lesson file"])
        #expect(LessonReader.load(path: dir.appendingPathComponent("none.yaml").path).problems == ["1:1: no such file or folder"])
    }

    @Test func aliasKeysAreRefusedBeforeTheyExplode() {
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (x, y) in zip("bcdefghi", "abcdefgh") { laughs += "\(x): &\(x) [" + Array(repeating: "*\(y)", count: 9).joined(separator: ",") + "]\n" }
        laughs += "? *i\n: 1\n? *i\n: 2\n"
        // The expansion is counted as the parser's events arrive: the line that passes 10⁶ values.
        #expect(parse(laughs).problems == ["7:11: aliases expand this file to more than 1000000 values; a lesson or stack needs far fewer"])
        #expect(parse("a: &a [x]\nb: {*a: 1, *a: 2}\n").problems.first?.hasPrefix("2:5: an alias") == true)
        #expect(parse("a: &a [x]\n[*a]: 1\n").problems.first?.hasPrefix("2:1: an alias") == true)
        // Every way YAML writes a key, at the alias or the list that is the key.
        for (yaml, place) in [("{*a:x}", "2:5"), ("{*a :x}", "2:5"), ("{? *a}", "2:7"), ("[? *a]", "2:7"), ("{[*a]: x}", "2:5"), ("\n  ? *a\n  : x", "3:5")] {
            #expect(parse("a: &a [x]\nz: \(yaml)\n").problems == ["\(place): an alias or a list used as a key; lesson and stack files only use names as keys"], "\(yaml)")
        }
    }

    /// An alias used as a value is fine in a lesson, but what the aliases expand to is capped,
    /// so no reading of the tree can be exponential.
    @Test func aliasValuesAreCountedNotExpanded() {
        var yaml = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\na: &a [1,1,1,1,1,1,1,1,1,1]\n"
        for (x, y) in zip("bcdefghij", "abcdefghi") { yaml += "\(x): &\(x) [" + Array(repeating: "*\(y)", count: 10).joined(separator: ",") + "]\n" }
        yaml += "layers:\n  l:\n    input: *j\nsteps:\n  - text: hi\n"
        #expect(parse(yaml).problems == ["10:35: aliases expand this file to more than 1000000 values; a lesson or stack needs far fewer"])
    }

    /// Prose in a text block may look like an alias key; with anchors elsewhere in the file it
    /// must still load.
    @Test func aliasLikeProseInTextBlocksIsNotAKey() throws {
        let text = """
            id: prose
            title: Prose
            summary: Anchors and emphasis together.
            topics: [padding]
            layers:
              seed: &seed
                input: "1 2; 3 4"
                kernel: "1"
              again: *seed
            steps:
              - text: |
                  *padding*: zeros around the input.
                  *stride*: how far the kernel moves.
              - question:
                  id: q
                  prompt: Top-left output?
                  kind: number
                  answer: 1
            """
        guard case .success(let lesson) = parse(text) else {
            Issue.record("failed: \(parse(text))")
            return
        }
        #expect(lesson.id == "prose")
    }

    @Test func deeplyNestedOrAliasedInputIsRefusedQuickly() {
        let nested = "id: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        #expect(!parse(nested).problems.isEmpty)
        let aliases = Fixture.header + "steps:\n  - &s {text: hi}\n" + String(repeating: "  - *s\n", count: 2000)
        #expect(parse(aliases).problems.isEmpty, "aliases to a valid step are fine")
    }
}

/// A tiny deterministic generator, so a failing mutation can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 { SplitMix64.step(&state) }
}
