#ifndef CONVTUTOR_CNCURSES_SHIM_H
#define CONVTUTOR_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

// SwiftPM does not notice edits to this header in incremental builds: after changing it, touch
// a file in Sources/TerminalBackend (or build clean), or the old inline code stays linked.

// Function-like macros and C globals don't import into Swift 6 (globals count as shared mutable
// state), so each one the backend needs gets a tiny wrapper.
static inline WINDOW *ct_stdscr(void) { return stdscr; }
static inline FILE *ct_stdin(void) { return stdin; }
static inline FILE *ct_stdout(void) { return stdout; }
static inline int ct_lines(void) { return LINES; }
static inline int ct_cols(void) { return COLS; }
static inline int ct_colors(void) { return COLORS; }
static inline attr_t ct_a_bold(void) { return A_BOLD; }
static inline attr_t ct_a_reverse(void) { return A_REVERSE; }
static inline attr_t ct_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ct_a_dim(void) { return A_DIM; }
static inline mmask_t ct_button1_press_or_click(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }

// Signal handlers must be async-signal-safe C: this one only records the signal number.
// Swift's Clang codegen emits header functions into every object file that calls them, and
// skips file-scope statics entirely. So the state hides in function-local statics behind *weak*
// accessors: the linker keeps one copy of each, hence one flag, whichever Swift files (or
// cross-file inlining) end up calling them.
__attribute__((weak)) volatile sig_atomic_t *ct_signal_caught(void) {
    static volatile sig_atomic_t caught;
    return &caught;
}

// Every signal whose default action ends the process, except the crash signals below and
// SIGKILL: each only records its number, and the run loop restores the terminal before exiting
// with 128 + n. Ctrl-C and Ctrl-\ arrive as keys in raw mode and take the same way out.
static inline int ct_is_terminating(int sig) {
    switch (sig) {
    case SIGHUP: case SIGINT: case SIGQUIT: case SIGTERM: case SIGUSR1: case SIGUSR2: case SIGPIPE:
    case SIGALRM: case SIGVTALRM: case SIGPROF: case SIGXCPU: case SIGXFSZ: case SIGIO: case SIGSYS:
#ifdef SIGSTKFLT
    case SIGSTKFLT:
#endif
#ifdef SIGPWR
    case SIGPWR:
#endif
        return 1;
    default:
        return sig >= SIGRTMIN && sig <= SIGRTMAX;
    }
}

// Job control: SIGTSTP asks to suspend (the loop restores the terminal, then stops), SIGCONT
// says we run again (the loop re-enters raw mode and redraws, also after a SIGSTOP we never saw).
static inline int ct_is_handled(int sig) { return ct_is_terminating(sig) || sig == SIGTSTP || sig == SIGCONT; }

__attribute__((weak)) struct sigaction *ct_signal_previous(void) {
    static struct sigaction previous[NSIG];
    return previous;
}

__attribute__((weak)) unsigned char *ct_signal_taken(void) {
    static unsigned char taken[NSIG];
    return taken;
}

__attribute__((weak)) volatile sig_atomic_t *ct_suspend_requested(void) {
    static volatile sig_atomic_t requested;
    return &requested;
}

__attribute__((weak)) volatile sig_atomic_t *ct_continued(void) {
    static volatile sig_atomic_t continued;
    return &continued;
}

static inline void ct_signal_handler(int sig) {
    if (sig == SIGTSTP) *ct_suspend_requested() = 1;
    else if (sig == SIGCONT) *ct_continued() = 1;
    else *ct_signal_caught() = sig;
}

static inline void ct_signals_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = ct_signal_handler;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: an interrupted read should return at once so the loop notices the flag.
    *ct_signal_caught() = 0;
    *ct_suspend_requested() = 0;
    *ct_continued() = 0;
    sigset_t wanted;
    sigemptyset(&wanted);
    for (int sig = 1; sig < NSIG; sig++) {
        ct_signal_taken()[sig] = 0;
        if (!ct_is_handled(sig) || sigaction(sig, NULL, &ct_signal_previous()[sig]) != 0) continue;
        // A signal ignored when we started stays ignored: nohup, a shell's `trap '' PIPE`, a
        // writer that wants EFBIG and EPIPE from write() rather than death by SIGXFSZ or SIGPIPE.
        // Handlers are replaced: Swift's backtracer takes SIGQUIT to ask for a key, raw mode on.
        if (!(ct_signal_previous()[sig].sa_flags & SA_SIGINFO) && ct_signal_previous()[sig].sa_handler == SIG_IGN) continue;
        sigaction(sig, &action, NULL);
        ct_signal_taken()[sig] = 1;
        sigaddset(&wanted, sig);
    }
    // A parent may have started us with these blocked (signal masks are inherited across exec);
    // blocked, a resize or a kill would never reach us.
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
}

