import ConvKit
import Testing

@Suite struct NetpbmTests {
    func bytes(_ header: String, _ raster: [UInt8] = []) -> [UInt8] { Array(header.utf8) + raster }

    func reason(_ b: [UInt8]) -> String {
        do { _ = try Netpbm.decode(b) } catch let e as ConvError { return e.message } catch { return "not a ConvError: \(error)" }
        return "accepted"
    }
    func reason(_ s: String) -> String { reason(Array(s.utf8)) }

    // MARK: - Each variant

    @Test func plainPGM() throws {
        let t = try Netpbm.decode(bytes("P2\n3 2\n9\n0 1 2\n3 4 9\n"))
        #expect(t.shape == [2, 3])
        #expect(t.data == [0, 1, 2, 3, 4, 9])
    }

    @Test func rawPGM8Bit() throws {
        let t = try Netpbm.decode(bytes("P5\n2 2\n255\n", [0, 128, 200, 255]))
        #expect(t.shape == [2, 2])
        #expect(t.data == [0, 128, 200, 255])
    }

    @Test func rawPGM16BitIsBigEndian() throws {
        let t = try Netpbm.decode(bytes("P5 3 1 65535\n", [0x00, 0x01, 0x01, 0x00, 0xFF, 0xFF]))
        #expect(t.shape == [1, 3])
        #expect(t.data == [1, 256, 65535])
        // maxval 256 already needs two bytes per sample.
        #expect(try Netpbm.decode(bytes("P5 1 1 256\n", [0x01, 0x00])).data == [256])
        #expect(try Netpbm.decode(bytes("P2 2 1 1000\n999 1000\n")).data == [999, 1000])
    }

    @Test func plainPPMGivesRGBPlanes() throws {
        let t = try Netpbm.decode(bytes("P3\n2 1\n255\n255 0 0   10 20 30\n"))
        #expect(t.shape == [3, 1, 2])
        #expect(t.data == [255, 10, 0, 20, 0, 30])   // R plane, G plane, B plane
    }

