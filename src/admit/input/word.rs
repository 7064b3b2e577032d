//! A .doc (Word 97–2003) or .wps (WPS Writer 2005 and later, which saves the same format):
//! the main document's text, found through the piece table in the table stream ([MS-DOC]).
//! Tables come out a row a line, cells joined by tabs; field instructions, pictures,
//! footnotes and headers are left out.

use std::io::{Cursor, Read};

use super::{MAX_TEXT, NoticeError};

/// What the clerk can do with a file this reader cannot read.
const RESAVE: &str = "请在 WPS 或 Word 里打开后另存为 .docx 再读，或向来文单位重新要一份";

/// The text of the main document of a .doc or .wps.
pub(super) fn text(bytes: &[u8]) -> Result<String, NoticeError> {
    let (word, table, fib) = streams(bytes)?;
    document(&word, &table, &fib)
}

/// The main document's text, from the two streams the FIB describes.
fn document(word: &[u8], table: &[u8], fib: &Fib) -> Result<String, NoticeError> {
    let pieces = pieces(table, fib.clx, word.len())?;
    let paragraphs = Paragraphs::read(word, table, fib.papx);
    let mut out = Writer::default();
    for piece in &pieces {
        if piece.cp >= fib.ccp_text {
            break;
        }
        let end = piece.end.min(fib.ccp_text);
        out.piece(word, piece, end - piece.cp, paragraphs.as_ref())?;
    }
    Ok(out.text)
}

/// A damaged file: what is wrong, and what to do.
fn damaged(what: &str) -> NoticeError {
    NoticeError::Word(format!("文件已损坏或不完整（{what}）：{RESAVE}"))
}

/// The WordDocument stream, the table stream the FIB names, and the FIB.
fn streams(bytes: &[u8]) -> Result<(Vec<u8>, Vec<u8>, Fib), NoticeError> {
    // cfb reads sector chains and directories a hostile file controls; a panic there is a
    // damaged file, not a crash.
    std::panic::catch_unwind(|| {
        let mut file =
            cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unopened(bytes.len(), &e))?;
        let word = stream(&mut file, "WordDocument", bytes.len())?;
        let fib = Fib::read(&word)?;
        let table = stream(&mut file, fib.table, bytes.len())?;
        Ok((word, table, fib))
    })
    .unwrap_or_else(|_| Err(damaged("OLE 结构有误")))
}

/// Why cfb could not open the file: cut short, if its length is no whole number of sectors.
fn unopened(len: usize, error: &std::io::Error) -> NoticeError {
    // An OLE file is a 512-byte header and whole sectors of 512 or 4096 bytes.
    if len % 512 != 0 {
        let size = crate::files::size(len as u64);
        return damaged(&format!("只有 {size}，像是没下载完或被截断"));
    }
    damaged(&format!("OLE 结构有误：{error}"))
}

/// A stream's bytes; never more than the file holds, whatever its directory entry says.
fn stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    file_len: usize,
) -> Result<Vec<u8>, NoticeError> {
    let stream = file
        .open_stream(name)
        .map_err(|_| damaged(&format!("没有 {name} 流")))?;
    let mut data = Vec::new();
    // One byte past the file's size tells a looping sector chain from a stream that ends.
    stream
        .take(file_len as u64 + 1)
        .read_to_end(&mut data)
        .map_err(|e| damaged(&format!("{name} 流读不出：{e}")))?;
    if data.len() > file_len {
        return Err(damaged(&format!("{name} 流比文件还长")));
    }
    Ok(data)
}

/// The little-endian u16 at `at`, if the bytes reach that far.
fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// The little-endian u32 at `at`, if the bytes reach that far.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// What is read from the File Information Block at the start of WordDocument.
#[derive(Debug, Clone)]
struct Fib {
    /// "1Table" or "0Table", by fWhichTblStm.
    table: &'static str,
    /// How many characters the main document has; footnotes, headers and the rest follow.
    ccp_text: u32,
    /// Where the Clx (the piece table) is in the table stream, and its length.
    clx: (u32, u32),
    /// Where PlcBtePapx (the paragraphs' properties) is in the table stream, and its length.
    papx: (u32, u32),
}

