//! An .ofd (GB/T 33190-2016): the text of its pages in reading order. OFD.xml names each
//! document's Document.xml (DocRoot), which lists the pages (Pages/Page) and the templates
//! (CommonData/TemplatePage); a page's Content.xml places TextObjects, each a box (Boundary)
//! whose TextCodes put characters at X/Y (then DeltaX/DeltaY) inside it. Producers write the
//! objects in any order, so the lines are rebuilt from the positions, as a person reads them.

use std::borrow::Cow;
use std::io::{BufRead, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap;

use super::{MAX_TEXT, MAX_XML, NoticeError};
use layout::{Run, page_lines, runs_of};

/// How much of an .ofd is inflated: each XML member, and all of them together.
#[derive(Debug, Clone, Copy)]
struct Limits {
    member: u64,
    total: u64,
}

/// Each member as docx.rs's document.xml; all of them four times that, where a notice's
/// pages are a few MB.
const LIMITS: Limits = Limits {
    member: MAX_XML,
    total: 4 * MAX_XML,
};
/// The most pages read: a notice is a few pages; thousands are a book or a hostile file.
const MAX_PAGES: usize = 5_000;
/// The deepest XML nesting read: real pages nest PageBlocks a few levels, not hundreds.
const MAX_DEPTH: usize = 256;
/// The font size (mm) of a TextObject that gives none: 五号, the usual body size.
const DEFAULT_SIZE: f64 = 3.7;

/// The text of an .ofd: each document's pages in order, each page's lines top to bottom,
/// its template's text (a 红头 is usually one) read with it, page numbers at the foot dropped.
pub(super) fn text(bytes: &[u8]) -> Result<String, NoticeError> {
    text_within(bytes, LIMITS)
}

/// The text of an .ofd, inflating no more than `limits`.
// The parsers are passed as closures: a closure is general over the member's borrow, a
// generic fn item is not (clippy's suggestion does not compile).
#[allow(clippy::redundant_closure)]
fn text_within(bytes: &[u8], limits: Limits) -> Result<String, NoticeError> {
    let mut package = Package::open(bytes, limits)?;
    let mut text = String::new();
    let (mut pages, mut images) = (0usize, 0usize);
    for root in package.read("OFD.xml", |x| doc_roots(x))? {
        let root = resolve("", &root);
        let document = package.read(&root, |x| document(x))?;
        let folder = folder_of(&root);
        let mut templates: FxHashMap<&str, Content> = FxHashMap::default();
        for loc in &document.pages {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(NoticeError::Ofd(format!(
                    "超过 {MAX_PAGES} 页：不像一份通知，请只给要对照的部分"
                )));
            }
            let page = package.read(&resolve(folder, loc), |x| content(x))?;
            let mut runs = Vec::new();
            // A template is the page's background or foreground: its text objects are placed
            // among the page's own and read where they stand (a 红头 at the top comes first).
            for id in &page.templates {
                let Some((id, loc)) = document.templates.get_key_value(id.as_str()) else {
                    continue;
                };
                if !templates.contains_key(id.as_str()) {
                    let template = package.read(&resolve(folder, loc), |x| content(x))?;
                    templates.insert(id, template);
                }
                runs.extend(templates[id.as_str()].runs.iter().cloned());
            }
            images += page.images;
            runs.extend(page.runs);
            for line in page_lines(runs) {
                text.push_str(&line);
                text.push('\n');
            }
            if text.len() > MAX_TEXT {
                return Err(NoticeError::TooLong);
            }
        }
    }
    if text.is_empty() && images > 0 {
        return Err(NoticeError::Ofd(format!(
            "是扫描件，没有文字层（{pages} 页都是图片）：请向来文单位要 .docx 或 .txt，或先用 OCR 转成文字"
        )));
    }
    Ok(text)
}

/// A member of the package as it is inflated, within a limit.
type Member<'z, 'a> =
    std::io::BufReader<std::io::Take<zip::read::ZipFile<'z, std::io::Cursor<&'a [u8]>>>>;

