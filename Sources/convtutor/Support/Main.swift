import ArgumentParser
import Foundation
import TutorUI

extension ConvTutor {
    /// Like ArgumentParser's main, but a mistyped command line gets one `error:` line that
    /// points at the right --help instead of a usage block; help and our own exits pass through.
    static func main() {
        let charset = Charset.ofLocale()
        do {
            var command = try parseAsRoot()
            try Charset.$current.withValue(charset) { try command.run() }
        } catch {
            let code = exitCode(for: error)
            if code == .success, !(error is ExitCode) {
                // Help and --version: examples laid out at the width the help was wrapped to,
                // and in the locale's ASCII as everything else prints.
                let help = HelpText.finish(fullMessage(for: error))
                var out = OutputStream(charset: charset)
                // The JSON of --experimental-dump-help (read by generate-manual) keeps its lines.
                let ascii = help.hasPrefix("{") ? AsciiText.transliterate(help) : AsciiHelp.text(help)
                try? out.write((charset == .ascii ? ascii : help) + "\n")
                try? out.flush()
                Foundation.exit(0)
            }
            guard code == .validationFailure, !(error is ExitCode) else { exit(withError: error) }
            let first = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            let names = configuration.subcommands.map { $0._commandName }
            let sub = CommandLine.arguments.dropFirst().first { names.contains($0) }
            let text = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
            FileHandle.standardError.write(Data("error: \(text) (see 'convtutor\(sub.map { " " + $0 } ?? "") --help')\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
