#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// True when `path` names the terminal the UI draws on, however spelled: /dev/stdout,
/// /dev/fd/1, /proc/self/fd/0, the pty's own /dev/pts/N, or /dev/tty (the controlling
/// terminal, a device of its own number). A recording written there would garble the screen.
/// Terminals are character devices, so the device number decides, not the inode: any node
/// for the same device is the same terminal.
func isOwnTerminal(_ path: String) -> Bool {
    var target = stat()
    guard stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFCHR else { return false }
    var controlling = stat()
    if stat("/dev/tty", &controlling) == 0, (controlling.st_mode & S_IFMT) == S_IFCHR,
       target.st_rdev == controlling.st_rdev {
        return true
    }
    // newterm draws on stdout and reads stdin.
    return [STDIN_FILENO, STDOUT_FILENO].contains { fd in
        var st = stat()
        return isatty(fd) == 1 && fstat(fd, &st) == 0 && target.st_rdev == st.st_rdev
    }
}
