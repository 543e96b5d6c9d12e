import CNcurses

/// SIGINT, SIGTERM and SIGHUP only set a flag (in the C shim); the run loop polls it.
enum Signals {
    /// Must run before `newterm`: ncurses only installs its own exiting SIGINT/SIGTERM handlers
    /// when the current ones are the defaults, and ours must win so the loop can clean up.
    static func install() { ct_signals_install() }
    static func restore() { ct_signals_restore() }
    static var pending: Int32? {
        let sig = ct_signal_pending()
        return sig == 0 ? nil : sig
    }
}
