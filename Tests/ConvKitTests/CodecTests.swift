import ConvKit
import Testing

@Suite struct GridTextTests {
    func error(_ text: String) -> GridText.ParseError? {
        do { _ = try GridText.parse(text) } catch let e as GridText.ParseError { return e } catch {}
        return nil
    }

    @Test func shapesFollowTheLayout() throws {
        #expect(try GridText.parse("1 0 1; 0 1 0").shape == [2, 3])
        #expect(try GridText.parse("1, 2\n3, 4\n\n5 6\n7 8\n").shape == [2, 2, 2])
        #expect(try GridText.parse("1 2; 3 4 | 5 6; 7 8 || 1 1; 1 1 | 0 0; 0 0").shape == [2, 2, 2, 2])
        #expect(try GridText.parse("# a comment\n1 2 # trailing\n---\n3 4\n").shape == [2, 1, 1, 2])
        #expect(try GridText.parse("7").shape == [1, 1])
    }

    @Test func windowsLineEndingsAndCommentLines() throws {
        #expect(try GridText.parse("1 2\r\n3 4\r\n").shape == [2, 2])
        // A comment line inside a grid is not a channel break; a blank line is.
        #expect(try GridText.parse("1 2\n# note\n3 4\n").shape == [2, 2])
        #expect(try GridText.parse("1 2\n\n3 4\n").shape == [2, 1, 2])
    }

    @Test func numbersMayBeFractionsAndExponents() throws {
        #expect(try GridText.parse("1/9 -2.5 1e-3 +4").data == [1.0 / 9, -2.5, 0.001, 4])
    }

    @Test func errorsNameLineAndColumn() throws {
        let bad = try #require(error("1 2 3\n4 x 6"))
        #expect(bad.line == 2 && bad.column == 3 && bad.message.contains("'x'"))
        let ragged = try #require(error("1 2 3\n4 5\n"))
        #expect(ragged.line == 2 && ragged.message.contains("row 2 has 2"))
        let wide = try #require(error("1 2\n\n1 2 3\n"))
        #expect(wide.line == 3 && wide.message.contains("channel 2, row 1 has 3"))
        let channels = try #require(error("1 2\n3 4\n\n5 6\n"))
        #expect(channels.line == 4 && channels.message.contains("channel 2 has 1 row"))
        #expect(error("nan 1")?.message.contains("not a number") == true)
        #expect(error("inf")?.message.contains("not a number") == true)
        #expect(error("0x10")?.message.contains("not a number") == true)
        #expect(error("1e999")?.message.contains("finite") == true)
        #expect(error("1/0")?.message.contains("zero") == true)
        #expect(error("# nothing\n\n")?.message.contains("no numbers") == true)
    }
}

@Suite struct NPYTests {
    func header(_ dict: String, version: UInt8 = 1) -> [UInt8] {
        var h = Array(dict.utf8)
        while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
        h.append(0x0A)
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h
    }
    func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }

    @Test func roundTripsFloat64() throws {
        let t = try Tensor(shape: [2, 3], data: [1, -2.5, 1.0 / 3, 0, 4e10, -7])
        #expect(try NPY.decode(NPY.encode(t)) == t)
        #expect(NPY.encode(t).count % 16 == 0)
    }

    @Test func readsTheOtherDtypes() throws {
        let i4 = header("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }") + le(Int32(-1)) + le(Int32(2)) + le(Int32(7))
        #expect(try NPY.decode(i4).data == [-1, 2, 7])
        let i8 = header("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }") + le(Int64(5)) + le(Int64(-9))
        #expect(try NPY.decode(i8).shape == [1, 2])
        let f4 = header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }") + le(Float(0.5).bitPattern)
        #expect(try NPY.decode(f4).data == [0.5])
    }

    @Test func refusesWhatItCannotRead() {
        func reason(_ b: [UInt8]) -> String {
            do { _ = try NPY.decode(b) } catch { return "\(error)" }
            return "accepted"
        }
        #expect(reason(Array("hello world".utf8)).contains("not a .npy"))
        #expect(reason(header("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }") + [0, 0, 0, 0, 0, 0, 0, 0]).contains("not supported"))
        #expect(reason(header("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }")).contains("not supported"))
        #expect(reason(header("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }") + [UInt8](repeating: 0, count: 8)).contains("Fortran"))
        #expect(reason(header("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }") + [UInt8](repeating: 0, count: 8)).contains("truncated"))
        #expect(reason(header("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }")).contains("too large"))
        #expect(reason(header("{'descr': '<f8', 'fortran_order': False, 'shape': (2,x), }")).contains("malformed"))
        #expect(reason(Array(header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }").prefix(20))).contains("truncated"))
        let nan = header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }") + le(Double.nan.bitPattern)
        #expect(reason(nan).contains("finite"))
    }
}

/// Screen text for numbers: compact, never a crash, never 0 for a value that is not 0.
@Suite struct ShortNumberTests {
    @Test(arguments: [
        (4.0, "4"), (-0.0, "0"), (0.5, "0.5"), (1.0 / 3, "0.33"), (-2.675, "-2.68"), (123456789.125, "123456789.13"),
        (1e19, "1e19"), (-2.5e300, "-2.5e300"), (9.2233720368547758e18, "9.22e18"), (1e15, "1e15"), (999999999999999.5, "1e15"), (12345678901234.5, "1.23e13"), (1234567890123.25, "1234567890123.25"),
        (0.001, "1e-3"), (-0.00123, "-1.23e-3"), (0.004999, "5e-3"), (0.005, "0.01"), (5e-324, "4.94e-324"), (0.0999999, "0.1"),
    ])
    func shortText(_ value: Double, _ text: String) {
        #expect(NumberFormat.short(value) == text)
    }

    /// Values that used to overflow Int64 while being formatted, at every precision the screens use.
    @Test func hugeValuesFormatAtEveryPrecision() throws {
        for v in [9.3e18, -1e19, 1e100, -3.3e200] {
            for digits in [2, 4] {
                let text = NumberFormat.short(v, digits: digits)
                #expect(text.contains("e"), "\(v) → \(text)")
                let back = try GridText.parse(text).data[0]
                #expect(abs(back - v) <= abs(v) * 0.01, "\(text) reads back as \(back)")
            }
        }
    }
}
