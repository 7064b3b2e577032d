//! Giving freed memory back. The allocator (mimalloc, the binary's) keeps what a search or a
//! build freed, ready for the next; on a server of many users' processes that is tens of
//! megabytes each, held by people reading the screen. After a burst of work, once idle, it is
//! returned to the system (issue 29).

/// Returns the allocator's free memory to the system. Harmless where mimalloc is not the
/// global allocator (a library user's program, the tests): it then holds nothing to return.
pub fn release() {
    // SAFETY: mi_collect takes no pointers and may be called at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
