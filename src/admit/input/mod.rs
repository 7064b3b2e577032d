//! A notice as offices hand it over: a .docx (the usual form), a .doc or .wps (Word 97–2003
//! and WPS Writer), a .pdf with a text layer, an .ofd (GB/T 33190), a task table or an
//! assessment sheet (.xlsx, .xls, .et, .csv), a text file in UTF-8 or GBK/GB18030 (what
//! Chinese Notepad, WPS and Excel save), or typed text. Each is read to the text a .txt of it
//! would hold, so the splitter finds title, 文号, sender and tasks the same way. What cannot be
//! read as a notice is named with the file and the reason.

mod docx;
pub mod many;
mod ofd;
mod pdf;
mod table;
mod word;

use std::path::Path;

use thiserror::Error;

/// Why a notice could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoticeError {
    #[error("是空的，没有可读的文字")]
    Empty,
    #[error("不是文本文件，也不是 .docx、.doc、.pdf、.ofd 或表格（{0}）")]
    Binary(&'static str),
    #[error("第 {line} 行第 {column} 列：{message}")]
    Encoding {
        line: usize,
        column: usize,
        message: &'static str,
    },
    #[error("不是有效的 .docx：{0}")]
    Docx(String),
    #[error(
        "是压缩包格式的文件（.docx、.xlsx 或 .ofd），但已损坏，读不了（{0}）：请重新下载，或请来文单位重发"
    )]
    BrokenZip(String),
    /// A zip that is none of the zipped formats read.
    #[error(
        "是压缩包，但不是 .docx、.xlsx 或 .ofd（里面没有 word/document.xml、xl/workbook.xml 或 OFD.xml）"
    )]
    OtherZip,
    /// An OLE compound file that is neither a Word nor an Excel file.
    #[error("是 Office 97–2003 格式的文件，但不是 Word 文档，也不是 Excel 表格")]
    OtherOle,
    #[error("是加密的文件（设了打开密码）：请在 WPS 或 Office 里去掉密码另存后再读")]
    Encrypted,
    #[error("不是可读的 PDF：{0}")]
    Pdf(String),
    #[error(
        "是扫描件 PDF，没有文字层（{pages} 页都是图片）：请向来文单位要 .docx 或 .txt，或先用 OCR 转成文字"
    )]
    Scanned { pages: usize },
    #[error("是 Word 97–2003 或 WPS 文档，但读不了：{0}")]
    Word(String),
    #[error("不是可读的 OFD：{0}")]
    Ofd(String),
    /// A workbook or a CSV that is not a task table; the message says what was looked for.
    #[error("{0}")]
    Table(String),
    /// The size word/document.xml declares, when that is what is over the limit.
    #[error(
        "是 .docx，但 word/document.xml 解压后{}超过上限 {}：不像一份通知（可能是压缩炸弹）",
        .0.map(|n| format!("有 {}，", crate::files::size(n))).unwrap_or_default(),
        crate::files::size(MAX_XML)
    )]
    XmlTooLarge(Option<u64>),
    #[error(
        "文字超过上限 {}（约 {} 万字）：一份通知不会这么长，请只给要对照的部分",
        crate::files::size(MAX_TEXT as u64),
        (MAX_TEXT / 3 + 5_000) / 10_000
    )]
    TooLong,
}

/// The largest notice file read: a notice is a few pages, a .docx with its pictures a few MB.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The longest notice text read, in UTF-8 bytes (about 700,000 Chinese characters): a 30-page
/// notice or a 500-row task table is about 300 KB, and the matcher reads 2 MB in seconds
/// (docs/admit.md, "通知的长度").
pub const MAX_TEXT: usize = 2 * 1024 * 1024;

/// The largest word/document.xml inflated: a 500-row table is a few MB of XML; beyond this a
/// .docx is a zip bomb, not a notice.
pub const MAX_XML: u64 = 64 * 1024 * 1024;

/// The text of a notice, by its content (not its name).
pub fn read_bytes(bytes: &[u8]) -> Result<String, NoticeError> {
    read_named(bytes, None)
}

/// The text of a notice, by its content; the file's name only tells a CSV from plain text,
/// the one format with nothing in it to know it by.
pub fn read_named(bytes: &[u8], name: Option<&str>) -> Result<String, NoticeError> {
    let text = match Format::of(bytes, name) {
        Format::Docx => docx::docx_text(bytes, docx::DOCX)?,
        Format::Xlsx | Format::Xls => table::workbook(bytes)?,
        Format::Ofd => ofd::text(bytes)?,
        Format::Pdf => pdf::text(bytes)?,
        Format::Word => word::text(bytes)?,
        Format::Csv => table::csv(&plain(bytes)?)?,
        Format::OtherZip => return Err(NoticeError::OtherZip),
        Format::BrokenZip => {
            let Err(e) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
                return Err(NoticeError::OtherZip);
            };
            return Err(NoticeError::BrokenZip(e.to_string()));
        }
        Format::OtherOle => return Err(NoticeError::OtherOle),
        Format::Encrypted => return Err(NoticeError::Encrypted),
        Format::Text => plain(bytes)?,
    };
    within_limit(&text)?;
    if text.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return Err(NoticeError::Empty);
    }
    Ok(text)
}

