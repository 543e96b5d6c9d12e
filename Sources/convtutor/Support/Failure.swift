import ArgumentParser
import ConvKit

/// Runs a command body so that every user-facing failure is one `error:` line and exit 1,
/// and a reader closing the pipe early is a quiet success.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ConvError {
        Terminal.printError(e.message)
        throw ExitCode(1)
    } catch is OutputStream.ReaderGone {
        throw ExitCode.success
    }
}
