import Testing
@testable import ConvKit

/// The shape field is a Python tuple: empty places between commas are not dimensions.
@Suite struct NPYShapeTests {
    static func file(shape: String, values: Int) -> [UInt8] {
        var h = Array("{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }".utf8)
        while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
        h.append(0x0A)
        let data = (0..<values).flatMap { withUnsafeBytes(of: Double($0).bitPattern.littleEndian, Array.init) }
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
    }

    @Test(arguments: ["(2,,,,2)", "(,2)", "(2,,)", "(,)", "( , )"])
    func emptyDimensionsAreRefused(_ shape: String) {
        #expect(throws: ConvError.self) { try NPY.decode(Self.file(shape: shape, values: 4)) }
    }

    @Test(arguments: [("()", [1], 1), ("(3,)", [3], 3), ("(2, 2)", [2, 2], 4), ("(2, 2,)", [2, 2], 4), ("(1, 2, 2)", [1, 2, 2], 4)])
    func tuplesPythonWritesAreRead(_ shape: String, _ expected: [Int], _ values: Int) throws {
        #expect(try NPY.decode(Self.file(shape: shape, values: values)).shape == expected)
    }

    /// A header value is quoted as a short token at most, with control characters escaped.
    @Test(arguments: ["(" + String(repeating: "SECRET", count: 25) + ")", "(1,\u{1B}]0;x\u{07})"])
    func messagesQuoteAShortToken(_ shape: String) {
        #expect {
            try NPY.decode(Self.file(shape: shape, values: 1))
        } throws: { e in
            let m = (e as? ConvError)?.message ?? ""
            return m.count < 60 && !m.contains("\u{1B}")
        }
    }

    /// numpy keeps the last of a repeated key; reading the first would give another array.
    @Test(arguments: ["(1,), 'shape': (2, 2)", "(2, 2), \"shape\": (1,)"])
    func aRepeatedKeyIsRefused(_ shape: String) {
        #expect(throws: ConvError(".npy header has 'shape' more than once")) { try NPY.decode(Self.file(shape: shape, values: 4)) }
    }
}
