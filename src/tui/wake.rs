//! Waiting for the next key without a timer. crossterm's poll retries when a signal interrupts
//! it, so a loop that must notice SIGTERM would have to wake every few hundred milliseconds;
//! here the signals that matter write to a pipe, and the wait watches the terminal and that
//! pipe together: an idle app sleeps until a key, a signal or its next poll of the review file.

use std::io;
use std::os::fd::OwnedFd;
use std::time::Duration;

use ratatui::crossterm::event;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::pipe::{PipeFlags, pipe_with};

pub struct Wake {
    read: OwnedFd,
}

impl Wake {
    /// A pipe each of `signals` writes a byte to (the handler that records them still runs).
    pub fn on(signals: &[i32]) -> io::Result<Wake> {
        // Non-blocking: a signal handler must never wait on a full pipe.
        let (read, write) = pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        for &signal in signals {
            signal_hook::low_level::pipe::register(signal, write.try_clone()?)?;
        }
        Ok(Wake { read })
    }

    /// Waits until a terminal event is ready (true), or one of the signals or `timeout` came
    /// first (false).
    pub fn wait(&self, timeout: Duration) -> io::Result<bool> {
        // Events crossterm has read already are not on the terminal any more.
        if event::poll(Duration::ZERO)? {
            return Ok(true);
        }
        let stdin = rustix::stdio::stdin();
        let mut fds = [
            PollFd::new(&stdin, PollFlags::IN),
            PollFd::new(&self.read, PollFlags::IN),
        ];
        let timeout = Timespec::try_from(timeout).ok();
        match poll(&mut fds, timeout.as_ref()) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
        let mut buf = [0u8; 64];
        while matches!(rustix::io::read(&self.read, &mut buf), Ok(n) if n > 0) {}
        event::poll(Duration::ZERO)
    }
}
