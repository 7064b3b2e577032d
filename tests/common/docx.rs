//! A .docx read back for the tests: its parts by name, each part's XML as a small tree, and
//! the text of its paragraphs. Only `zip`, `quick-xml` and std, so the library's own unit tests
//! can include this file too (src/letter/docx/tests.rs).

use std::collections::BTreeMap;
use std::io::Read;

/// The package: every part's text, and each entry's modification time as the zip says it.
pub struct Package {
    parts: BTreeMap<String, String>,
    pub stamps: Vec<String>,
}

/// Opens `bytes` as a zip whose parts are all UTF-8 text (a .docx without pictures).
pub fn open(bytes: &[u8]) -> Package {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = BTreeMap::new();
    let mut stamps = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("a zip entry");
        if let Some(t) = entry.last_modified() {
            let (y, mo, d) = (t.year(), t.month(), t.day());
            let (h, mi, s) = (t.hour(), t.minute(), t.second());
            stamps.push(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"));
        }
        if entry.is_dir() {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("a UTF-8 part");
        parts.insert(entry.name().to_string(), text);
    }
    Package { parts, stamps }
}

impl Package {
    pub fn names(&self) -> Vec<&str> {
        self.parts.keys().map(String::as_str).collect()
    }

    pub fn text(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.names()))
    }

    /// The part as a tree; the test fails if it is not well-formed.
    pub fn xml(&self, name: &str) -> Element {
        parse(self.text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// An element: its qualified name, its attributes unescaped, and its children.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// Parses a whole XML document: one root, end tags that match, entities that resolve and
/// only characters XML 1.0 allows; the first fault as an error.
pub fn parse(xml: &str) -> Result<Element, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let closed = match event {
            Event::Start(start) => {
                stack.push(element(&start, reader.decoder())?);
                None
            }
            Event::Empty(start) => Some(element(&start, reader.decoder())?),
            Event::End(_) => Some(stack.pop().ok_or("an end tag without a start")?),
            Event::Text(text) => {
                let text = text.decode().map_err(|e| e.to_string())?;
                let text = quick_xml::escape::unescape(&text).map_err(|e| e.to_string())?;
                push_text(&mut stack, &text)?;
                None
            }
            Event::GeneralRef(name) => {
                let name = name.decode().map_err(|e| e.to_string())?;
                let reference = format!("&{name};");
                let text = quick_xml::escape::unescape(&reference).map_err(|e| e.to_string())?;
                push_text(&mut stack, &text)?;
                None
            }
            Event::Eof => break,
            _ => None,
        };
        if let Some(done) = closed {
            match stack.last_mut() {
                Some(parent) => parent.children.push(Node::Element(done)),
                None if root.is_none() => root = Some(done),
                None => return Err("two root elements".into()),
            }
        }
    }
    if !stack.is_empty() {
        return Err(format!("<{}> is never closed", stack[stack.len() - 1].name));
    }
    root.ok_or_else(|| "no root element".into())
}

fn element(
    start: &quick_xml::events::BytesStart,
    decoder: quick_xml::encoding::Decoder,
) -> Result<Element, String> {
    let name = String::from_utf8(start.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = String::from_utf8(attr.key.as_ref().to_vec()).map_err(|e| e.to_string())?;
        let value = attr
            .decode_and_unescape_value(decoder)
            .map_err(|e| e.to_string())?;
        check_chars(&value)?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

fn push_text(stack: &mut [Element], text: &str) -> Result<(), String> {
    check_chars(text)?;
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Text(text.to_string())),
        None if text.trim().is_empty() => {}
        None => return Err(format!("text outside the root: {text:?}")),
    }
    Ok(())
}

/// XML 1.0's Char: tab, newline, carriage return, and nothing else below U+0020; no U+FFFE/F.
fn check_chars(text: &str) -> Result<(), String> {
    match text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    }) {
        Some(c) => Err(format!("{c:?} is not allowed in XML 1.0: {text:?}")),
        None => Ok(()),
    }
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The children that are elements named `name`.
    pub fn children(&self, name: &str) -> Vec<&Element> {
        self.elements().filter(|e| e.name == name).collect()
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every element named `name` below this one, in document order.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        let mut found = Vec::new();
        self.collect(name, &mut found);
        found
    }

    pub fn find(&self, name: &str) -> Option<&Element> {
        self.all(name).into_iter().next()
    }

    /// The text a reader sees: the w:t below, a w:br as a line break, a w:tab as a tab.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    /// Every text below, as it stands (w:instrText's, dc:title's).
    pub fn content(&self) -> String {
        self.children
            .iter()
            .map(|n| match n {
                Node::Text(t) => t.clone(),
                Node::Element(e) => e.content(),
            })
            .collect()
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn collect<'a>(&'a self, name: &str, found: &mut Vec<&'a Element>) {
        for child in self.elements() {
            if child.name == name {
                found.push(child);
            }
            child.collect(name, found);
        }
    }

    fn write_text(&self, out: &mut String) {
        for child in self.elements() {
            match child.name.as_str() {
                "w:t" => out.extend(child.children.iter().filter_map(|n| match n {
                    Node::Text(t) => Some(t.as_str()),
                    Node::Element(_) => None,
                })),
                "w:br" | "w:cr" => out.push('\n'),
                "w:tab" => out.push('\t'),
                "w:instrText" => {}
                _ => child.write_text(out),
            }
        }
    }
}

/// The text of each paragraph of the part, tables' included, in document order.
pub fn paragraphs(part: &Element) -> Vec<String> {
    part.all("w:p").into_iter().map(Element::text).collect()
}

/// The first paragraph whose text is `text`.
pub fn paragraph<'a>(part: &'a Element, text: &str) -> &'a Element {
    part.all("w:p")
        .into_iter()
        .find(|p| p.text() == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?} in {:?}", paragraphs(part)))
}

/// An attribute of the first `name` below `element`, as a number (twips, half-points).
pub fn number(element: &Element, name: &str, attr: &str) -> i64 {
    let found = element
        .find(name)
        .unwrap_or_else(|| panic!("no {name} in {}", element.name));
    found
        .attr(attr)
        .unwrap_or_else(|| panic!("no {attr} on {name}"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} {attr} is not a number"))
}
