//! A .docx: the paragraphs of word/document.xml, read as it is inflated.

use std::io::Read;

use super::{MAX_TEXT, MAX_XML, NoticeError};

/// How much of a .docx is read: its document.xml inflated, and the text taken from it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    xml: u64,
    text: usize,
}

pub(super) const DOCX: Limits = Limits {
    xml: MAX_XML,
    text: MAX_TEXT,
};

/// The paragraphs of word/document.xml, one line each; tabs and breaks inside kept as such.
/// The XML is parsed as it is inflated, never whole in memory: a zip bomb is refused on the
/// size its directory declares, or where inflating passes `limits.xml` if that lies, and a
/// long document as soon as its text passes `limits.text`.
pub(super) fn docx_text(bytes: &[u8], limits: Limits) -> Result<String, NoticeError> {
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
            Ok(Event::GeneralRef(r)) if in_text => text.extend(super::entity(&r)),
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