    @Test func rawPPM8And16Bit() throws {
        let t = try Netpbm.decode(bytes("P6 2 2 255\n", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
        #expect(t.shape == [3, 2, 2])
        #expect(t.data == [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12])
        let wide = try Netpbm.decode(bytes("P6 1 1 4095\n", [0x0F, 0xFF, 0x00, 0x02, 0x01, 0x00]))
        #expect(wide.shape == [3, 1, 1])
        #expect(wide.data == [4095, 2, 256])
    }

    // MARK: - Layout details

    @Test func commentsInOddPlaces() throws {
        // Right after the magic, inside the size line, before maxval, and in the plain raster.
        let plain = "P2# made by hand\n# a whole comment line\n2#width\n  # more\n2 # height\n#max next\n7\n1 2 # end of row\n#\n3 4"
        #expect(try Netpbm.decode(bytes(plain)).data == [1, 2, 3, 4])
        // A comment straight after maxval: its line ending is the one byte before the raster.
        let raw = try Netpbm.decode(bytes("P5 2 1 255# the raster follows\n", [35, 10]))
        #expect(raw.data == [35, 10])   // '#' and '\n' as samples are data, not header
        // CR line endings and tabs are whitespace too.
        #expect(try Netpbm.decode(bytes("P2\r\n2\t1\r\n# c\r\n5\r\n5 0\r\n")).data == [5, 0])
    }

    @Test func onlyOneWhitespaceByteEndsTheHeader() throws {
        // Raster bytes that happen to be whitespace (10 = LF, 32 = space) are samples.
        let t = try Netpbm.decode(bytes("P5\n3 1\n255\n", [10, 32, 9]))
        #expect(t.data == [10, 32, 9])
    }

    @Test func theFirstOfSeveralImagesIsRead() throws {
        let raw = bytes("P5 1 1 255\n", [7]) + bytes("P5 2 2 255\n", [1, 2, 3, 4])
        #expect(try Netpbm.decode(raw).shape == [1, 1])
        #expect(try Netpbm.decode(raw).data == [7])
        let plain = bytes("P2 2 1 9\n1 2\nP2 1 1 9\n5\n")
        #expect(try Netpbm.decode(plain).data == [1, 2])
        // Trailing whitespace and comments after a plain raster are fine.
        #expect(try Netpbm.decode(bytes("P2 1 1 9\n3\n\n# done\n")).data == [3])
    }

    // MARK: - Refusals, each with its reason

    @Test func refusesWhatItCannotRead() {
        let cases: [(String, [UInt8], String)] = [
            ("empty file", [], "not a Netpbm image (no P2, P3, P5 or P6 magic number at the start); PGM (P2, P5) and PPM (P3, P6) are supported"),
            ("plain PBM", bytes("P1\n2 2\n0 1 1 0\n"), "P1 is a PBM bitmap, which is not supported"),
            ("raw PBM", bytes("P4\n8 1\n", [0xAA]), "P4 is a PBM bitmap"),
            ("PAM", bytes("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n", [0]), "P7 is a PAM image"),
            ("unknown magic", bytes("P9 1 1 255\n0"), "P9 is not a Netpbm format"),
            ("PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "this is a PNG image"),
            ("JPEG", [0xFF, 0xD8, 0xFF, 0xE0], "this is a JPEG image"),
            ("magic glued to width", bytes("P23 3 255\n"), "magic number P2 must be followed by whitespace"),
            ("zero width", bytes("P2 0 3 255\n"), "size 0×3 is empty"),
            ("zero height", bytes("P5 4 0 255\n"), "size 4×0 is empty"),
            ("negative height", bytes("P2 3 -2 255\n"), "PGM height -2 is negative"),
            ("maxval 0", bytes("P2 1 1 0\n0\n"), "maxval 0 is out of range: it must be 1…65535"),
            ("maxval too big", bytes("P5 1 1 65536\n", [0, 0]), "maxval 65536 is out of range"),
            ("width not a number", bytes("P2 abc 1 255\n"), "PGM width 'abc' is not a whole number (line 1)"),
            ("decimal maxval", bytes("P3 1 1 25.5\n"), "PPM maxval '25.5' is not a whole number"),
            ("header ends early", bytes("P2\n3"), "header is truncated: the file ends before the height"),
            ("no raster at all", bytes("P5 1 1 255"), "the file ends right after the header"),
            ("raw raster too short", bytes("P5 4 4 255\n", [UInt8](repeating: 1, count: 10)), "a 4×4 8-bit image needs 16 bytes of samples, the file has 10"),
            ("16-bit raster too short", bytes("P6 1 1 1000\n", [0, 1, 0, 2, 0]), "a 1×1 16-bit image needs 6 bytes of samples, the file has 5"),
            ("plain raster too short", bytes("P2 3 3 9\n1 2 3\n4 5\n"), "needs 9 samples, the file has 5"),
            ("plain sample over maxval", bytes("P2 2 2 9\n1 2\n3 10\n"), "PGM sample 10 at row 2, column 2 is larger than maxval 9"),
            ("raw sample over maxval", bytes("P5 2 1 100\n", [100, 101]), "sample 101 at row 1, column 2 is larger than maxval 100"),
            ("16-bit sample over maxval", bytes("P6 1 1 300\n", [0, 0, 1, 0x2D, 0, 0]), "sample 301 at row 1, column 1 (green) is larger than maxval 300"),
            ("garbage inside a sample", bytes("P2 3 1 255\n1 2x 3\n"), "PGM sample '2x' at row 1, column 2 (line 2) is not a whole number from 0 to 255"),
            ("negative sample", bytes("P3 1 1 255\n1 -2 3\n"), "sample '-2' at row 1, column 1 (green) (line 2) is not a whole number"),
            ("decimal sample", bytes("P2 1 1 255\n1.5\n"), "sample '1.5'"),
            ("garbage after the samples", bytes("P2 2 1 9\n1 2 oops\n"), "unexpected text after the last of its 2 samples (line 2): 'oops'"),
            ("too many samples", bytes("P2 1 1 9\n1 2\n"), "unexpected text after the last of its 1 sample ("),
            ("too large", bytes("P5 100000 100000 255\n", [0]), "image 100000×100000 is too large: at most 100000000 values are allowed"),
            ("colour too large", bytes("P6 6000 6000 255\n", [0]), "PPM image 6000×6000 is too large"),
            ("overflowing sizes", bytes("P5 99999999999999999999999 99999999999999999999999 255\n"), "is too large"),
        ]
        var reasons: [String: String] = [:]
        for (name, input, expected) in cases {
            let got = reason(input)
            #expect(got.contains(expected), "\(name): \(got)")
            // Each way of being wrong gets its own explanation, not one catch-all sentence.
            if let other = reasons.updateValue(name, forKey: got) { Issue.record("\(name) and \(other) both say: \(got)") }
        }
        #expect(reason(bytes("hello world")) == reason([]), "text without a magic number is refused as the empty file is")
    }

    // MARK: - Robustness

    /// SplitMix64: small, seeded, the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 { SplitMix64.step(&state) }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test func mutatedFilesEndInAnErrorOrAValidTensor() {
        let seeds: [[UInt8]] = [
            bytes("P2\n# c\n3 2\n9\n0 1 2\n3 4 9\n"),
            bytes("P3 2 1 255\n255 0 0 10 20 30\n"),
            bytes("P5\n4 2\n255\n", [0, 10, 32, 35, 200, 255, 1, 2]),
            bytes("P5 2 2 65535\n", [0, 1, 1, 0, 255, 255, 0, 0]),
            bytes("P6 2 1 255\n", [1, 2, 3, 4, 5, 6]),
            bytes("P6 1 1 1000\n", [3, 0xE8, 0, 1, 0, 2]) + bytes("P5 1 1 255\n", [9]),
        ]
        let interesting = Array("0123456789 #\n\r\t-P+.x".utf8) + [0, 0xFF, 0x80]
        var random = Random(state: 0xC0DE)
        var accepted = 0, refused = 0
        for round in 0..<3_000 {
            var b = seeds[round % seeds.count]
            for _ in 0..<(1 + random.below(4)) {
                switch random.below(6) {
                case 0 where !b.isEmpty:   // truncate
                    b = Array(b.prefix(random.below(b.count)))
                case 1 where !b.isEmpty:   // overwrite with a byte the parser cares about
                    b[random.below(b.count)] = interesting[random.below(interesting.count)]
                case 2 where !b.isEmpty:   // overwrite with any byte
                    b[random.below(b.count)] = UInt8(truncatingIfNeeded: random.next())
                case 3:                    // insert, e.g. a digit that makes a size huge
                    b.insert(interesting[random.below(interesting.count)], at: random.below(b.count + 1))
                case 4 where !b.isEmpty:   // delete
                    b.remove(at: random.below(b.count))
                default:                   // repeat a stretch (more digits, more samples)
                    let at = random.below(b.count + 1)
                    let chunk = b[at..<min(b.count, at + 1 + random.below(4))]
                    b.insert(contentsOf: chunk, at: at)
                }
            }
            do {
                let t = try Netpbm.decode(b)
                accepted += 1
                let valid = (t.rank == 2 || (t.rank == 3 && t.shape[0] == 3))
                    && t.shape.allSatisfy { $0 >= 1 } && t.shape.reduce(1, *) == t.count
                    && t.data.allSatisfy { $0 >= 0 && $0 <= 65_535 && $0 == $0.rounded() }
                #expect(valid, "round \(round): shape \(t.shape)")
            } catch let e as ConvError {
                refused += 1
                #expect(!e.message.isEmpty && (e.message.hasPrefix("PGM") || e.message.hasPrefix("PPM") || e.message.contains("supported")),
                        "round \(round): \(e.message)")
            } catch {
                Issue.record("round \(round): \(error)")
            }
        }
        // The mutations are varied enough to exercise both outcomes.
        #expect(accepted > 100 && refused > 1_000)
    }
}
