//! Files read in place. A province's cache file is mapped, not read: every user's process on a
//! server maps the same file, so the page cache holds its pages once for all of them, and a
//! start reads only the pages it touches (issue 29, docs/scale.md).
//!
//! What mapping brings, and how each is met:
//! - **A file changed under the mapping.** lvzhi never writes a cache file in place: a new one
//!   is written beside and renamed over, so a mapped file's pages never change and a replaced
//!   one stays whole until the last process unmaps it. Someone else truncating it (by hand, a
//!   broken disk) makes a touched page fault with SIGBUS: `guard_bus_errors` turns that into a
//!   restored terminal, one message and exit code 1, never a hang or a garbled screen.
//! - **Alignment and endianness.** Arrays are read in place only when their offset suits their
//!   type (`Arr::mapped` checks, so a misaligned array is refused, not faulted on); files are
//!   little-endian and a big-endian host never maps one (the cache is then built in memory).
//! - **Bad values.** Every slice is bounds-checked when made, and types with invalid bit
//!   patterns (`char`) are checked value by value before use.

use std::fs::File;
use std::ops::{Deref, Range};
use std::path::Path;
use std::sync::Arc;

use bytemuck::CheckedBitPattern;
use memmap2::Mmap;

/// A byte range of a mapped file, which keeps the mapping alive.
#[derive(Clone)]
pub struct Region {
    map: Arc<Mmap>,
    range: Range<usize>,
}

impl Region {
    /// Maps the whole of `file` (read-only). None on a big-endian host, where our little-endian
    /// arrays cannot be used in place.
    pub fn map(file: &File) -> std::io::Result<Option<Region>> {
        if cfg!(target_endian = "big") {
            return Ok(None);
        }
        // SAFETY: the file is only ever replaced by rename, never written in place by lvzhi;
        // a truncation by someone else is a SIGBUS, which `guard_bus_errors` handles.
        let map = unsafe { Mmap::map(file)? };
        guard_bus_errors();
        let len = map.len();
        Ok(Some(Region {
            map: Arc::new(map),
            range: 0..len,
        }))
    }

    /// Maps the file at `path`: None when it cannot be opened or mapped.
    pub fn open(path: &Path) -> Option<Region> {
        let file = File::open(path).ok()?;
        Region::map(&file).ok().flatten()
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map[self.range.clone()]
    }

    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    /// The part `range` of this region (relative to its start); None if it reaches past it.
    pub fn sub(&self, range: Range<usize>) -> Option<Region> {
        if range.start > range.end || range.end > self.len() {
            return None;
        }
        let start = self.range.start + range.start;
        Some(Region {
            map: Arc::clone(&self.map),
            range: start..start + range.len(),
        })
    }

    /// Where this region starts in the mapping, for alignment: the mapping itself starts on a
    /// page boundary.
    pub fn offset(&self) -> usize {
        self.range.start
    }

    /// Asks the kernel to read the region ahead; a hint, never an error.
    pub fn will_need(&self) {
        let _ = self.map.advise_range(
            memmap2::Advice::WillNeed,
            self.range.start,
            self.range.len(),
        );
    }
}

/// An array either owned (built in this process) or read in place from a mapped region; either
/// way a `&[T]` to its users.
pub struct Arr<T: 'static> {
    repr: Repr<T>,
}

enum Repr<T: 'static> {
    Owned(Vec<T>),
    Mapped { slice: &'static [T], _keep: Region },
}

impl<T: CheckedBitPattern> Arr<T> {
    /// `len` values of `T` at `start` (bytes) in `region`; None if they reach past its end, are
    /// not aligned for `T`, or (for types like `char`) hold a value that is not a `T`.
    pub fn mapped(region: &Region, start: usize, len: usize) -> Option<Arr<T>> {
        let bytes_len = len.checked_mul(size_of::<T>())?;
        let end = start.checked_add(bytes_len)?;
        let bytes = region.bytes().get(start..end)?;
        let slice: &[T] = bytemuck::checked::try_cast_slice(bytes).ok()?;
        // SAFETY: the slice borrows the mapping, which `_keep` holds for as long as the Arr
        // lives; the mapping is read-only and never moved or unmapped before it is dropped.
        let slice: &'static [T] = unsafe { std::slice::from_raw_parts(slice.as_ptr(), len) };
        Some(Arr {
            repr: Repr::Mapped {
                slice,
                _keep: region.clone(),
            },
        })
    }
}

