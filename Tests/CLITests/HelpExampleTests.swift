import Foundation
import Testing
@testable import convtutor

/// Every example in every command's --help, at any terminal width, is a whole command that
/// parses: copy-pasting one never loses an option to wrapping.
@Suite(.timeLimit(.minutes(10))) struct HelpExampleTests {
    static let commands = ConvTutor.configuration.subcommands.map { $0._commandName }

    /// The example commands of one help text: lines under "Examples:", continued after ` \`.
    /// Any other line there (a wrapped fragment) is returned as is, and fails to parse.
    static func examples(_ help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "Examples:") else { return [] }
        var out: [String] = []
        var continued = false
        for line in lines[(start + 1)...] {
            if line.isEmpty || line.hasPrefix("USAGE:") { break }
            if continued, line.hasPrefix("    ") {
                out[out.count - 1] += " " + line.drop { $0 == " " }
            } else {
                out.append(line)
            }
            continued = out[out.count - 1].hasSuffix(" \\")
            if continued { out[out.count - 1].removeLast(2) }
        }
        return out
    }

    /// Shell words of `  convtutor …`, without a trailing comment or pipe.
    static func arguments(_ example: String) throws -> [String] {
        var line = example
        let prefix = "  convtutor"
        guard line.hasPrefix(prefix) else { throw Broken(line: example) }
        line.removeFirst(prefix.count)
        var words: [String] = [], current: String?, quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); current = current ?? ""; continue }
            if !quoted && (ch == "#" || ch == "|") { break }
            if ch == " " && !quoted {
                if let c = current { words.append(c) }
                current = nil
            } else {
                current = (current ?? "") + String(ch)
            }
        }
        if let c = current { words.append(c) }
        return words
    }

    struct Broken: Error { let line: String }

    /// At every width, from the 40 columns of a narrow pane to 200: ArgumentParser wraps the
    /// help to $COLUMNS, and the examples are laid out at that width too.
    @Test(arguments: commands, [40, 60, 80, 200]) func everyExampleIsWhole(_ command: String, columns: Int) throws {
        let r = try CLI.run([command, "--help"], environment: ["COLUMNS": "\(columns)"])
        #expect(r.status == 0)
        let examples = Self.examples(r.stdout)
        let wide = Self.examples(try CLI.run([command, "--help"], environment: ["COLUMNS": "200"]).stdout)
        #expect(examples.count == wide.count, "\(r.stdout)")
        for example in examples {
            let args = try Self.arguments(example)
            #expect(args.first == command || command == "kernels", "\(example)")
            // Parsing (with validation) is all a shell would need; running would open a full screen.
            #expect(throws: Never.self, "\(example)") { _ = try ConvTutor.parseAsRoot(args) }
        }
        // Every line fits, but for one piece that cannot be broken (an option with its quoted value).
        let lines = r.stdout.split(separator: "\n").drop { $0 != "Examples:" }.prefix { !$0.hasPrefix("USAGE:") }
        for line in lines where line.count > columns {
            #expect(line.hasPrefix("    ") && !line.dropFirst(5).contains(" -"), "\(columns): \(line)")
        }
    }

    @Test func aCommentIsNeverSplit() throws {
        let help = try CLI.run(["progress", "--help"], environment: ["COLUMNS": "40"]).stdout
        #expect(help.contains("  convtutor progress --reset 3 \\\n    # lesson 3, as convtutor lesson 3\n"), "\(help)")
    }

    @Test func theLongExamplesAreContinuedNotWrapped() throws {
        let help = try CLI.run(["compute", "--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(help.contains("  convtutor compute --input \"1 2 3; 4 5 6; 7 8 9\" --kernel \"1 0; 0 -1\" \\\n    --padding 1\n"))
        #expect(Self.examples(help).count == 8)
    }
}
