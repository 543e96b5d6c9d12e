import CNcurses

/// SIGINT, SIGTERM and SIGHUP only set a flag (in the C shim); the run loop polls it. Crash
/// signals restore the terminal before the process dies (see ct_crash_handler).
enum Signals {
    /// Must run before `newterm`: ncurses only installs its own exiting SIGINT/SIGTERM handlers
    /// when the current ones are the defaults, and ours must win so the loop can clean up.
    static func install() {
        ct_signals_install()
        ct_crash_install()
    }
    static func restore() {
        ct_crash_restore()
        ct_signals_restore()
    }
    static var pending: Int32? {
        let sig = ct_signal_pending()
        return sig == 0 ? nil : sig
    }
}