/// The zip an .ofd is, and how much of it has been inflated.
struct Package<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    limits: Limits,
    inflated: u64,
}

impl<'a> Package<'a> {
    /// The package, refused if it is encrypted (GM/T 0099 puts Encryptions.xml at its root).
    fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, NoticeError> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| NoticeError::Ofd(format!("压缩包损坏（{e}）")))?;
        let package = Package {
            archive,
            limits,
            inflated: 0,
        };
        if package.find("Encryptions.xml").is_some() {
            return Err(encrypted());
        }
        Ok(package)
    }

    /// The member at `path`: as named, with a leading slash, or in another case (producers
    /// on Windows write names that differ from the references only so).
    fn find(&self, path: &str) -> Option<usize> {
        let wanted = path.trim_start_matches('/');
        self.archive
            .index_for_name(wanted)
            .or_else(|| self.archive.index_for_name(&format!("/{wanted}")))
            .or_else(|| {
                (0..self.archive.len()).find(|&i| {
                    self.archive.name_for_index(i).is_some_and(|name| {
                        name.trim_start_matches('/').eq_ignore_ascii_case(wanted)
                    })
                })
            })
    }

    /// The member at `path` parsed by `parse` as it is inflated, within the member limit and,
    /// with everything read before it, the total.
    fn read<T, P>(&mut self, path: &str, parse: P) -> Result<T, NoticeError>
    where
        P: for<'z> FnOnce(&mut Events<Member<'z, 'a>>) -> Result<T, NoticeError>,
    {
        let index = self.find(path).ok_or_else(|| {
            NoticeError::Ofd(format!(
                "缺少 {path}（文件不完整）：请向来文单位要完整的文件"
            ))
        })?;
        let member = self.archive.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(why)
                if why == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                encrypted()
            }
            e => NoticeError::Ofd(format!("{path} 损坏（{e}）")),
        })?;
        let Limits {
            member: limit,
            total,
        } = self.limits;
        if member.size() > limit {
            return Err(too_large(&format!("{path} "), limit));
        }
        let room = limit.min(total.saturating_sub(self.inflated));
        // One byte past the room tells a member that inflates past it from one that ends there.
        let mut events = Events::new(path, std::io::BufReader::new(member.take(room + 1)));
        let parsed = parse(&mut events);
        let left = events.reader.get_ref().get_ref().limit();
        self.inflated += room + 1 - left;
        if left == 0 {
            return Err(if room < limit {
                too_large("这份 OFD 的 XML 合计", total)
            } else {
                too_large(&format!("{path} "), limit)
            });
        }
        parsed
    }
}

fn encrypted() -> NoticeError {
    NoticeError::Ofd(
        "是加密的 OFD：请在加密它的 OFD 阅读器里解密另存，或向来文单位要未加密的文件".into(),
    )
}

fn too_large(what: &str, limit: u64) -> NoticeError {
    NoticeError::Ofd(format!(
        "{what}解压后超过上限 {}：不像一份通知（可能是压缩炸弹）",
        crate::files::size(limit)
    ))
}

/// One XML file's events, its depth kept (and bounded) without keeping its elements.
struct Events<R> {
    reader: Reader<R>,
    buffer: Vec<u8>,
    depth: usize,
    path: String,
    elements: bool,
}

impl<R: BufRead> Events<R> {
    fn new(path: &str, source: R) -> Self {
        Events {
            reader: Reader::from_reader(source),
            buffer: Vec::new(),
            depth: 0,
            path: path.to_string(),
            elements: false,
        }
    }

