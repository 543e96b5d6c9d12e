import ConvKit
import Foundation
import SafeFiles

/// Turns a SPEC (file path or inline grid) into a tensor, with errors that name the place.
enum SpecLoader {
    /// Inline grids only use these characters, so anything else must have been meant as a path.
    private static let inlineCharacters = Set("0123456789 \t,;|.+-eE/#")

    static func load(_ spec: String, option: String) throws -> Tensor {
        var isDirectory: ObjCBool = false
        // A preset name wins unless a file of that name exists in the working directory.
        if let preset = KernelPresets.named(spec), !FileManager.default.fileExists(atPath: spec) { return preset }
        if FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw ConvError("\(option): '\(spec)' is a folder, not a grid file") }
            return try loadFile(spec)
        }
        // A picture bundled with the lessons, for --input (a file of that name wins, as for presets).
        if option == "--input", let picture = BundledPictures.named(spec) { return try decode(picture.bytes, path: picture.file) }
        // A grid has separators or only grid characters; anything else was meant as a file name.
        let looksInline = spec.contains(where: { " ;|,\t".contains($0) }) || spec.allSatisfy({ inlineCharacters.contains($0) })
        guard looksInline else {
            // Presets are kernels; naming them after --input would only mislead.
            let preset = option == "--input" ? " nor a bundled picture: \(BundledPictures.names.joined(separator: ", "))" : " nor a preset: see 'convtutor kernels'"
            throw ConvError("\(option): no such file '\(spec)' (and it is not an inline grid like \"1 0; 0 1\"\(preset))")
        }
        do {
            return try GridText.parse(spec)
        } catch let e as GridText.ParseError {
            throw ConvError(e.column > 0 ? "\(option): column \(e.column): \(e.message)" : "\(option): \(e.message)")
        }
    }

    static func loadFile(_ path: String) throws -> Tensor {
        let bytes: [UInt8]
        do { bytes = try BoundedRead.bytes(atPath: path, limit: Tensor.maxFileBytes) } catch let e as FileError { throw ConvError("\(path): \(e)") }
        return try decode(bytes, path: path)
    }

    /// A file's bytes as a tensor, by the kind its name ends in.
    static func decode(_ bytes: [UInt8], path: String) throws -> Tensor {
        if path.lowercased().hasSuffix(".npy") {
            do { return try NPY.decode(bytes) } catch let e as ConvError { throw ConvError("\(path): \(e.message)") }
        }
        // Netpbm images; the other picture types are routed there too for a conversion hint.
        if [".pgm", ".ppm", ".pnm", ".pbm", ".pam", ".png", ".jpg", ".jpeg"].contains(where: path.lowercased().hasSuffix) {
            do { return try Netpbm.decode(bytes) } catch let e as ConvError { throw ConvError("\(path): \(e.message)") }
        }
        do {
            return try GridText.parse(utf8: bytes)
        } catch let e as GridText.ParseError {
            throw ConvError("\(path):\(e.description)")
        } catch is GridText.NotUTF8 {
            throw ConvError("\(path): not UTF-8 text (for numpy arrays use a .npy file)")
        }
    }
}
