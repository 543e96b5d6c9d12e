import ConvKit
import Foundation

/// Writes a result file. A regular file (or a new one) is replaced atomically, through a
/// temporary file in the same folder; anything else — a device, a pipe — is written through,
/// so `--output /dev/stdout` works and a symlink keeps pointing where it did.
enum FileOutput {
    static func write(_ bytes: [UInt8], to path: String, option: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let folder = (target as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw ConvError("\(option): '\(path)' is a folder") }
            let type = (try? FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType) ?? nil
            if type != .typeRegular {
                guard let handle = FileHandle(forWritingAtPath: target) else { throw ConvError("\(option): cannot open '\(path)' for writing") }
                defer { try? handle.close() }
                do { try handle.write(contentsOf: Data(bytes)) } catch { throw ConvError("\(option): cannot write '\(path)': \(reason(error))") }
                return
            }
        } else if !FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw ConvError("\(option): the folder '\(folder)' does not exist")
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw ConvError("\(option): cannot write '\(path)': \(reason(error))")
        }
    }

    /// The POSIX reason where there is one ("No space left on device"), not Foundation's wrapper.
    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
