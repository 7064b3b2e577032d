//! Workbooks read as a person sees them, for task tables: every visible sheet as rows of
//! text, merged blocks filled in and hidden columns left out (an earlier wording or a lookup a
//! clerk never sees must not become part of a task).

use std::io::{Cursor, Read};

use calamine::{Reader, SheetVisible, Sheets, open_workbook_auto_from_rs};

use super::sheet::{ZIP_MEMBER_LIMIT, grid};

/// A sheet as rows of text, its merged blocks filled in: what a task table is read from.
pub struct Grid {
    pub name: String,
    /// The sheet row the first of `rows` is (from 0).
    pub top: u32,
    pub rows: Vec<Vec<String>>,
}

/// Every sheet of a workbook (.xlsx, .xls and WPS's .et, .ods) as text; the error says why
/// it cannot be read, in words for the clerk.
pub fn grids(bytes: &[u8]) -> std::result::Result<Vec<Grid>, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        crate::files::zip_within(bytes, ZIP_MEMBER_LIMIT, super::DATA_LIMIT)?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("是表格，但读不了（{e}）"))?;
    let mut grids = Vec::new();
    let hidden = hidden_columns(bytes);
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    for sheet in visible {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| format!("工作表「{sheet}」读不了（{e}）"))?;
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_merge_cells(&sheet).and_then(|m| m.ok()),
            Sheets::Xls(x) => x.worksheet_merge_cells(&sheet),
            _ => None,
        }
        .unwrap_or_default();
        let (top, left, mut rows) = grid(&range, &merges);
        for &column in hidden.get(&sheet).into_iter().flatten() {
            let Some(c) = column.checked_sub(left) else {
                continue;
            };
            for cell in rows.iter_mut().filter_map(|r| r.get_mut(c as usize)) {
                cell.clear();
            }
        }
        grids.push(Grid {
            name: sheet,
            top,
            rows,
        });
    }
    Ok(grids)
}

/// Hidden columns (from 0) by sheet name.
type Hidden = std::collections::HashMap<String, Vec<u32>>;

/// The hidden columns of each sheet, which calamine does not read: an .xlsx's <cols>, an
/// .xls's (and .et's) COLINFO records. Anything unreadable here hides nothing.
fn hidden_columns(bytes: &[u8]) -> Hidden {
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx_hidden(bytes)
    } else {
        xls_hidden(bytes).unwrap_or_default()
    }
}

/// An .xls's hidden columns: each sheet's substream starts where its BoundSheet8 record says,
/// and its COLINFO records (fHidden, bit 0 of their flags) name column ranges ([MS-XLS] 2.4.53).
fn xls_hidden(bytes: &[u8]) -> Option<Hidden> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.exists(n))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .ok()?
        .take(ZIP_MEMBER_LIMIT)
        .read_to_end(&mut stream)
        .ok()?;
    let records = || records(&stream);
    let mut sheets: Vec<(usize, String)> = records()
        .filter(|(_, kind, data)| *kind == 0x0085 && data.len() >= 8)
        .filter_map(|(_, _, data)| {
            let position = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
            let count = data[6] as usize;
            let name = if data[7] & 1 == 1 {
                let units: Vec<u16> = data
                    .get(8..8 + 2 * count)?
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                data.get(8..8 + count)?.iter().map(|&b| b as char).collect()
            };
            Some((position, name))
        })
        .collect();
    sheets.sort();
    let mut hidden = Hidden::new();
    for (start, kind, data) in records() {
        if kind != 0x007D || data.len() < 10 || data[8] & 1 == 0 {
            continue;
        }
        // The sheet whose substream this record is in: the last one starting before it.
        let Some((_, sheet)) = sheets.iter().rev().find(|(p, _)| *p <= start) else {
            continue;
        };
        let first = u16::from_le_bytes([data[0], data[1]]) as u32;
        let last = u16::from_le_bytes([data[2], data[3]]).min(255) as u32;
        hidden
            .entry(sheet.clone())
            .or_default()
            .extend(first..=last);
    }
    Some(hidden)
}

/// A BIFF stream's records: where each starts, its type and its data.
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        let start = at;
        at += 4 + len;
        Some((start, kind, data))
    })
}

/// An .xlsx's hidden columns, from each sheet's <cols>.
fn xlsx_hidden(bytes: &[u8]) -> Hidden {
    let mut hidden = Hidden::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return hidden;
    };
    let mut part = |name: &str| -> Option<String> {
        let member = zip.by_name(name).ok()?;
        let mut text = String::new();
        member
            .take(ZIP_MEMBER_LIMIT)
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    };
    let (Some(book), Some(rels)) = (part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"))
    else {
        return hidden;
    };
    let targets = attributes(&rels, b"Relationship", &[b"Id", b"Target"]);
    for sheet in attributes(&book, b"sheet", &[b"name", b"r:id"]) {
        let [name, id] = [&sheet[0], &sheet[1]];
        let Some(target) = targets.iter().find(|t| &t[0] == id).map(|t| &t[1]) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = part(&path) else { continue };
        // The <cols> come before <sheetData>: the cells need not be read.
        let head = xml.split("<sheetData").next().unwrap_or_default();
        let columns: Vec<u32> = attributes(head, b"col", &[b"min", b"max", b"hidden"])
            .iter()
            .filter(|c| c[2] == "1" || c[2] == "true")
            .filter_map(|c| Some((c[0].parse::<u32>().ok()?, c[1].parse::<u32>().ok()?)))
            .flat_map(|(min, max)| (min.max(1) - 1)..max.min(16_384))
            .collect();
        if !columns.is_empty() {
            hidden.insert(name.clone(), columns);
        }
    }
    hidden
}

/// The named attributes of every element `tag` in `xml`, in order ("" where absent).
fn attributes(xml: &str, tag: &[u8], names: &[&[u8]]) -> Vec<Vec<String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == tag => {
                let mut values = vec![String::new(); names.len()];
                for attribute in e.attributes().flatten() {
                    if let Some(i) = names.iter().position(|n| *n == attribute.key.as_ref()) {
                        values[i] = attribute
                            .decode_and_unescape_value(reader.decoder())
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                    }
                }
                found.push(values);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    found
}
