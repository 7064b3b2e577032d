//! Asking the terminal how wide it draws ambiguous-width characters (─ │ “ ” ·). Consoles in an
//! East Asian locale (Windows conhost, PuTTY or Xshell set to CJK widths) draw them two columns
//! wide, which tears every border. As vim does for 'ambiwidth': draw one at a known place, ask
//! where the cursor went (CPR), and use ASCII when it moved two columns.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};

/// A terminal that never answers (some serial consoles, a few old clients) costs this much.
pub const TIMEOUT: Duration = Duration::from_millis(150);

/// To the top-left corner, one ─, then "where is the cursor?".
pub const QUERY: &[u8] = "\x1b[H─\x1b[6n".as_bytes();

/// Takes the probe's character off the screen again.
const ERASE: &[u8] = b"\x1b[H\x1b[K";

/// True when the terminal drew ─ two columns wide, false when one; None when it did not answer
/// within `timeout` (the caller keeps its default). Expects raw mode, so the answer is not
/// echoed; bytes typed meanwhile are dropped with it.
pub fn ambiguous_is_wide(out: &mut impl Write, timeout: Duration) -> io::Result<Option<bool>> {
    out.write_all(QUERY)?;
    out.flush()?;
    let answer = read_answer(timeout);
    out.write_all(ERASE)?;
    out.flush()?;
    Ok(answer.and_then(|(_, column)| match column {
        2 => Some(false),
        3 => Some(true),
        _ => None,
    }))
}

/// Reads standard input until a cursor position report arrives, the time is up, or it ends.
fn read_answer(timeout: Duration) -> Option<(u16, u16)> {
    let stdin = rustix::stdio::stdin();
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        let left = Timespec::try_from(left).ok()?;
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        match poll(&mut fds, Some(&left)) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return None,
        }
        if !fds[0].revents().contains(PollFlags::IN) {
            return None;
        }
        let mut chunk = [0u8; 64];
        let n = rustix::io::read(stdin, &mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&chunk[..n]);
        if let Some(position) = parse_report(&seen) {
            return Some(position);
        }
        // Whatever this is, it is not an answer.
        if seen.len() > 1024 {
            return None;
        }
    }
}

/// The (row, column) of the last complete `ESC [ row ; column R` in `bytes`.
pub fn parse_report(bytes: &[u8]) -> Option<(u16, u16)> {
    let end = bytes.iter().rposition(|&b| b == b'R')?;
    let start = bytes[..end].windows(2).rposition(|w| w == b"\x1b[")? + 2;
    let body = std::str::from_utf8(&bytes[start..end]).ok()?;
    let (row, column) = body.split_once(';')?;
    Some((row.parse().ok()?, column.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_read_among_other_bytes() {
        assert_eq!(parse_report(b"\x1b[1;3R"), Some((1, 3)));
        assert_eq!(parse_report(b"ab\x1b[12;2R"), Some((12, 2)));
        assert_eq!(parse_report(b"\x1b[1;2R\x1b[5;3R"), Some((5, 3)));
        assert_eq!(parse_report(b"\x1b[1;"), None);
        assert_eq!(parse_report(b"\x1b[A"), None);
        assert_eq!(parse_report(b"R"), None);
        assert_eq!(parse_report(b"\x1b[x;3R"), None);
    }
}