/// What a notice file is, by its first bytes and, for zips and OLE files, by what they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
    Ofd,
    Pdf,
    /// Word 97–2003 (.doc) or WPS Writer (.wps): an OLE file with a WordDocument stream.
    Word,
    /// Excel 97–2003 (.xls) or WPS Spreadsheets (.et): an OLE file with a Workbook stream.
    Xls,
    Csv,
    Text,
    OtherZip,
    /// A zip that cannot be opened (cut short in a download): what it was cannot be told.
    BrokenZip,
    OtherOle,
    /// An OOXML file with an open password: an OLE file holding EncryptedPackage.
    Encrypted,
}

impl Format {
    pub fn of(bytes: &[u8], name: Option<&str>) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            return zip_format(bytes);
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return ole_format(bytes);
        }
        // The standard lets a PDF's header come anywhere in its first 1024 bytes.
        if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
            return Format::Pdf;
        }
        let extension = name
            .and_then(|n| Path::new(n).extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Format::Csv,
            _ => Format::Text,
        }
    }
}

fn zip_format(bytes: &[u8]) -> Format {
    let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Format::BrokenZip;
    };
    let has = |wanted: &str| {
        archive
            .file_names()
            .any(|n| n.trim_start_matches('/').eq_ignore_ascii_case(wanted))
    };
    if has("word/document.xml") {
        Format::Docx
    } else if has("xl/workbook.xml") {
        Format::Xlsx
    } else if has("OFD.xml") {
        Format::Ofd
    } else {
        Format::OtherZip
    }
}

fn ole_format(bytes: &[u8]) -> Format {
    let Ok(file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        // A damaged OLE file: the Word reader names what is wrong with it.
        return Format::Word;
    };
    let has = |name: &str| file.exists(format!("/{name}"));
    if has("EncryptedPackage") {
        Format::Encrypted
    } else if has("WordDocument") {
        Format::Word
    } else if has("Workbook") || has("Book") {
        Format::Xls
    } else {
        Format::OtherOle
    }
}

/// A text file's text, within the limit.
fn plain(bytes: &[u8]) -> Result<String, NoticeError> {
    if bytes.len() > 2 * MAX_TEXT + 2 {
        // No encoding read here takes more than two bytes a UTF-8 byte (UTF-16's ASCII): too
        // long in any, refused without decoding it.
        return Err(NoticeError::TooLong);
    }
    text_of(bytes)
}

/// The character an XML entity or character reference stands for ("&amp;", "&#12345;"): the
/// .docx and .ofd readers meet them in their text.
fn entity(reference: &quick_xml::events::BytesRef) -> Option<char> {
    match reference.decode().ok()?.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => reference.resolve_char_ref().ok().flatten(),
    }
}

/// Refuses a notice's text longer than `MAX_TEXT`: the matcher's time and memory grow with it.
pub fn within_limit(text: &str) -> Result<(), NoticeError> {
    if text.len() > MAX_TEXT {
        return Err(NoticeError::TooLong);
    }
    Ok(())
}

/// Reads a notice file; the error names the file.
pub fn read_file(path: &Path) -> crate::Result<String> {
    let name = path.display().to_string();
    let bytes = crate::files::read_capped(path, MAX_BYTES).map_err(|cause| crate::Error::Read {
        path: name.clone(),
        cause,
    })?;
    read_named(&bytes, Some(&name)).map_err(|problem| crate::Error::Notice {
        path: name,
        problem: problem.to_string(),
    })
}

fn text_of(bytes: &[u8]) -> Result<String, NoticeError> {
    use crate::import::encoding;
    // NUL never occurs in a text file in UTF-8 or GBK; UTF-16 is named by the decoder, which
    // tells it by its mark or, without one, by where its zero bytes fall.
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if !utf16 && !encoding::utf16_without_bom(bytes) && bytes.contains(&0) {
        return Err(NoticeError::Binary("含有二进制数据"));
    }
    encoding::decode(bytes)
        .map(|text| text.replace("\r\n", "\n").replace('\r', "\n"))
        .map_err(|e| NoticeError::Encoding {
            line: e.line,
            column: e.column,
            message: e.message,
        })
}