    /// The next event and the depth of the element it opens, closes or is (1 for the root).
    fn next(&mut self) -> Result<(usize, Event<'_>), NoticeError> {
        self.buffer.clear();
        let event = match self.reader.read_event_into(&mut self.buffer) {
            Ok(event) => event,
            Err(e) => {
                return Err(NoticeError::Ofd(format!(
                    "{} 在第 {} 字节处有误（{e}）",
                    self.path,
                    self.reader.error_position()
                )));
            }
        };
        let depth = match &event {
            Event::Start(_) => {
                self.depth += 1;
                self.depth
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                self.depth + 1
            }
            _ => self.depth + 1,
        };
        if matches!(event, Event::Start(_) | Event::Empty(_)) {
            self.elements = true;
        }
        if self.depth > MAX_DEPTH {
            return Err(NoticeError::Ofd(format!(
                "{} 的 XML 嵌套超过 {MAX_DEPTH} 层：不像一份通知",
                self.path
            )));
        }
        if matches!(event, Event::Eof) && !self.elements {
            // An encrypted or damaged stream parses as stray text, with no element at all.
            return Err(NoticeError::Ofd(format!(
                "{} 不是 XML（可能加了密或已损坏）",
                self.path
            )));
        }
        Ok((depth, event))
    }
}

/// The characters an event adds to the text of the element it is in, if any.
fn piece<'e>(event: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match event {
        // Text that does not decode is left out, not read as the decoder's complaint.
        Event::Text(t) => Some(t.decode().unwrap_or_default()),
        Event::CData(t) => Some(t.decode().unwrap_or_default()),
        Event::GeneralRef(r) => Some(
            super::entity(r)
                .map(String::from)
                .unwrap_or_default()
                .into(),
        ),
        _ => None,
    }
}

/// The value of attribute `name` (its local name), unescaped.
fn attribute(element: &BytesStart, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value);
            quick_xml::escape::unescape(&raw).map_or_else(|_| raw.to_string(), Cow::into_owned)
        })
}

/// OFD.xml: the DocRoot of each DocBody, in order; an Encryptions entry refuses the file.
fn doc_roots<R: BufRead>(events: &mut Events<R>) -> Result<Vec<String>, NoticeError> {
    let mut roots = Vec::new();
    let mut root: Option<String> = None;
    loop {
        let (_, event) = events.next()?;
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Encryptions" => {
                return Err(encrypted());
            }
            Event::Start(e) if e.local_name().as_ref() == b"DocRoot" => root = Some(String::new()),
            Event::End(e) if e.local_name().as_ref() == b"DocRoot" => {
                roots.extend(root.take().map(|r| r.trim().to_string()));
            }
            Event::Eof => break,
            _ => {
                if let (Some(root), Some(piece)) = (root.as_mut(), piece(&event)) {
                    root.push_str(&piece);
                }
            }
        }
    }
    roots.retain(|r| !r.is_empty());
    if roots.is_empty() {
        return Err(NoticeError::Ofd(
            "OFD.xml 里没有文档入口（DocRoot）：文件不完整".into(),
        ));
    }
    Ok(roots)
}

/// What Document.xml says: its pages' locations in order, its templates' by ID.
struct Document {
    pages: Vec<String>,
    templates: FxHashMap<String, String>,
}