impl<T> Arr<T> {
    /// Whether the values are read in place from a mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.repr, Repr::Mapped { .. })
    }
}

impl<T> From<Vec<T>> for Arr<T> {
    fn from(v: Vec<T>) -> Arr<T> {
        Arr {
            repr: Repr::Owned(v),
        }
    }
}

impl<T> Default for Arr<T> {
    fn default() -> Arr<T> {
        Arr::from(Vec::new())
    }
}

impl<T> Deref for Arr<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.repr {
            Repr::Owned(v) => v,
            Repr::Mapped { slice, .. } => slice,
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Arr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Installs, once, what a SIGBUS does: a mapped file truncated under us by someone else. The
/// terminal is put back (as on every other way out) and one line says what happened; returning
/// from the handler would only fault again.
pub fn guard_bus_errors() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: the handler only writes fixed bytes with write(2) and calls _exit(2), both
        // async-signal-safe; it never returns into the faulting code.
        let _ = unsafe {
            signal_hook::low_level::register(signal_hook::consts::SIGBUS, || {
                cook_terminal();
                let _ = rustix::io::write(rustix::stdio::stdout(), RESTORE);
                let _ = rustix::io::write(rustix::stdio::stderr(), BUS_MESSAGE.as_bytes());
                signal_hook::low_level::exit(1);
            })
        };
    });
}

/// Leaves the alternate screen, shows the cursor, ends mouse and paste modes and resets the
/// colours: what the app's own exit does, as bytes a signal handler can write.
pub const RESTORE: &[u8] = b"\x1b[?1049l\x1b[?25h\x1b[?2004l\x1b[?1000l\x1b[?1006l\x1b[0m\r\n";

/// Ends raw mode on the terminal, if standard input is one: line editing, echo and signals
/// back, as crossterm's own exit would (its saved settings are behind a lock a signal handler
/// must not take). tcgetattr and tcsetattr are ioctls, safe in a handler.
fn cook_terminal() {
    use rustix::termios::{InputModes, LocalModes, OptionalActions, OutputModes};
    let stdin = rustix::stdio::stdin();
    if let Ok(mut t) = rustix::termios::tcgetattr(stdin) {
        t.local_modes |=
            LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG | LocalModes::IEXTEN;
        t.input_modes |= InputModes::ICRNL;
        t.output_modes |= OutputModes::OPOST;
        let _ = rustix::termios::tcsetattr(stdin, OptionalActions::Now, &t);
    }
}

const BUS_MESSAGE: &str = "lvzhi：缓存文件在使用中被截断或改动，已退出；再次启动会重建缓存。\n";

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn region_of(bytes: &[u8]) -> (tempfile::NamedTempFile, Region) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file.flush().unwrap();
        let region = Region::open(file.path()).unwrap();
        (file, region)
    }

    #[test]
    fn arrays_are_read_in_place_and_checked() {
        let mut bytes = Vec::new();
        for n in [1u32, 2, 3, 0x4E2D] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        bytes.extend_from_slice(&0xD800u32.to_le_bytes());
        let (_file, region) = region_of(&bytes);
        let numbers = Arr::<u32>::mapped(&region, 0, 4).unwrap();
        assert!(numbers.is_mapped());
        assert_eq!(&*numbers, &[1, 2, 3, 0x4E2D]);
        let chars = Arr::<char>::mapped(&region, 12, 1).unwrap();
        assert_eq!(&*chars, &['中']);
        // A surrogate is no char; past the end, or misaligned, is refused.
        assert!(Arr::<char>::mapped(&region, 12, 2).is_none());
        assert!(Arr::<u32>::mapped(&region, 4, 5).is_none());
        assert!(Arr::<u32>::mapped(&region, 2, 1).is_none());
        assert!(Arr::<u32>::mapped(&region, usize::MAX - 1, 2).is_none());
        // A sub-region keeps its own bounds; the array outlives the region it came from.
        let sub = region.sub(4..12).unwrap();
        assert!(region.sub(4..100).is_none());
        let kept = Arr::<u32>::mapped(&sub, 0, 2).unwrap();
        drop((sub, region));
        assert_eq!(&*kept, &[2, 3]);
    }
}
