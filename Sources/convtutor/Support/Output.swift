import ConvKit
import SafeFiles
import TutorUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to a file descriptor that treat a closed pipe as "the reader has enough"
/// (so `trace | head` ends quietly) and any other write failure as a clean error.
/// Human-readable text is written in `Charset.current` (ASCII stand-ins under a locale that
/// is not UTF-8); machine-readable output (`charset: .unicode`) is UTF-8 whatever the locale.
struct OutputStream {
    let fd: Int32
    let charset: Charset
    private var buffer: [UInt8] = []

    init(fd: Int32 = 1, charset: Charset = Charset.current) {
        self.fd = fd
        self.charset = charset
        buffer.reserveCapacity(1 << 16)
        // EPIPE ends the output quietly; EFBIG (past `ulimit -f`) is reported like a full disk.
        WriteSignals.reportAsErrors()
    }

    struct ReaderGone: Error {}

    mutating func write(_ s: String) throws {
        buffer.append(contentsOf: (charset == .ascii ? AsciiText.transliterate(s) : s).utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw ReaderGone() }
                throw ConvError("cannot write output: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

enum Terminal {
    static func printError(_ message: String) {
        var err = OutputStream(fd: 2)
        try? err.write("error: \(Escaped.line(message))\n")
        try? err.flush()
    }
}
