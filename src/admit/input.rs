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

/// The text of a notice file, by its content (not its name): a zip is a .docx.
pub fn read_bytes(bytes: &[u8]) -> Result<String, NoticeError> {
    let text = if bytes.starts_with(b"PK\x03\x04") {
        docx_text(bytes, DOCX)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(NoticeError::OldWord);
    } else if bytes.len() > 2 * MAX_TEXT + 2 {
        // No encoding read here takes more than two bytes a UTF-8 byte (UTF-16's ASCII): too
        // long in any, refused without decoding it.
        return Err(NoticeError::TooLong);
    } else {
        text_of(bytes)?
    };
    within_limit(&text)?;
    if text.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return Err(NoticeError::Empty);
    }
    Ok(text)
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

/// How much of a .docx is read: its document.xml inflated, and the text taken from it.
#[derive(Debug, Clone, Copy)]
struct Limits {
    xml: u64,
    text: usize,
}

const DOCX: Limits = Limits {
    xml: MAX_XML,
    text: MAX_TEXT,
};

/// The paragraphs of word/document.xml, one line each; tabs and breaks inside kept as such.
/// The XML is parsed as it is inflated, never whole in memory: a zip bomb is refused on the
/// size its directory declares, or where inflating passes `limits.xml` if that lies, and a
/// long document as soon as its text passes `limits.text`.
fn docx_text(bytes: &[u8], limits: Limits) -> Result<String, NoticeError> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| NoticeError::Docx(format!("压缩包损坏（{e}）")))?;
    let member = archive.by_name("word/document.xml").map_err(|_| {
        NoticeError::Docx("压缩包里没有 word/document.xml（是别的压缩文件？）".into())
    })?;
    if member.size() > limits.xml {
        return Err(NoticeError::XmlTooLarge(Some(member.size())));
    }
    // One byte past the limit tells a member that inflates past it from one that ends there.
    let inflated = std::io::BufReader::new(member.take(limits.xml + 1));
    let mut reader = quick_xml::Reader::from_reader(inflated);
    let mut event = Vec::new();
    let mut text = String::new();
    let mut in_text = false;
    let ended = loop {
        event.clear();
        match reader.read_event_into(&mut event) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"t" => in_text = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"t" => in_text = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"p" => text.push('\n'),
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => text.push('\t'),
                b"br" | b"cr" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => match t.decode() {
                Ok(piece) => text.push_str(&piece),
                Err(e) => break Err(NoticeError::Docx(format!("文字编码有误（{e}）"))),
            },
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
            Ok(Event::Eof) => break Ok(()),
            Err(e) => {
                break Err(NoticeError::Docx(format!(
                    "word/document.xml 在第 {} 字节处有误（{e}）",
                    reader.error_position()
                )));
            }
            _ => {}
        }
        if text.len() > limits.text {
            return Err(NoticeError::TooLong);
        }
    };
    // The limit reached while inflating explains a document cut short there.
    if reader.get_ref().get_ref().limit() == 0 {
        return Err(NoticeError::XmlTooLarge(None));
    }
    ended.map(|()| text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx of `xml` as word/document.xml, its directory saying it inflates to `declared`.
    fn docx(xml: &str, declared: Option<u32>) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        if let Some(size) = declared {
            crate::files::tests::declare(&mut bytes, size);
        }
        bytes
    }

    fn document(paragraphs: &str, times: usize) -> String {
        format!(
            "<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>",
            paragraphs.repeat(times)
        )
    }

    #[test]
    fn a_docx_is_read_within_its_limits_and_a_lying_zip_is_caught_inflating() {
        let limits = Limits {
            xml: 64 * 1024,
            text: 16 * 1024,
        };
        let short = document("<w:p><w:r><w:t>开展巡查</w:t></w:r></w:p>", 3);
        assert_eq!(
            docx_text(&docx(&short, None), limits).unwrap(),
            "开展巡查\n开展巡查\n开展巡查\n"
        );
        // Declared over the limit: refused before inflating.
        assert_eq!(
            docx_text(&docx(&short, Some(65 * 1024)), limits),
            Err(NoticeError::XmlTooLarge(Some(65 * 1024)))
        );
        // Declared small but inflating past the limit (markup, little text): cut where the
        // limit is reached.
        let markup = document(
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>办</w:t></w:r></w:p>",
            4000,
        );
        assert!(markup.len() as u64 > 2 * limits.xml);
        assert_eq!(
            docx_text(&docx(&markup, Some(100)), limits),
            Err(NoticeError::XmlTooLarge(None))
        );
        assert_eq!(
            NoticeError::XmlTooLarge(None).to_string(),
            "是 .docx，但 word/document.xml 解压后超过上限 64 MB：不像一份通知（可能是压缩炸弹）"
        );
        // Text past the notice limit, the XML within its own: refused as soon as it is read.
        let long = document("<w:p><w:r><w:t>开展巡查</w:t></w:r></w:p>", 1300);
        assert_eq!(
            docx_text(&docx(&long, None), limits),
            Err(NoticeError::TooLong)
        );
        assert!(long.len() as u64 <= limits.xml);
    }
}
