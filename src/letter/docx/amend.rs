//! docx-rs's XML amended where Word needs more than it writes: the children of the property
//! elements in the order the schema gives (Word drops a w:rFonts after w:sz, and reports an
//! unreadable document for some others), w:lang in the document defaults, and w:tblHeader on
//! each table's first row.

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

use super::BODY_SIZE;

struct Element {
    start: BytesStart<'static>,
    children: Vec<Node>,
}

enum Node {
    Element(Element),
    Other(Event<'static>),
}

/// The part, amended.
pub(super) fn amend(xml: &[u8]) -> Result<Vec<u8>, String> {
    let mut nodes = parse(xml)?;
    for node in &mut nodes {
        if let Node::Element(element) = node {
            visit(element, "");
        }
    }
    let mut writer = Writer::new(Vec::new());
    for node in &nodes {
        write(&mut writer, node).map_err(|e| e.to_string())?;
    }
    Ok(writer.into_inner())
}

fn parse(xml: &[u8]) -> Result<Vec<Node>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut open: Vec<Element> = Vec::new();
    let mut top = Vec::new();
    loop {
        let node = match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            Event::Start(start) => {
                open.push(Element {
                    start: start.into_owned(),
                    children: Vec::new(),
                });
                continue;
            }
            Event::Empty(start) => Node::Element(Element {
                start: start.into_owned(),
                children: Vec::new(),
            }),
            Event::End(_) => Node::Element(open.pop().ok_or("an end tag without a start")?),
            other => Node::Other(other.into_owned()),
        };
        match open.last_mut() {
            Some(parent) => parent.children.push(node),
            None => top.push(node),
        }
    }
    if open.is_empty() {
        Ok(top)
    } else {
        Err("an element is never closed".into())
    }
}

fn write(writer: &mut Writer<Vec<u8>>, node: &Node) -> std::io::Result<()> {
    match node {
        Node::Other(event) => writer.write_event(event.borrow()),
        Node::Element(element) if element.children.is_empty() => {
            writer.write_event(Event::Empty(element.start.borrow()))
        }
        Node::Element(element) => {
            writer.write_event(Event::Start(element.start.borrow()))?;
            for child in &element.children {
                write(writer, child)?;
            }
            writer.write_event(Event::End(BytesEnd::new(element.name())))
        }
    }
}

impl Element {
    fn name(&self) -> String {
        String::from_utf8_lossy(self.start.name().as_ref()).into_owned()
    }

    fn empty(name: &str) -> Element {
        Element {
            start: BytesStart::new(name.to_string()),
            children: Vec::new(),
        }
    }

    fn with(name: &str, attributes: &[(&str, &str)]) -> Element {
        let mut element = Element::empty(name);
        for attribute in attributes {
            element.start.push_attribute(*attribute);
        }
        element
    }

    fn attribute(&self, key: &[u8]) -> Option<String> {
        let value = self.start.try_get_attribute(key).ok()??;
        Some(String::from_utf8_lossy(&value.value).into_owned())
    }

    fn drop_attribute(&mut self, key: &[u8]) {
        let kept: Vec<(Vec<u8>, Vec<u8>)> = self
            .start
            .attributes()
            .filter_map(Result::ok)
            .filter(|a| a.key.as_ref() != key)
            .map(|a| (a.key.as_ref().to_vec(), a.value.to_vec()))
            .collect();
        self.start.clear_attributes();
        for (key, value) in &kept {
            // The value as it was read, still escaped.
            self.start
                .push_attribute((key.as_slice(), value.as_slice()));
        }
    }

    /// The index of the first child element named `name`.
    fn position(&self, name: &str) -> Option<usize> {
        self.children.iter().position(|n| is(n, name))
    }
}