impl Fib {
    /// The FIB ([MS-DOC] 2.5.1), its variable parts found by their counts.
    fn read(word: &[u8]) -> Result<Fib, NoticeError> {
        let short = || damaged("WordDocument 流太短，没有完整的文件头");
        let ident = u16_at(word, 0).ok_or_else(short)?;
        if ident != 0xA5EC {
            return Err(damaged("WordDocument 流的开头不是 Word 的标记"));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        let flags = u16_at(word, 10).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(NoticeError::Encrypted);
        }
        // Word 97 writes 0x00C1 here (0x00C0 and 0x00C2 occur); Word 6.0/95 wrote 0x0065–0x0068.
        if n_fib < 0x00C0 {
            return Err(NoticeError::Word(format!(
                "是 Word 6.0/95 或更早的格式，不支持：{RESAVE}"
            )));
        }
        let table = if flags & 0x0200 != 0 {
            "1Table"
        } else {
            "0Table"
        };
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw_count_at = 34 + 2 * csw;
        let lw_at = lw_count_at + 2;
        let cslw = usize::from(u16_at(word, lw_count_at).ok_or_else(short)?);
        let fc_count_at = lw_at + 4 * cslw;
        let fc_at = fc_count_at + 2;
        let pairs = usize::from(u16_at(word, fc_count_at).ok_or_else(short)?);
        // ccpText is FibRgLw97's fourth field; fcClx its FibRgFcLcb97's 34th pair, PlcBtePapx the 14th.
        if cslw < 4 || pairs < 34 {
            return Err(short());
        }
        let ccp_text = u32_at(word, lw_at + 12).ok_or_else(short)?;
        let pair = |index: usize| -> Result<(u32, u32), NoticeError> {
            let at = fc_at + 8 * index;
            Ok((
                u32_at(word, at).ok_or_else(short)?,
                u32_at(word, at + 4).ok_or_else(short)?,
            ))
        };
        Ok(Fib {
            table,
            ccp_text,
            clx: pair(33)?,
            papx: pair(13)?,
        })
    }
}

/// A run of characters stored together: CPs `cp..end`, at `fc` in WordDocument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    cp: u32,
    end: u32,
    /// The byte offset of the piece's first character in WordDocument.
    fc: u32,
    /// One byte a character (cp1252, as [MS-DOC] maps it) rather than UTF-16LE.
    compressed: bool,
}

impl Piece {
    /// The byte offset in WordDocument of the piece's `index`th character.
    fn fc_of(&self, index: u32) -> u32 {
        let width = if self.compressed { 1 } else { 2 };
        self.fc.saturating_add(index.saturating_mul(width))
    }
}

/// The pieces of the Clx's PlcPcd ([MS-DOC] 2.9.38), each checked to lie within WordDocument
/// (`word_len` bytes) before any of its text is read.
fn pieces(table: &[u8], (fc, lcb): (u32, u32), word_len: usize) -> Result<Vec<Piece>, NoticeError> {
    let start = fc as usize;
    let clx = start
        .checked_add(lcb as usize)
        .and_then(|end| table.get(start..end))
        .ok_or_else(|| damaged("分段表超出了表流"))?;
    let mut at = 0;
    // Prcs (formatting changes of fast saves) come first, each skipped by its size.
    while clx.get(at) == Some(&0x01) {
        let size = u16_at(clx, at + 1).ok_or_else(|| damaged("分段表不完整"))?;
        at += 3 + usize::from(size);
    }
    if clx.get(at) != Some(&0x02) {
        return Err(damaged("找不到分段表"));
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| damaged("分段表不完整"))? as usize;
    let plc = clx
        .get(at + 5..)
        .and_then(|rest| rest.get(..lcb))
        .ok_or_else(|| damaged("分段表超出了表流"))?;
    // A PlcPcd is n + 1 CPs then n 8-byte Pcds; its size was checked against the stream above.
    if lcb < 4 || (lcb - 4) % 12 != 0 {
        return Err(damaged("分段表的长度不对"));
    }
    let count = (lcb - 4) / 12;
    let cp = |i: usize| u32_at(plc, 4 * i).unwrap_or(0);
    let mut pieces = Vec::with_capacity(count);
    // Pieces share no bytes in a real file: more text than the stream holds is pieces laid
    // over one another, which could make a small file read for minutes.
    let mut total = 0u64;
    for i in 0..count {
        let (start, end) = (cp(i), cp(i + 1));
        let raw = u32_at(plc, 4 * (count + 1) + 8 * i + 2).unwrap_or(0);
        let compressed = raw & 0x4000_0000 != 0;
        let offset = raw & 0x3FFF_FFFF;
        let piece = Piece {
            cp: start,
            end,
            fc: if compressed { offset / 2 } else { offset },
            compressed,
        };
        let length = u64::from(end.saturating_sub(start)) * if compressed { 1 } else { 2 };
        if end < start || u64::from(piece.fc) + length > word_len as u64 {
            return Err(damaged("分段表指向了文档流以外"));
        }
        total += length;
        if total > word_len as u64 {
            return Err(damaged("分段表的各段相互重叠"));
        }
        pieces.push(piece);
    }
    Ok(pieces)
}

