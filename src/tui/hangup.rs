//! Noticing that the terminal went away. When an SSH link drops, sshd closes the pty: reads on
//! it return end-of-file or EIO and writes fail, and a SIGHUP may or may not follow (it does not
//! when the app is not the terminal's session). crossterm's reader retries such a read for ever
//! inside `event::poll`, so the hang-up is watched for here, on a thread of its own.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustix::event::{PollFd, PollFlags, poll};
use signal_hook::consts::SIGHUP;

/// Watches standard input for a hang-up; when it comes, records it in `ended` as a SIGHUP
/// would, and puts a pipe holding a few bytes in place of standard input, so a reader caught
/// retrying the dead terminal reads something, returns, and the loop sees `ended`.
pub fn watch(ended: Arc<AtomicUsize>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("hangup".into())
        .spawn(move || {
            if wait_for_hangup().is_ok() {
                let _ =
                    ended.compare_exchange(0, SIGHUP as usize, Ordering::SeqCst, Ordering::SeqCst);
                let _ = unstick_stdin();
            }
        })
        .map(drop)
}

/// Blocks until standard input reports a hang-up or an error (asking for no data at all, the
/// poll wakes for nothing else).
fn wait_for_hangup() -> io::Result<()> {
    let stdin = rustix::stdio::stdin();
    loop {
        let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
        match poll(&mut fds, None) {
            Ok(_) => {
                let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                if fds[0].revents().intersects(gone) {
                    return Ok(());
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

fn unstick_stdin() -> io::Result<()> {
    let (read, write) = rustix::pipe::pipe()?;
    // NUL bytes, each read as a key the loop then discards; both ends stay open until exit, so
    // the reader never meets end-of-file again.
    rustix::io::write(&write, &[0u8; 64])?;
    rustix::stdio::dup2_stdin(&read)?;
    std::mem::forget((read, write));
    Ok(())
}

/// Whether a terminal error means the terminal is gone (EIO, ENXIO, a closed pipe), which ends
/// the app as a hang-up, not as a failure to report.
pub fn is_hangup(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof
    ) || e.raw_os_error().is_some_and(|code| {
        code == rustix::io::Errno::IO.raw_os_error()
            || code == rustix::io::Errno::NXIO.raw_os_error()
    })
}
