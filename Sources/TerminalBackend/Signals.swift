import CNcurses

/// Every terminating signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2, SIGPIPE, SIGALRM,
/// SIGVTALRM, SIGPROF, SIGXFSZ, SIGXCPU, SIGIO, SIGSYS, SIGPWR, SIGSTKFLT and the real-time
/// ones: the one list is ct_is_terminating in the C shim) and the job-control pair SIGTSTP and
/// SIGCONT only set flags, unless ignored when we started; the run loop polls them. Crash
/// signals restore the terminal before the process dies (see ct_crash_handler).
enum Signals {
    /// Must run before `newterm`: ncurses only installs its own SIGINT/SIGTERM/SIGTSTP handlers
    /// when the current ones are the defaults, and ours must win so the loop can clean up.
    static func install() {
        ct_signals_install()
        ct_crash_install()
    }
    static func restore() {
        ct_crash_restore()
        ct_signals_restore()
    }
    /// The terminating signal that arrived, if any.
    static var pending: Int32? {
        let sig = ct_signal_pending()
        return sig == 0 ? nil : sig
    }
    /// True once per SIGTSTP received (a `kill -TSTP`; Ctrl-Z itself arrives as a key).
    static func takeSuspend() -> Bool { ct_take_suspend() != 0 }
    /// True once per SIGCONT: after any stop, even a SIGSTOP that could not be caught, the
    /// shell has put its own terminal modes back.
    static func takeContinued() -> Bool { ct_take_continued() != 0 }
    /// Stops the process group as Ctrl-Z would, returning when it is continued.
    static func stopSelf() { ct_stop_self() }
}
