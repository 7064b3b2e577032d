//! What docx-rs cannot write as a 公文 needs, written with quick-xml: the font table (docx-rs
//! always writes Times, Symbol and Arial), the core properties (it has no title or creator),
//! w:lang and w:tblHeader (it has neither), and its property elements put in the schema's
//! order (it writes w:sz before w:rFonts, w:rPr first in w:pPr: Word drops or refuses those).

use std::io::Cursor;

use docx_rs::{Docx, XMLDocx};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::amend::amend;
use super::{HEADER_FONT, LATIN_FONT, PAGE_FONT, TEXT_FONT, TITLE_FONT, failed};
use crate::date::Date;
use crate::error::Result;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A face as the font table describes it, so Word substitutes well where it is not installed.
struct Face {
    name: &'static str,
    /// What Word tries next: the nearest face that Chinese Windows ships.
    alt: &'static str,
    /// 86 (hex) is GB2312; 00 is ANSI.
    charset: &'static str,
    family: &'static str,
    pitch: &'static str,
}

const FACES: [Face; 6] = [
    // 华文中宋 comes with Office and looks like 小标宋; where it too is missing, charset 86
    // still brings a 宋体.
    Face {
        name: TITLE_FONT,
        alt: "华文中宋",
        charset: "86",
        family: "auto",
        pitch: "variable",
    },
    Face {
        name: TEXT_FONT,
        alt: "仿宋",
        charset: "86",
        family: "modern",
        pitch: "fixed",
    },
    Face {
        name: "仿宋",
        alt: "FangSong",
        charset: "86",
        family: "modern",
        pitch: "fixed",
    },
    Face {
        name: PAGE_FONT,
        alt: "SimSun",
        charset: "86",
        family: "auto",
        pitch: "variable",
    },
    Face {
        name: HEADER_FONT,
        alt: "SimHei",
        charset: "86",
        family: "modern",
        pitch: "fixed",
    },
    Face {
        name: LATIN_FONT,
        alt: "Times",
        charset: "00",
        family: "roman",
        pitch: "variable",
    },
];

/// Builds the package: docx-rs's parts, ours in place of its font table and core properties,
/// the rest amended; zip entries dated 1980-01-01 (zip without its clock), so the same letter
/// gives the same bytes.
pub(super) fn pack(docx: Docx, title: &str, date: Date) -> Result<Vec<u8>> {
    let mut xml: XMLDocx = docx.build();
    // docx-rs's fixed table names Times, Symbol and Arial; Word substitutes by ours.
    xml.font_table = font_table().map_err(|e| failed("word/fontTable.xml", e))?;
    xml.doc_props.core = core(title, date).map_err(|e| failed("docProps/core.xml", e))?;
    xml.styles = amend(&xml.styles).map_err(|e| failed("word/styles.xml", e))?;
    xml.document = amend(&xml.document).map_err(|e| failed("word/document.xml", e))?;
    xml.settings = amend(&xml.settings).map_err(|e| failed("word/settings.xml", e))?;
    xml.numberings = amend(&xml.numberings).map_err(|e| failed("word/numbering.xml", e))?;
    for footer in &mut xml.footers {
        *footer = amend(footer).map_err(|e| failed("word/footer.xml", e))?;
    }
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| failed("zip", e))?;
    deflated(&out.into_inner()).map_err(|e| failed("zip", e))
}

/// The package with every part deflated: the published docx-rs stores them, and a 252-row
/// 调整申请 came to 1.4 MB to mail over a slow link. Entries keep their order and the fixed
/// 1980-01-01 date.
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut bytes = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        bytes.clear();
        entry.read_to_end(&mut bytes)?;
        out.start_file(name, options)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

type Written = std::io::Result<Vec<u8>>;

fn declaration(writer: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))
}

fn font_table() -> Written {
    let mut writer = Writer::new(Vec::new());
    declaration(&mut writer)?;
    writer
        .create_element("w:fonts")
        .with_attribute(("xmlns:w", W))
        .write_inner_content(|w| {
            for face in &FACES {
                w.create_element("w:font")
                    .with_attribute(("w:name", face.name))
                    .write_inner_content(|w| {
                        for (name, value) in [
                            ("w:altName", face.alt),
                            ("w:charset", face.charset),
                            ("w:family", face.family),
                            ("w:pitch", face.pitch),
                        ] {
                            w.create_element(name)
                                .with_attribute(("w:val", value))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}

/// docProps/core.xml: the letter's title, lvzhi as its author, and its date as both the
/// created and the modified time (never the clock's).
fn core(title: &str, date: Date) -> Written {
    let when = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year(),
        date.month(),
        date.day()
    );
    let mut writer = Writer::new(Vec::new());
    declaration(&mut writer)?;
    let namespaces = [
        (
            "xmlns:cp",
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        ),
        ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ("xmlns:dcterms", "http://purl.org/dc/terms/"),
        ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ];
    writer
        .create_element("cp:coreProperties")
        .with_attributes(namespaces)
        .write_inner_content(|w| {
            w.create_element("dc:title")
                .write_text_content(BytesText::new(title))?;
            for name in ["dc:creator", "cp:lastModifiedBy"] {
                w.create_element(name)
                    .write_text_content(BytesText::new("lvzhi"))?;
            }
            w.create_element("cp:revision")
                .write_text_content(BytesText::new("1"))?;
            for name in ["dcterms:created", "dcterms:modified"] {
                w.create_element(name)
                    .with_attribute(("xsi:type", "dcterms:W3CDTF"))
                    .write_text_content(BytesText::new(&when))?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}
