/// numpy's .npy format (versions 1–3): little-endian float64/float32/int64/int32 in C order.
/// Everything is validated before any allocation, so a corrupt header cannot ask for gigabytes.
public enum NPY {
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]   // \x93NUMPY
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw ConvError("not a .npy file (missing the \\x93NUMPY signature)")
        }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw ConvError(".npy header is truncated") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw ConvError(".npy format version \(major) is not supported (1, 2 or 3 are)")
        }
        guard headerLength <= 65_536, headerStart + headerLength <= bytes.count else {
            throw ConvError(".npy header is truncated or too long")
        }
        guard let header = String(validating: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self) else {
            throw ConvError(".npy header is not text")
        }
        let descr = try field("descr", in: header)
        let fortran = try field("fortran_order", in: header)
        let shapeText = try field("shape", in: header)

        let dtype = descr.trimmingCharacters(in: "'\"")
        guard let itemSize = ["<f8": 8, "<f4": 4, "<i8": 8, "<i4": 4][dtype] else {
            throw ConvError(".npy dtype \(Escaped.token(dtype)) is not supported: save as little-endian float64, float32, int64 or int32 ('<f8', '<f4', '<i8', '<i4')")
        }
        guard fortran == "False" else {
            throw ConvError(".npy array is in Fortran order; save it with np.ascontiguousarray first")
        }
        let shape = try parseShape(shapeText)
        let count = try Tensor.elementCount(shape)
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart >= count * itemSize else {
            throw ConvError(".npy data is truncated: shape \(shape.shapeText) needs \(count * itemSize) bytes, the file has \(bytes.count - dataStart)")
        }
        // One pass straight into the tensor's storage: no copy of the body, no zero-filling first.
        let data = bytes.withUnsafeBytes { raw in
            let body = UnsafeRawBufferPointer(rebasing: raw[dataStart...])
            return [Double](unsafeUninitializedCapacity: count) { out, initialized in
                switch dtype {
                case "<f8": for i in 0..<count { out[i] = Double(bitPattern: UInt64(littleEndian: body.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
                case "<f4": for i in 0..<count { out[i] = Double(Float(bitPattern: UInt32(littleEndian: body.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))) }
                case "<i8": for i in 0..<count { out[i] = Double(Int64(littleEndian: body.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))) }
                default: for i in 0..<count { out[i] = Double(Int32(littleEndian: body.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))) }
                }
                initialized = count
            }
        }
        if let bad = data.firstIndex(where: { !$0.isFinite }) {
            throw ConvError(".npy element \(bad) is \(data[bad]); only finite numbers are allowed")
        }
        return Tensor(unchecked: shape.isEmpty ? [1] : shape, data: data)
    }

    /// float64, C order, version 1.0, header padded to a multiple of 64 bytes as numpy does.
    public static func encode(_ t: Tensor) -> [UInt8] {
        let dims = t.shape.map(String.init).joined(separator: ", ") + (t.shape.count == 1 ? "," : "")
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        let n = header.utf8.count
        out += [UInt8(n & 0xFF), UInt8(n >> 8)]
        out += Array(header.utf8)
        out.reserveCapacity(out.count + t.count * 8)
        for v in t.data {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// The value text of `'key': value` in numpy's header dict (value ends at a top-level comma).
    private static func field(_ key: String, in header: String) throws -> String {
        guard let keyRange = header.firstRange(of: "'\(key)'") ?? header.firstRange(of: "\"\(key)\"") else {
            throw ConvError(".npy header has no '\(key)'")
        }
        // numpy keeps the last of a repeated key and this reader would take the first: refuse it.
        guard header.ranges(of: "'\(key)'").count + header.ranges(of: "\"\(key)\"").count == 1 else {
            throw ConvError(".npy header has '\(key)' more than once")
        }
        var rest = header[keyRange.upperBound...].drop(while: { $0 == " " })
        guard rest.first == ":" else { throw ConvError(".npy header is malformed near '\(key)'") }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        var depth = 0, value = ""
        for ch in rest {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if depth == 0 && (ch == "," || ch == "}") { break }
            value.append(ch)
            if depth < 0 || value.count > 200 { throw ConvError(".npy header is malformed near '\(key)'") }
        }
        return value.trimmingCharacters(in: " ")
    }

    private static func parseShape(_ text: String) throws -> [Int] {
        guard text.hasPrefix("("), text.hasSuffix(")") else { throw ConvError(".npy shape \(Escaped.token(text)) is malformed") }
        let inner = text.dropFirst().dropLast()
        // A Python tuple: `()`, `(3,)`, `(2, 3)`, one trailing comma allowed; `(2,,2)` is not one.
        var parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        if parts == [""] { parts = [] } else if parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        guard parts.count <= 8 else { throw ConvError(".npy shape \(Escaped.token(text)) has too many dimensions") }
        return try parts.map {
            guard let d = Int($0), d >= 0 else { throw ConvError(".npy shape \(Escaped.token(text)) is malformed") }
            return d
        }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