/// The one-byte characters [MS-DOC] maps off Latin-1 (FcCompressed), for bytes 0x80–0x9F.
fn compressed_char(byte: u8) -> char {
    let unicode: u16 = match byte {
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9F => 0x0178,
        other => u16::from(other),
    };
    char::from_u32(u32::from(unicode)).unwrap_or('\u{FFFD}')
}

/// A paragraph's place in a table, from its properties.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Place {
    /// sprmPFInTable: the paragraph is in a table cell.
    in_table: bool,
    /// sprmPFTtp: the paragraph is a row's end mark.
    row_end: bool,
}

/// The paragraphs' properties: PlcBtePapx's pages (PapxFkp, [MS-DOC] 2.9.177), by the FCs of
/// the paragraph marks they cover.
struct Paragraphs<'a> {
    /// Each page's first FC and its 512 bytes in WordDocument, in the order of their FCs.
    pages: Vec<(u32, &'a [u8])>,
}

impl<'a> Paragraphs<'a> {
    /// The pages PlcBtePapx names; `None` if it is missing or damaged (tables are then told by
    /// their marks alone).
    fn read(word: &'a [u8], table: &[u8], (fc, lcb): (u32, u32)) -> Option<Paragraphs<'a>> {
        let plc = table.get(fc as usize..(fc as usize).checked_add(lcb as usize)?)?;
        if plc.len() < 4 || (plc.len() - 4) % 8 != 0 {
            return None;
        }
        let count = (plc.len() - 4) / 8;
        let mut pages = Vec::with_capacity(count);
        for i in 0..count {
            let pn = u32_at(plc, 4 * (count + 1) + 4 * i)? & 0x003F_FFFF;
            let at = pn as usize * 512;
            pages.push((u32_at(plc, 4 * i)?, word.get(at..at + 512)?));
        }
        Some(Paragraphs { pages })
    }

    /// The place of the paragraph whose mark is at byte `fc` of WordDocument.
    fn at(&self, fc: u32) -> Place {
        let after = self.pages.partition_point(|&(first, _)| first <= fc);
        after
            .checked_sub(1)
            .and_then(|i| Self::in_page(self.pages[i].1, fc))
            .unwrap_or_default()
    }

    /// The place from one page, if its runs cover `fc`.
    fn in_page(page: &[u8], fc: u32) -> Option<Place> {
        let runs = usize::from(*page.get(511)?);
        let fcs = |i: usize| u32_at(page, 4 * i);
        if runs == 0 || fc < fcs(0)? || fc >= fcs(runs)? {
            return None;
        }
        let run = (0..runs).find(|&i| fcs(i + 1).is_some_and(|next| fc < next))?;
        let offset = 2 * usize::from(*page.get(4 * (runs + 1) + 13 * run)?);
        if offset == 0 {
            return Some(Place::default());
        }
        // PapxInFkp: a count of words, or a zero then a count; the grpprl follows the istd.
        let grpprl = match *page.get(offset)? {
            0 => page.get(offset + 2..offset + 2 + 2 * usize::from(*page.get(offset + 1)?))?,
            cb => page.get(offset + 1..offset + 2 * usize::from(cb))?,
        };
        Some(place_of(grpprl.get(2..)?))
    }
}

/// The table place a paragraph's sprms set ([MS-DOC] 2.6.2); unknown sprms skipped by size.
fn place_of(mut sprms: &[u8]) -> Place {
    let mut place = Place::default();
    while let Some(opcode) = u16_at(sprms, 0) {
        let size = match opcode >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // sprmTDefTable's operand counts its size in two bytes, the others in one.
            _ if opcode == 0xD608 => u16_at(sprms, 2).map_or(usize::MAX, |n| usize::from(n) + 1),
            _ => match sprms.get(2) {
                // sprmPChgTabs with its long form: nothing after it is needed.
                Some(255) | None => break,
                Some(&n) => usize::from(n) + 1,
            },
        };
        let operand = sprms.get(2).copied().unwrap_or(0) != 0;
        match opcode {
            0x2416 => place.in_table = operand,
            0x2417 => place.row_end = operand,
            _ => {}
        }
        sprms = sprms.get(2usize.saturating_add(size)..).unwrap_or(&[]);
    }
    place
}

