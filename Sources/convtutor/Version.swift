/// convtutor's version, in one place: `convtutor --version` prints it, and Scripts/package
/// writes the man page's version from that output.
enum Version {
    static let number = "0.18.0"
}
