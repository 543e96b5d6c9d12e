import ConvKit
import SafeFiles

/// A result file named on the command line, written by SafeWriter (never renamed over a device,
/// a link or the shell's redirection); its errors are one line naming the option.
enum FileOutput {
    static func write(_ bytes: [UInt8], to path: String, option: String) throws {
        do {
            try SafeWriter.write(bytes, toPath: path)
        } catch let e as FileError {
            throw ConvError("\(option) '\(path)': \(e)")
        }
    }
}