fn visit(element: &mut Element, parent: &str) {
    let name = element.name();
    for child in &mut element.children {
        if let Node::Element(child) = child {
            visit(child, &name);
        }
    }
    if name == "w:rPr" && parent == "w:rPrDefault" {
        let lang = Element::with("w:lang", &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")]);
        element.children.push(Node::Element(lang));
    }
    // No extra space between Chinese and Latin letters or digits ("2026年12月2日"), which
    // Word and LibreOffice add by default: the lines keep their 28 characters.
    if name == "w:pPr" && parent == "w:pPrDefault" {
        for name in ["w:autoSpaceDE", "w:autoSpaceDN"] {
            let off = Element::with(name, &[("w:val", "0")]);
            element.children.push(Node::Element(off));
        }
    }
    if name == "w:tbl" {
        mark_header(element);
    }
    if name == "w:style" && element.attribute(b"w:styleId").as_deref() == Some("Normal") {
        sized_normal(element);
    }
    // A grid column has a width only; docx-rs adds a w:type the schema does not have.
    if name == "w:gridCol" {
        element.drop_attribute(b"w:type");
    }
    // A style's, the defaults' and a list level's w:pPr (CT_PPrGeneral) has no w:rPr.
    if name == "w:pPr" && matches!(parent, "w:pPrDefault" | "w:style" | "w:lvl") {
        element.children.retain(|n| !is(n, "w:rPr"));
    }
    // docx-rs writes w:characterSpacingControl inside w:compat, where Word does not look.
    if name == "w:settings" {
        hoist(element, "w:compat", "w:characterSpacingControl");
    }
    if let Some(order) = ORDERS.iter().find(|(n, _)| *n == name).map(|(_, o)| o) {
        let rank = |node: &Node| match node {
            Node::Element(e) => {
                let name = e.name();
                let local = name.strip_prefix("w:").unwrap_or(&name);
                order
                    .iter()
                    .position(|n| *n == local)
                    .unwrap_or(order.len())
            }
            Node::Other(_) => order.len(),
        };
        element.children.sort_by_key(rank);
    }
}

/// Moves the `name` children of `element`'s `from` child up into `element`.
fn hoist(element: &mut Element, from: &str, name: &str) {
    let Some(at) = element.position(from) else {
        return;
    };
    let Node::Element(inner) = &mut element.children[at] else {
        return;
    };
    let (moved, kept): (Vec<Node>, Vec<Node>) = std::mem::take(&mut inner.children)
        .into_iter()
        .partition(|n| is(n, name));
    inner.children = kept;
    element.children.extend(moved);
}

/// The Normal style in the body's size: LibreOffice sizes Word's character grid by it, not by
/// the document defaults (without it a 三号 character took two cells of its 12 pt default).
fn sized_normal(style: &mut Element) {
    let at = match style.position("w:rPr") {
        Some(at) => at,
        None => {
            style.children.push(Node::Element(Element::empty("w:rPr")));
            style.children.len() - 1
        }
    };
    if let Node::Element(properties) = &mut style.children[at] {
        properties
            .children
            .retain(|n| !is(n, "w:sz") && !is(n, "w:szCs"));
        let size = BODY_SIZE.to_string();
        for name in ["w:sz", "w:szCs"] {
            let size = Element::with(name, &[("w:val", size.as_str())]);
            properties.children.push(Node::Element(size));
        }
    }
}

fn is(node: &Node, name: &str) -> bool {
    matches!(node, Node::Element(e) if e.name() == name)
}

/// The table's first row repeats at the top of each page (its header).
fn mark_header(table: &mut Element) {
    let Some(at) = table.position("w:tr") else {
        return;
    };
    let Node::Element(row) = &mut table.children[at] else {
        return;
    };
    let properties = match row.position("w:trPr") {
        Some(at) => at,
        None => {
            // w:trPr comes after w:tblPrEx, which docx-rs never writes.
            row.children
                .insert(0, Node::Element(Element::empty("w:trPr")));
            0
        }
    };
    if let Node::Element(properties) = &mut row.children[properties] {
        properties
            .children
            .push(Node::Element(Element::empty("w:tblHeader")));
    }
}

/// The schema's order (ECMA-376 part 1, 17.x) of the children of each element docx-rs
/// writes out of it; an element not listed goes last.
const ORDERS: [(&str, &[&str]); 10] = [
    ("w:rPr", RUN),
    ("w:pPr", PARAGRAPH),
    ("w:pBdr", BORDERS),
    ("w:style", STYLE),
    ("w:settings", SETTINGS),
    ("w:sectPr", SECTION),
    ("w:tblPr", TABLE),
    ("w:tcPr", CELL),
    ("w:tblCellMar", MARGINS),
    ("w:tcMar", MARGINS),
];

/// CT_RPr / CT_ParaRPr: the tracked-change marks, then EG_RPrBase.
#[rustfmt::skip]
const RUN: &[&str] = &[
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
    "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
    "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
    "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath", "rPrChange",
];

#[rustfmt::skip]
const PARAGRAPH: &[&str] = &[
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
];

/// Header and footer references are one group, in any order among themselves.
#[rustfmt::skip]
const SECTION: &[&str] = &[
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
];

#[rustfmt::skip]
const TABLE: &[&str] = &[
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
    "tblLook", "tblCaption", "tblDescription", "tblPrChange",
];

#[rustfmt::skip]
const CELL: &[&str] = &[
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange",
];

const BORDERS: &[&str] = &["top", "left", "bottom", "right", "between", "bar"];

#[rustfmt::skip]
const STYLE: &[&str] = &[
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
    "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
];

/// Those of CT_Settings docx-rs can write, in the schema's order (w15:docId, an extension,
/// goes last as unlisted).
#[rustfmt::skip]
const SETTINGS: &[&str] = &[
    "writeProtection", "view", "zoom", "defaultTabStop", "evenAndOddHeaders",
    "characterSpacingControl", "compat", "docVars", "rsids", "themeFontLang",
];

const MARGINS: &[&str] = &["top", "start", "left", "bottom", "end", "right"];