/// The text as it is built, with the fields it is inside.
#[derive(Default)]
struct Writer {
    text: String,
    /// For each field open, whether its result (after 0x14) has been reached.
    fields: Vec<bool>,
    /// How many open fields are still in their instruction: their text is not shown.
    hidden: usize,
    /// The last character written ended a cell: a cell end right after it ends the row,
    /// where the paragraphs' properties cannot tell.
    after_cell: bool,
}

impl Writer {
    /// The first `count` characters of `piece`.
    fn piece(
        &mut self,
        word: &[u8],
        piece: &Piece,
        count: u32,
        paragraphs: Option<&Paragraphs>,
    ) -> Result<(), NoticeError> {
        let start = piece.fc as usize;
        if piece.compressed {
            let bytes = word.get(start..start + count as usize).unwrap_or(&[]);
            for (i, &b) in bytes.iter().enumerate() {
                self.put(compressed_char(b), piece.fc_of(i as u32), paragraphs)?;
            }
        } else {
            let bytes = word.get(start..start + 2 * count as usize).unwrap_or(&[]);
            let units = bytes
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            let mut index = 0u32;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or('\u{FFFD}');
                self.put(c, piece.fc_of(index), paragraphs)?;
                index += c.len_utf16() as u32;
            }
        }
        Ok(())
    }

    /// One character, Word's marks turned into text; its mark at `fc` gives its paragraph.
    fn put(
        &mut self,
        c: char,
        fc: u32,
        paragraphs: Option<&Paragraphs>,
    ) -> Result<(), NoticeError> {
        match c {
            '\u{13}' => {
                self.fields.push(false);
                self.hidden += 1;
                return Ok(());
            }
            '\u{14}' => {
                if let Some(result) = self.fields.last_mut().filter(|r| !**r) {
                    *result = true;
                    self.hidden -= 1;
                }
                return Ok(());
            }
            '\u{15}' => {
                if self.fields.pop() == Some(false) {
                    self.hidden -= 1;
                }
                return Ok(());
            }
            _ if self.hidden > 0 => return Ok(()),
            _ => {}
        }
        let place = || paragraphs.map(|p| p.at(fc));
        let after_cell = std::mem::take(&mut self.after_cell);
        match c {
            // A paragraph inside a cell stays on the row's line.
            '\r' if place().is_some_and(|p| p.in_table) => self.text.push(' '),
            '\r' | '\u{0B}' | '\u{0C}' | '\u{0E}' => self.text.push('\n'),
            // A mark whose properties say nothing of tables is told by what came before it.
            '\u{07}'
                if place()
                    .filter(|p| p.in_table || p.row_end)
                    .map_or(after_cell, |p| p.row_end) =>
            {
                if self.text.ends_with('\t') {
                    self.text.pop();
                }
                self.text.push('\n');
            }
            '\u{07}' => {
                self.text.push('\t');
                self.after_cell = true;
            }
            '\t' => self.text.push('\t'),
            '\u{1E}' => self.text.push('-'),
            // Pictures, drawn objects, note marks, the optional hyphen: nothing a reader sees.
            c if c < ' ' => {}
            c => self.text.push(c),
        }
        if self.text.len() > MAX_TEXT {
            return Err(NoticeError::TooLong);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