/// Document.xml: Pages/Page BaseLoc in order, and CommonData's TemplatePage ID and BaseLoc.
fn document<R: BufRead>(events: &mut Events<R>) -> Result<Document, NoticeError> {
    let mut found = Document {
        pages: Vec::new(),
        templates: FxHashMap::default(),
    };
    let mut pages_at = None;
    loop {
        let (depth, event) = events.next()?;
        let opens = matches!(event, Event::Start(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"Pages" if opens => pages_at = Some(depth),
                b"Page" if pages_at == Some(depth - 1) => {
                    found.pages.extend(attribute(e, b"BaseLoc"));
                    if found.pages.len() > MAX_PAGES {
                        return Err(NoticeError::Ofd(format!(
                            "超过 {MAX_PAGES} 页：不像一份通知，请只给要对照的部分"
                        )));
                    }
                }
                b"TemplatePage" => {
                    if let (Some(id), Some(loc)) = (attribute(e, b"ID"), attribute(e, b"BaseLoc")) {
                        found.templates.insert(id, loc);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"Pages" => pages_at = None,
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// What a page's (or a template's) Content.xml holds that is read.
#[derive(Default)]
struct Content {
    runs: Vec<Run>,
    /// The TemplateIDs the page uses.
    templates: Vec<String>,
    images: usize,
}

/// A TextObject being read: its box's origin, its transform, its font size.
struct Object {
    depth: usize,
    origin: (f64, f64),
    ctm: [f64; 6],
    size: f64,
    /// Where the last TextCode started: a TextCode without X or Y takes its predecessor's.
    at: (f64, f64),
}

/// A TextCode being read.
struct Code {
    x: f64,
    y: f64,
    delta_x: String,
    delta_y: String,
    text: String,
}

/// A Content.xml: its TextObjects' text at page positions (in any PageBlock nesting), the
/// templates it uses, how many images it has; refused as soon as its text passes MAX_TEXT.
fn content<R: BufRead>(events: &mut Events<R>) -> Result<Content, NoticeError> {
    let mut found = Content::default();
    let mut object: Option<Object> = None;
    let mut code: Option<Code> = None;
    let mut taken = 0usize;
    loop {
        let (depth, event) = events.next()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"TextObject" if matches!(event, Event::Start(_)) => {
                    object = Some(text_object(e, depth));
                }
                b"TextCode" => {
                    if let Some(object) = object.as_mut().filter(|o| o.depth + 1 == depth) {
                        let started = text_code(e, object);
                        if matches!(event, Event::Start(_)) {
                            code = Some(started);
                        }
                    }
                }
                b"Template" => found.templates.extend(attribute(e, b"TemplateID")),
                b"ImageObject" => found.images += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"TextCode" => {
                    if let (Some(object), Some(code)) = (object.as_ref(), code.take()) {
                        taken += code.text.len();
                        if taken > MAX_TEXT {
                            return Err(NoticeError::TooLong);
                        }
                        runs_of(object, &code, &mut found.runs);
                    }
                }
                b"TextObject" => object = None,
                _ => {}
            },
            Event::Eof => return Ok(found),
            _ => {
                if let (Some(code), Some(piece)) = (code.as_mut(), piece(&event)) {
                    code.text.push_str(&piece);
                }
            }
        }
    }
}

/// A TextObject's box origin, transform and size, from its attributes.
fn text_object(e: &BytesStart, depth: usize) -> Object {
    let boundary = numbers(attribute(e, b"Boundary").as_deref().unwrap_or(""));
    let ctm = numbers(attribute(e, b"CTM").as_deref().unwrap_or(""));
    Object {
        depth,
        origin: (
            boundary.first().copied().unwrap_or(0.0),
            boundary.get(1).copied().unwrap_or(0.0),
        ),
        ctm: ctm.try_into().unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
        size: attribute(e, b"Size")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(DEFAULT_SIZE),
        at: (0.0, 0.0),
    }
}

/// A TextCode's start (X and Y, or its predecessor's) and its DeltaX and DeltaY.
fn text_code(e: &BytesStart, object: &mut Object) -> Code {
    let coordinate = |name: &[u8], before: f64| {
        attribute(e, name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .unwrap_or(before)
    };
    object.at = (coordinate(b"X", object.at.0), coordinate(b"Y", object.at.1));
    Code {
        x: object.at.0,
        y: object.at.1,
        delta_x: attribute(e, b"DeltaX").unwrap_or_default(),
        delta_y: attribute(e, b"DeltaY").unwrap_or_default(),
        text: String::new(),
    }
}

/// The numbers in an attribute such as Boundary or CTM; what is not a number reads as 0.
fn numbers(value: &str) -> Vec<f64> {
    value.split_ascii_whitespace().map(number).collect()
}

fn number(token: &str) -> f64 {
    token
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// The folder a member is in ("" at the root), for the locations it gives.
fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// A location as Document.xml or OFD.xml gives it, made a path from the package root: "/"
/// starts at the root, anything else at `folder`; "." and ".." are followed.
fn resolve(folder: &str, location: &str) -> String {
    let location = location.trim().replace('\\', "/");
    let base = if location.starts_with('/') {
        ""
    } else {
        folder
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(location.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

mod layout;

#[cfg(test)]
mod tests;
