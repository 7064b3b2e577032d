//! A notice as offices hand it over: a .docx (the usual form), a text file in UTF-8 or
//! GBK/GB18030 (what Chinese Notepad, WPS and Excel save), or typed text. Whatever cannot be
//! read as a notice is named with the file and the reason.

use std::io::Read;
use std::path::Path;

use thiserror::Error;

/// Why a notice could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoticeError {
    #[error("是空的，没有可读的文字")]
    Empty,
    #[error("不是文本文件，也不是 .docx（{0}）")]
    Binary(&'static str),
    #[error("第 {line} 行第 {column} 列：{message}")]
    Encoding {
        line: usize,
        column: usize,
        message: &'static str,
    },
    #[error("不是有效的 .docx：{0}")]
    Docx(String),
    #[error("是旧版 Word 文档（.doc）：请在 WPS 或 Word 里另存为 .docx 或 .txt 再读")]
    OldWord,
}

/// The largest notice read: a notice is a few pages; a file far larger is not one.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The text of a notice file, by its content (not its name): a zip is a .docx.
pub fn read_bytes(bytes: &[u8]) -> Result<String, NoticeError> {
    let text = if bytes.starts_with(b"PK\x03\x04") {
        docx_text(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(NoticeError::OldWord);
    } else {
        text_of(bytes)?
    };
    if text.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return Err(NoticeError::Empty);
    }
    Ok(text)
}

/// Reads a notice file; the error names the file.
pub fn read_file(path: &Path) -> crate::Result<String> {
    let name = path.display().to_string();
    let bytes = crate::files::read_capped(path, MAX_BYTES).map_err(|cause| crate::Error::Read {
        path: name.clone(),
        cause,
    })?;
    read_bytes(&bytes).map_err(|problem| crate::Error::Notice {
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

/// The paragraphs of word/document.xml, one line each; tabs and breaks inside kept as such.
fn docx_text(bytes: &[u8]) -> Result<String, NoticeError> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| NoticeError::Docx(format!("压缩包损坏（{e}）")))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| {
            NoticeError::Docx("压缩包里没有 word/document.xml（是别的压缩文件？）".into())
        })?
        .take(MAX_BYTES * 4)
        .read_to_string(&mut xml)
        .map_err(|e| NoticeError::Docx(format!("word/document.xml 读不出（{e}）")))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"t" => in_text = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"t" => in_text = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"p" => text.push('\n'),
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => text.push('\t'),
                b"br" | b"cr" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let piece = t
                    .decode()
                    .map_err(|e| NoticeError::Docx(format!("文字编码有误（{e}）")))?;
                text.push_str(&piece);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name = r.decode().unwrap_or_default();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                text.extend(c);
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(NoticeError::Docx(format!(
                    "word/document.xml 在第 {} 字节处有误（{e}）",
                    reader.error_position()
                )));
            }
            _ => {}
        }
    }
    Ok(text)
}
