/// Netpbm images: PGM (P2 plain, P5 raw) → [H,W] and PPM (P3 plain, P6 raw) → [3,H,W] with
/// the R, G, B planes in C order. Values are the integers 0…maxval as stored: nothing is scaled,
/// so the tutor's products and sums are the ones a learner can check by hand.
///
/// The header is magic, width, height, maxval, separated by whitespace; `#` starts a comment
/// that runs to the end of the line, anywhere in the header. Raw samples are one byte when
/// maxval ≤ 255 and two bytes big-endian otherwise, and start after the single whitespace byte
/// that ends maxval. A file may hold several images; the first is read and the rest ignored.
/// Every size is checked before anything is allocated, so a corrupt header cannot ask for
/// gigabytes.
public enum Netpbm {
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        var reader = Reader(bytes: bytes)
        let format = try magic(bytes)
        reader.index = 2
        let name = format.isColor ? "PPM" : "PGM"
        guard reader.index == bytes.count || isSpace(bytes[reader.index]) || bytes[reader.index] == hash else {
            throw ConvError("\(name) magic number P\(format.digit) must be followed by whitespace")
        }

        let (width, widthText) = try reader.headerNumber("width", name)
        let (height, heightText) = try reader.headerNumber("height", name)
        let (maxval, maxvalText) = try reader.headerNumber("maxval", name)
        guard width >= 1, height >= 1 else {
            throw ConvError("\(name) size \(widthText)×\(heightText) is empty: width and height must be at least 1")
        }
        guard maxval >= 1, maxval <= 65_535 else {
            throw ConvError("\(name) maxval \(maxvalText) is out of range: it must be 1…65535")
        }
        let channels = format.isColor ? 3 : 1
        let shape = format.isColor ? [3, height, width] : [height, width]
        let count: Int
        do { count = try Tensor.elementCount(shape) } catch {
            throw ConvError("\(name) image \(widthText)×\(heightText) is too large: at most \(Tensor.maxElements) values are allowed")
        }
        let pixels = count / channels

        func place(_ sample: Int) -> String {
            let pixel = sample / channels
            let at = "row \(pixel / width + 1), column \(pixel % width + 1)"
            return format.isColor ? "\(at) (\(["red", "green", "blue"][sample % 3]))" : at
        }
        func outOfRange(_ value: String, _ sample: Int) -> ConvError {
            ConvError("\(name) sample \(value) at \(place(sample)) is larger than maxval \(maxval)")
        }

        // Samples arrive pixel by pixel (R, G, B for colour); the tensor wants whole planes.
        var data: [Double]
        if format.isRaw {
            // Exactly one whitespace byte (or a comment, which ends with one) separates maxval
            // from the raster; the raster's first byte may itself look like whitespace.
            try reader.endOfHeader(name)
            let depth = maxval > 255 ? 2 : 1
            let needed = count * depth
            let available = bytes.count - reader.index
            guard available >= needed else {
                throw ConvError("\(name) data is truncated: a \(width)×\(height) \(depth * 8)-bit image needs \(needed) bytes of samples, the file has \(available)")
            }
            let start = reader.index
            // Bounds were checked above; a million-pixel picture should cost a millisecond, not twenty.
            @inline(__always) func sample(_ src: UnsafePointer<UInt8>, _ s: Int) -> Int {
                depth == 1 ? Int(src[s]) : Int(src[2 &* s]) << 8 | Int(src[2 &* s &+ 1])
            }
            data = [Double](unsafeUninitializedCapacity: count) { out, initialized in
                bytes.withUnsafeBufferPointer { raw in
                    let src = raw.baseAddress! + start
                    if channels == 1 && depth == 1 {
                        for s in 0..<count { out[s] = Double(src[s]) }
                    } else {
                        for p in 0..<pixels {
                            for c in 0..<channels { out[c &* pixels &+ p] = Double(sample(src, p &* channels &+ c)) }
                        }
                    }
                }
                initialized = count
            }
            // Only a maxval below the format's largest value can be exceeded.
            if maxval < (depth == 1 ? 255 : 65_535), let s = data.firstIndex(where: { $0 > Double(maxval) }) {
                let p = s % pixels, c = s / pixels
                throw outOfRange(String(Int(data[s])), p * channels + c)
            }
        } else {
            // Memory grows with the samples actually present, never with the header's claim.
            var samples: [Double] = []
            samples.reserveCapacity(min(count, bytes.count / 2 + 1))
            while samples.count < count {
                reader.skipSpaceAndComments()
                let line = reader.line
                guard let token = reader.token() else {
                    throw ConvError("\(name) data is truncated: a \(width)×\(height) image needs \(count.counting("sample")), the file has \(samples.count)")
                }
                guard let value = number(token, limit: 65_535) else {
                    throw ConvError("\(name) sample '\(text(token))' at \(place(samples.count)) (line \(line)) is not a whole number from 0 to \(maxval)")
                }
                guard value <= maxval else { throw outOfRange(text(token), samples.count) }
                samples.append(Double(value))
            }
            if channels == 1 {
                data = samples
            } else {
                data = [Double](repeating: 0, count: count)
                for (s, v) in samples.enumerated() { data[(s % channels) * pixels + s / channels] = v }
            }
            // After the last sample: only whitespace, comments, or the next image of the file.
            reader.skipSpaceAndComments()
            if reader.index < bytes.count, !(bytes[reader.index] == UInt8(ascii: "P") && reader.index + 1 < bytes.count && (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(bytes[reader.index + 1])) {
                throw ConvError("\(name) has unexpected text after the last of its \(count.counting("sample")) (line \(reader.line)): '\(text(reader.token() ?? []))'")
            }
        }
        return Tensor(unchecked: shape, data: data)
    }

