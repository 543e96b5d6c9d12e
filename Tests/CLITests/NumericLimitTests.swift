import ConvKit
import Foundation
import Synchronization
import Testing

/// Int64 extremes on every numeric option, lesson key and progress field: never a crash (exit
/// below 128), always exactly one error line; past the documented limits, a bad command line.
@Suite(.timeLimit(.minutes(10))) struct NumericLimitTests {
    static let extremes = ["9223372036854775807", "-9223372036854775808", "4611686018427387904", "-1", "0", "3000000000000000000", "99999999999999999999"]

    /// exit 0 with nothing on stderr, or exit 1/64 with one `error:` line (`check` adds its count).
    static func expectOneError(_ r: CLI.Result, _ what: String, summaryLines: Int = 0) {
        // A signal death reads as the signal's number here (4 for SIGILL): only these are exits.
        #expect([0, 1, 64].contains(r.status), "crashed: \(what) → \(r.status)")
        if r.status == 0 { return }
        let lines = r.stderr.split(separator: "\n")
        let errors = lines.filter { $0.hasPrefix("error: ") || $0.contains(": error: ") }
        #expect(errors.count == 1 && lines.count == 1 + summaryLines, "\(what): \(r.stderr)")
    }

    static let layerOptions = ["--stride", "--padding", "--output-padding", "--dilation", "--groups"]
    /// Extra options that make each value meet a different size formula.
    static let contexts: [[String]] = [[], ["--padding", "same"], ["--padding", "full"], ["--op", "conv-transpose"], ["--op", "im2col"], ["--op", "depthwise"]]

    /// Every formula is reached through compute; the other commands share the options, so
    /// they get the plain and the conv-transpose forms.
    @Test(arguments: ["compute", "trace", "step", "demo"])
    func everyLayerOptionTakesExtremes(_ command: String) throws {
        let contexts = command == "compute" ? Self.contexts : [[], ["--op", "conv-transpose"]]
        let values = command == "compute" ? Self.extremes + Self.extremes.map({ "1,\($0)" }) : Self.extremes
        var runs: [[String]] = []
        for option in Self.layerOptions {
            for context in contexts where !context.contains(option) {
                runs += values.map { [command] + context + [option, $0] }
            }
        }
        try Self.runAll(runs)
    }

    /// Runs each command line, a few at a time.
    static func runAll(_ runs: [[String]]) throws {
        let results = Mutex<[(String, CLI.Result)]>([])
        DispatchQueue.concurrentPerform(iterations: runs.count) { i in
            if let r = try? CLI.run(runs[i]) { results.withLock { $0.append((runs[i].joined(separator: " "), r)) } }
        }
        let all = results.withLock { $0 }
        #expect(all.count == runs.count)
        for (what, r) in all { expectOneError(r, what) }
    }

    @Test(arguments: ["--stride", "--dilation", "--output-padding", "--padding"])
    func pastTheLimitIsABadCommandLine(_ option: String) throws {
        let most = option == "--padding" ? 10000 : 1_000_000
        for v in ["4611686018427387904", "3000000000000000000", "\(most + 1)", "2,\(most + 1)"] {
            let r = try CLI.run(["compute", "--op", "conv-transpose", option, v])
            #expect(r.status == 64, "\(option) \(v): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: \(option) \(v) is too large (at most \(most))"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    /// Past Int64 is too large too, not "not a number"; the value, held at 2⁶³−1, is not echoed
    /// as if it had been typed.
    @Test(arguments: ["--stride", "--dilation", "--output-padding", "--padding"])
    func pastInt64IsTooLargeToo(_ option: String) throws {
        let most = option == "--padding" ? 10000 : 1_000_000
        for v in ["9223372036854775807", "9223372036854775808", "99999999999999999999", "2,99999999999999999999"] {
            let r = try CLI.run(["compute", "--op", "conv-transpose", option, v])
            #expect(r.status == 64, "\(option) \(v): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: \(option) is too large (at most \(most))"), "\(r.stderr)")
        }
    }

    @Test func demoNumbersTakeExtremes() throws {
        var runs: [[String]] = []
        for option in ["--speed", "--cell-width"] {
            for v in Self.extremes + ["1e308", "nan", "-inf"] {
                runs += [["demo", option, v], ["demo", "1", option, v]]
            }
        }
        try Self.runAll(runs)
    }

    /// depthwise gives a 2-D kernel to every channel: the copies are counted before they are made.
    @Test func depthwiseCopiesAreCountedFirst() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.npy"), kernel = dir.appendingPathComponent("k.npy")
        try Data(NPY.encode(Tensor.zeros([1_000_000, 1, 1]))).write(to: input)
        try Data(NPY.encode(Tensor.zeros([100, 100]))).write(to: kernel)
        let r = try CLI.run(["compute", "--op", "depthwise", "--input", input.path, "--kernel", kernel.path, "--padding", "full"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: shape [1000000,1,100,100] is too large"), "\(r.stderr)")
    }

    /// A lesson file with `VALUE` replaced; each line of `templates` puts it under another key.
    static let header = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers:\n"
    static let templates: [String] = [
        "  l: {stride: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {stride: \"1,VALUE\"}\nsteps:\n  - text: hi\n",
        "  l: {dilation: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {dilation: VALUE, padding: same}\nsteps:\n  - text: hi\n",
        "  l: {dilation: VALUE, padding: full}\nsteps:\n  - text: hi\n",
        "  l: {op: conv-transpose, dilation: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {op: im2col, dilation: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {padding: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {op: conv-transpose, padding: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {op: conv-transpose, stride: 2, output_padding: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {groups: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {op: depthwise, groups: VALUE}\nsteps:\n  - text: hi\n",
        "  l: {}\nsteps:\n  - stepper: {layer: l, until: {step: VALUE}}\n",
        "  l: {}\nsteps:\n  - stepper: {layer: l, until: {output: [0, VALUE, 0]}}\n",
        "  l: {}\nsteps:\n  - predict: {id: p, layer: l, output: [0, 0, 0], before_term: VALUE, ask: sum}\n",
        "  l: {}\nsteps:\n  - predict: {id: p, layer: l, output: [VALUE, 0, 0], before_term: 1, ask: sum}\n",
        "  l: {}\nsteps:\n  - question: {id: q, prompt: P, kind: choice, choices: [a, b], answer: VALUE}\n",
        "  l: {}\nsteps:\n  - question: {id: q, prompt: P, kind: number, from: {layer: l, value: \"output[0,VALUE,0]\"}}\n",
        "  l: {}\nsteps:\n  - question: {id: q, prompt: P, kind: number, answer: 1, tolerance: VALUE}\n",
        "  l: {}\nsteps:\n  - question: {id: q, prompt: P, kind: number, answer: VALUE}\n",
        "  l: {}\nsteps:\n  - question: {id: q, prompt: P, kind: shape, answer: \"VALUE x 2\"}\n",
    ]

    @Test func everyNumericLessonKeyTakesExtremes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yaml")
        for template in Self.templates {
            for v in Self.extremes {
                try (Self.header + template.replacingOccurrences(of: "VALUE", with: v)).write(to: file, atomically: true, encoding: .utf8)
                let r = try CLI.run(["check", file.path])
                Self.expectOneError(r, "\(template) with \(v)", summaryLines: 1)
            }
        }
    }

    @Test func aLessonKeyPastTheLimitNamesItsPlace() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yaml")
        try (Self.header + "  l:\n    dilation: 4611686018427387904\nsteps:\n  - text: hi\n").write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(file.path):7:15: error: dilation 4611686018427387904 is too large (at most 1000000)"), "\(r.stderr)")
        for (key, v) in [("stride", "99999999999999999999"), ("padding", "\"1,9223372036854775808\""), ("output_padding", "9223372036854775808")] {
            try (Self.header + "  l:\n    \(key): \(v)\nsteps:\n  - text: hi\n").write(to: file, atomically: true, encoding: .utf8)
            let past = try CLI.run(["check", file.path])
            #expect(past.status == 1 && past.stderr.hasPrefix("\(file.path):7:\(7 + key.count): error: \(key) ") && past.stderr.contains("error: \(key) is too large"), "\(past.stderr)")
        }
        // A whole-number key past Int64 meets the key's own bounds, not "must be a whole number".
        try (Self.header + "  l:\n    groups: 99999999999999999999\nsteps:\n  - text: hi\n").write(to: file, atomically: true, encoding: .utf8)
        let groups = try CLI.run(["check", file.path])
        #expect(groups.status == 1 && groups.stderr.contains("error: layer 'l' does not build: groups 9223372036854775807 does not divide"), "\(groups.stderr)")
    }

    /// A hand-edited progress.json with absurd numbers never crashes: the record or the file is set aside.
    @Test(arguments: [
        "{\"generation\": VALUE}", "{\"resetAll\": VALUE}", "{\"resets\": {\"sliding-window\": VALUE}}",
        "{\"lessons\": {\"sliding-window\": {\"step\": VALUE}}}",
        "{\"lessons\": {\"sliding-window\": {\"step\": 1, \"exercises\": {\"first-sum\": {\"attempts\": VALUE, \"hints\": VALUE}}}}}",
    ])
    func absurdProgressNeverCrashes(_ template: String) throws {
        for v in ["9223372036854775807", "4611686018427387904", "-9223372036854775808", "-1"] {
            for args in [["progress"], ["progress", "--reset"], ["lesson", "1", "--plain"]] {
                let state = try CLI.temporaryDirectory()
                defer { try? FileManager.default.removeItem(at: state) }
                let folder = state.appendingPathComponent("convtutor")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let json = template.replacingOccurrences(of: "VALUE", with: v)
                try json.write(to: folder.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
                let r = try CLI.run(args, stdin: "quit\n", environment: ["XDG_STATE_HOME": state.path])
                #expect(r.status == 0, "\(args) with \(json): \(r.status) \(r.stderr)")
                let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
                #expect(warnings.count <= 1 && !r.stderr.contains("error"), "\(args) with \(json): \(r.stderr)")
                // Negative numbers read as 0. A huge one in a lesson's record costs that record;
                // elsewhere it makes the file corrupt, moved aside unless the command only shows it.
                if !v.hasPrefix("-") {
                    let says = template.contains("lessons") ? "left out what could not be read"
                        : args == ["progress"] ? "leaving the file as it is" : "moved it to progress.json.corrupt-"
                    #expect(warnings.count == 1 && warnings[0].contains(says), "\(args) with \(json): \(r.stderr)")
                }
            }
        }
    }
}