static inline void ct_signals_restore(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        if (ct_signal_taken()[sig]) sigaction(sig, &ct_signal_previous()[sig], NULL);
        ct_signal_taken()[sig] = 0;
    }
}

/// Stops the process as SIGTSTP's own action would (or not at all, if it was ignored when we
/// started), and returns once it runs again. Call with the terminal already given back.
static inline void ct_stop_self(void) {
    struct sigaction handler;
    if (ct_signal_taken()[SIGTSTP]) sigaction(SIGTSTP, &ct_signal_previous()[SIGTSTP], &handler);
    // The whole process group stops, as it would for Ctrl-Z in a cooked terminal.
    kill(0, SIGTSTP);
    if (ct_signal_taken()[SIGTSTP]) sigaction(SIGTSTP, &handler, NULL);
}

/// Reads and clears a flag: 1 when a suspend was asked for since the last call.
static inline int ct_take_suspend(void) {
    int requested = *ct_suspend_requested();
    *ct_suspend_requested() = 0;
    return requested;
}

static inline int ct_take_continued(void) {
    int continued = *ct_continued();
    *ct_continued() = 0;
    return continued;
}

static inline int ct_signal_pending(void) { return *ct_signal_caught(); }

// A crash (a failed Swift check traps with SIGILL; SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGTRAP)
// must not leave the user's shell raw, without echo, in the alternate screen. The handler
// restores the terminal with async-signal-safe calls only (write, tcsetattr), lets the previous
// handler report, then ends the process with the signal's default action.
__attribute__((weak)) struct termios *ct_saved_termios(void) {
    static struct termios saved;
    return &saved;
}

__attribute__((weak)) int *ct_crash_chains(void) {
    static int chains;
    return &chains;
}

__attribute__((weak)) struct sigaction *ct_crash_previous(void) {
    static struct sigaction previous[6];
    return previous;
}

static inline const int *ct_crash_numbers(void) {
    static const int numbers[6] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGTRAP };
    return numbers;
}

static inline void ct_crash_handler(int sig, siginfo_t *info, void *context) {
    // Attributes off, mouse reports off (every mode ncurses may ask for), keypad back to normal
    // (cursor keys and the numeric pad), main screen back, cursor shown, then a fresh line for
    // whatever is printed next.
    static const char reset[] = "\033[0m\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?1l\033>\033[?1049l\033[?25h\r\n";
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    tcsetattr(STDIN_FILENO, TCSANOW, ct_saved_termios());
    // Swift's backtracer would take over the terminal to ask for a key, and after a signal
    // sent from outside it returns and lets the program go on drawing over its report. Only a
    // developer who asked for it (SWIFT_BACKTRACE set) gets it; everyone else gets one line.
    // Either way the process then dies of the signal, as if this handler had not been here.
    if (*ct_crash_chains()) {
        for (int i = 0; i < 6; i++) {
            if (ct_crash_numbers()[i] != sig) continue;
            struct sigaction previous = ct_crash_previous()[i];
            if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
                previous.sa_sigaction(sig, info, context);
            } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
                previous.sa_handler(sig);
            }
        }
    } else {
        (void)info;
        (void)context;
        static const char note[] = "convtutor crashed; the terminal is restored. Please report what led to it.\r\n";
        ignored = write(STDERR_FILENO, note, sizeof note - 1);
    }
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(sig, &fallback, NULL);
    raise(sig);
}

/// Call while the terminal is still as the user had it (before newterm).
static inline void ct_crash_install(void) {
    tcgetattr(STDIN_FILENO, ct_saved_termios());
    *ct_crash_chains() = getenv("SWIFT_BACKTRACE") != NULL;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = ct_crash_handler;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 6; i++) sigaction(ct_crash_numbers()[i], &action, &ct_crash_previous()[i]);
}

static inline void ct_crash_restore(void) {
    for (int i = 0; i < 6; i++) sigaction(ct_crash_numbers()[i], &ct_crash_previous()[i], NULL);
}

// term.h comes last: its capability macros (lines, columns, ...) must not reach other headers.
#include <ncursesw/term.h>

/// Whether $TERM can run a full-screen UI: 1 yes, 0 it cannot move the cursor (no `cup`, as
/// for TERM=dumb: every frame would land on one line), -1 terminfo does not know it.
/// Looks the entry up without touching the terminal, so a caller can still fall back to lines.
static inline int ct_term_addressable(void) {
    int status = 0;
    TERMINAL *previous = cur_term;
    if (setupterm(NULL, STDOUT_FILENO, &status) != OK) return -1;
    const char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (const char *)-1;
    del_curterm(set_curterm(previous));
    return addressable;
}

#endif
