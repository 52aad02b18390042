//! The program's memory allocator: mimalloc rather than glibc's, which
//! took about a fifth of a clean build's CPU time in `malloc` and `free`
//! (a build makes and frees millions of small strings and lists on every
//! thread: Markdown events, template values, Pagefind's words). It is
//! built without transparent huge pages, which would keep whole 2 MiB
//! pages resident for a few small blocks. `main.rs` installs it.

/// The allocator `main.rs` installs as the global one.
pub use mimalloc::MiMalloc as Allocator;

/// mimalloc's option "purge delay" (`mi_option_purge_delay` in the
/// `mimalloc.h` of the mimalloc 3 that `libmimalloc-sys` builds).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// From now on, memory freed is given back to the system at once rather
/// than after a delay of 10 ms or more. Each language's search index frees
/// what the next one would otherwise add to the build's peak (on the
/// benchmark's guide, a peak of about 275 MiB instead of 320, in the same
/// time); before the index, the delay saves the system calls, a third of
/// a second on a build without search.
pub fn give_back_freed_memory_at_once() {
    // SAFETY: setting an option has no precondition (without mimalloc as
    // the global allocator, it only tunes an allocator nothing uses).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}
