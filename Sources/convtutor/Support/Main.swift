import ArgumentParser
import Foundation

extension ConvTutor {
    /// Like ArgumentParser's main, but a mistyped command line gets one `error:` line that
    /// points at the right --help instead of a usage block; help and our own exits pass through.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
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