    // MARK: - Header

    private struct Format {
        let digit: Int
        var isColor: Bool { digit == 3 || digit == 6 }
        var isRaw: Bool { digit == 5 || digit == 6 }
    }

    private static let supported = "PGM (P2, P5) and PPM (P3, P6) are supported"

    private static func magic(_ bytes: [UInt8]) throws -> Format {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
        if bytes.starts(with: png) {
            throw ConvError("this is a PNG image; \(supported): convert it, e.g. `convert in.png -colorspace Gray out.pgm`")
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            throw ConvError("this is a JPEG image; \(supported): convert it, e.g. `convert in.jpg -colorspace Gray out.pgm`")
        }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1]) else {
            throw ConvError("not a Netpbm image (no P2, P3, P5 or P6 magic number at the start); \(supported)")
        }
        let digit = Int(bytes[1] - UInt8(ascii: "0"))
        switch digit {
        case 2, 3, 5, 6:
            return Format(digit: digit)
        case 1, 4:
            throw ConvError("P\(digit) is a PBM bitmap, which is not supported; \(supported): convert it, e.g. `convert in.pbm out.pgm`")
        case 7:
            throw ConvError("P7 is a PAM image, which is not supported; \(supported): convert it, e.g. `pamtopnm in.pam > out.pnm`")
        default:
            throw ConvError("P\(digit) is not a Netpbm format; \(supported)")
        }
    }

    // MARK: - Scanning

    private static let hash = UInt8(ascii: "#")

    /// Netpbm's whitespace: space, tab, LF, VT, FF, CR.
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    /// A run of ASCII digits as an integer; nil for anything else. Values above `limit` are
    /// returned as `limit + 1`, so thousands of digits neither overflow nor slip through.
    private static func number(_ token: ArraySlice<UInt8>, limit: Int) -> Int? {
        guard !token.isEmpty else { return nil }
        var value = 0
        for b in token {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) else { return nil }
            value = min(value * 10 + Int(b - UInt8(ascii: "0")), limit + 1)
        }
        return value
    }

    /// A token for a message: printable ASCII, at most 20 characters.
    private static func text(_ token: ArraySlice<UInt8>) -> String {
        let shown = token.prefix(20).map { (0x21...0x7E).contains($0) ? Character(Unicode.Scalar($0)) : "?" }
        return String(shown) + (token.count > 20 ? "…" : "")
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        mutating func skipSpaceAndComments() {
            while index < bytes.count {
                let b = bytes[index]
                if b == Netpbm.hash {
                    while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
                } else if Netpbm.isSpace(b) {
                    if b == 0x0A { line += 1 }
                    index += 1
                } else {
                    return
                }
            }
        }

        /// The bytes up to the next whitespace, comment or end of file; nil at the end.
        mutating func token() -> ArraySlice<UInt8>? {
            let start = index
            while index < bytes.count, !Netpbm.isSpace(bytes[index]), bytes[index] != Netpbm.hash { index += 1 }
            return index > start ? bytes[start..<index] : nil
        }

        /// A header field's value (huge ones clamped, still too large for any check) and its text.
        mutating func headerNumber(_ field: String, _ name: String) throws -> (Int, String) {
            skipSpaceAndComments()
            let at = line
            guard let token = token() else {
                throw ConvError("\(name) header is truncated: the file ends before the \(field)")
            }
            if token.first == UInt8(ascii: "-"), Netpbm.number(token.dropFirst(), limit: Int.max / 100) != nil {
                throw ConvError("\(name) \(field) \(Netpbm.text(token)) is negative (line \(at))")
            }
            guard let value = Netpbm.number(token, limit: Int.max / 100) else {
                throw ConvError("\(name) \(field) '\(Netpbm.text(token))' is not a whole number (line \(at))")
            }
            return (value, Netpbm.text(token))
        }

        /// Consumes the one whitespace byte after maxval (a comment there ends with it).
        mutating func endOfHeader(_ name: String) throws {
            guard index < bytes.count else {
                throw ConvError("\(name) data is truncated: the file ends right after the header")
            }
            if bytes[index] == Netpbm.hash {
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
                guard index < bytes.count else { throw ConvError("\(name) data is truncated: the file ends inside a header comment") }
            }
            // token() stopped at whitespace or a comment, so this byte is whitespace.
            index += 1
        }
    }
}
