//! A .pdf with a text layer: its pages in order, lines rebuilt from where each glyph is drawn.
//!
//! pdf-extract decodes the fonts (ToUnicode CMaps, CID fonts, Type 1 and CFF encodings) and
//! hands over each glyph with its place on the page; the lines, the spaces in them and what is
//! page furniture (page numbers, running headers) are worked out from those places in `layout`.
//! pdf-extract inflates streams without a limit, recurses into forms without a guard and
//! panics on some files, so the document is checked and bounded here before it gets it.

mod layout;

use std::borrow::Cow;
use std::cell::Cell;
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream, Transform,
};

use super::{MAX_TEXT, NoticeError};
use layout::{Glyph, Line};

/// The largest stream inflated: a page's drawing is some hundred KB, a whole embedded CJK font
/// about 20 MB.
const MAX_STREAM: u64 = 48 * 1024 * 1024;

/// All the streams of one file inflated: a notice with its fonts is a few tens of MB.
const MAX_INFLATED: u64 = 256 * 1024 * 1024;

/// How deep forms may draw forms: real files nest two or three.
const MAX_NESTING: usize = 12;

/// How many forms a page may draw, counting each time one is drawn inside another.
const MAX_FORMS: usize = 10_000;

/// The text of a PDF's pages, as a .txt of it would hold it.
pub(super) fn text(bytes: &[u8]) -> Result<String, NoticeError> {
    let (doc, images) = load(bytes)?;
    let pages = quietly(|| doc.get_pages()).map_err(|_| damaged("页面目录"))?;
    if pages.is_empty() {
        return Err(NoticeError::Pdf("里面一页也没有".into()));
    }
    let mut collector = Collector::default();
    for (&number, &page) in &pages {
        forms_nest_within(&doc, page)?;
        let drawn = quietly(|| pdf_extract::output_doc_page(&doc, &mut collector, number));
        match drawn {
            _ if collector.over => return Err(NoticeError::TooLong),
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(unreadable_page(number, &e.to_string())),
            Err(_) => return Err(unreadable_page(number, "文件可能损坏")),
        }
    }
    if collector.pages.iter().all(Vec::is_empty) {
        return match images {
            0 => Err(NoticeError::Empty),
            _ => Err(NoticeError::Scanned { pages: pages.len() }),
        };
    }
    Ok(layout::compose(collector.pages))
}

fn unreadable_page(number: u32, why: &str) -> NoticeError {
    NoticeError::Pdf(format!(
        "第 {number} 页读不了（{why}）：请用 PDF 阅读器另存或打印成 PDF 后再读"
    ))
}

fn damaged(what: &str) -> NoticeError {
    NoticeError::Pdf(format!("{what}损坏：请用 PDF 阅读器另存一份后再读"))
}

fn too_large() -> NoticeError {
    NoticeError::Pdf(format!(
        "有数据解压后超过上限 {}：不像一份通知（可能是压缩炸弹）",
        crate::files::size(MAX_STREAM)
    ))
}

/// The document, decrypted if it opens without a password, with its streams checked and its
/// images emptied; and how many images it had.
fn load(bytes: &[u8]) -> Result<(Document, usize), NoticeError> {
    raw_streams_within(bytes)?;
    let loaded = quietly(|| Document::load_mem(bytes));
    let mut doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            return Err(NoticeError::Pdf(format!(
                "文件损坏或不完整（{e}）：请向来文单位重新要一份，或用 PDF 阅读器另存后再读"
            )));
        }
        Err(_) => return Err(damaged("文件结构")),
    };
    // lopdf opens what needs no password; what needs one it leaves locked and empty.
    if doc.is_encrypted() {
        return Err(NoticeError::Pdf(
            "设了打开密码，请用 PDF 阅读器输入密码打开后另存一份不加密的再读".into(),
        ));
    }
    let images = prepare(&mut doc)?;
    Ok((doc, images))
}

/// Measures each deflated stream in the file's bytes before lopdf parses them: it inflates
/// cross-reference and object streams as it loads, without a limit. (An encrypted file's are
/// not deflate until decrypted: those lopdf still inflates unmeasured.)
fn raw_streams_within(bytes: &[u8]) -> Result<(), NoticeError> {
    let mut total = 0;
    for at in memchr::memmem::find_iter(bytes, b"stream") {
        if bytes[..at].ends_with(b"end") {
            continue;
        }
        // Images are emptied before they are read: only their header is looked at.
        let header = &bytes[at.saturating_sub(4096)..at];
        let dict = memchr::memmem::rfind(header, b"obj").map_or(header, |o| &header[o..]);
        if memchr::memmem::find(dict, b"/Image").is_some() {
            continue;
        }
        let mut start = at + b"stream".len();
        for eol in [b'\r', b'\n'] {
            start += usize::from(bytes.get(start) == Some(&eol));
        }
        total += deflated_len(bytes.get(start..).unwrap_or_default())?;
        if total > MAX_INFLATED {
            return Err(too_large());
        }
    }
    Ok(())
}

/// What deflated data inflates to, counted not kept, read as lopdf reads it.
fn deflated_len(data: &[u8]) -> Result<u64, NoticeError> {
    let zlib = count(flate2::read::ZlibDecoder::new(data));
    let len = match zlib {
        (0, false) if data.len() > 2 => count(flate2::read::DeflateDecoder::new(&data[2..])).0,
        (n, _) => n,
    };
    match len > MAX_STREAM {
        true => Err(too_large()),
        false => Ok(len),
    }
}

/// How many bytes a reader gives, up to one past `MAX_STREAM`, and whether it ended well.
fn count(reader: impl Read) -> (u64, bool) {
    let mut reader = reader.take(MAX_STREAM + 1);
    let mut buffer = vec![0; 64 * 1024];
    let mut total = 0;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return (total, true),
            Ok(n) => total += n as u64,
            Err(_) => return (total, false),
        }
    }
}

/// Empties the images (pdf-extract would read an image's bytes as drawing operators) and
/// refuses a file whose streams, decrypted, inflate past the limits; returns how many images
/// there were.
fn prepare(doc: &mut Document) -> Result<usize, NoticeError> {
    let mut images = 0;
    let mut total = 0;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if is_image(stream) {
            images += 1;
            stream.set_plain_content(Vec::new());
            continue;
        }
        total += inflated_len(stream)?;
        if total > MAX_INFLATED {
            return Err(too_large());
        }
    }
    Ok(images)
}

fn is_image(stream: &Stream) -> bool {
    stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
}

/// What a stream inflates to, by the filters lopdf will apply, each output capped.
fn inflated_len(stream: &Stream) -> Result<u64, NoticeError> {
    let Ok(filters) = stream.filters() else {
        return Ok(stream.content.len() as u64);
    };
    let mut data = Cow::Borrowed(stream.content.as_slice());
    for filter in filters {
        data = Cow::Owned(match filter {
            b"FlateDecode" => inflate(&data)?,
            b"LZWDecode" => unlzw(&data)?,
            // At most four bytes from one: lopdf's own decoding is bounded enough.
            b"ASCII85Decode" => {
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(filter.to_vec()));
                match Stream::new(dict, data.to_vec()).decompressed_content() {
                    Ok(plain) => plain,
                    Err(_) => break,
                }
            }
            // lopdf decodes no other filter: such a stream is read as it is.
            _ => break,
        });
    }
    Ok(data.len() as u64)
}

/// Inflates zlib data as lopdf does (falling back to raw deflate past a broken header), up
/// to the limit.
fn inflate(data: &[u8]) -> Result<Vec<u8>, NoticeError> {
    let mut out = Vec::new();
    let read = flate2::read::ZlibDecoder::new(data)
        .take(MAX_STREAM + 1)
        .read_to_end(&mut out);
    if read.is_err() && out.is_empty() && data.len() > 2 {
        let mut raw = flate2::read::DeflateDecoder::new(&data[2..]).take(MAX_STREAM + 1);
        let _ = raw.read_to_end(&mut out);
    }
    within_stream(out)
}

/// Decodes LZW data as lopdf does, up to the limit.
fn unlzw(data: &[u8]) -> Result<Vec<u8>, NoticeError> {
    let mut out = Capped(Vec::new());
    let mut decoder = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let _ = decoder.into_stream(&mut out).decode_all(data);
    within_stream(out.0)
}

fn within_stream(data: Vec<u8>) -> Result<Vec<u8>, NoticeError> {
    match data.len() as u64 > MAX_STREAM {
        true => Err(too_large()),
        false => Ok(data),
    }
}

/// A buffer that takes no more than one byte past `MAX_STREAM`.
struct Capped(Vec<u8>);

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = (MAX_STREAM + 1).saturating_sub(self.0.len() as u64) as usize;
        if room == 0 {
            return Err(std::io::Error::other("over the limit"));
        }
        let taken = buf.len().min(room);
        self.0.extend_from_slice(&buf[..taken]);
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Refuses a page whose forms draw themselves or nest too deep: pdf-extract follows them
/// unguarded, and a stack overflow cannot be caught.
fn forms_nest_within(doc: &Document, page: ObjectId) -> Result<(), NoticeError> {
    let mut budget = MAX_FORMS;
    let Ok(page) = doc.get_dictionary(page) else {
        return Ok(());
    };
    if !page_tree_ends(doc, page) {
        return Err(damaged("页面目录"));
    }
    let resources = inherited_resources(doc, page);
    match resources.is_none_or(|r| forms_nest(doc, r, &mut Vec::new(), &mut budget)) {
        true => Ok(()),
        false => Err(NoticeError::Pdf(
            "页面里的图形套着自己或套得太深（文件损坏或被改过）".into(),
        )),
    }
}

/// Whether a page's size and resources are found up its page tree within a few steps:
/// pdf-extract climbs to them unguarded, and a tree whose parents go round never ends.
fn page_tree_ends(doc: &Document, page: &Dictionary) -> bool {
    let (mut size, mut resources) = (false, false);
    let mut node = page;
    for _ in 0..64 {
        size |= node.has(b"MediaBox");
        resources |= node.has(b"Resources");
        match node.get(b"Parent").ok().and_then(|o| dict(doc, o)) {
            Some(parent) if !(size && resources) => node = parent,
            _ => return true,
        }
    }
    false
}

/// A page's resources, its own or its page tree's.
fn inherited_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(resources) = node.get(b"Resources").ok().and_then(|o| dict(doc, o)) {
            return Some(resources);
        }
        node = node.get(b"Parent").ok().and_then(|o| dict(doc, o))?;
    }
    None
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok()?.1.as_dict().ok()
}

/// Whether the forms `resources` name, and theirs, are drawn within the depth and budget and
/// never inside themselves.
fn forms_nest(
    doc: &Document,
    resources: &Dictionary,
    path: &mut Vec<ObjectId>,
    budget: &mut usize,
) -> bool {
    let Some(xobjects) = resources.get(b"XObject").ok().and_then(|o| dict(doc, o)) else {
        return true;
    };
    for (_, entry) in xobjects.iter() {
        let Some((id, form)) = form_of(doc, entry) else {
            continue;
        };
        let own = form.dict.get(b"Resources").ok().and_then(|o| dict(doc, o));
        // A form without resources of its own draws with its caller's: only one that draws
        // something goes on through them.
        if own.is_none() && !form_draws(form) {
            continue;
        }
        if path.contains(&id) || path.len() >= MAX_NESTING || *budget == 0 {
            return false;
        }
        *budget -= 1;
        path.push(id);
        let within = forms_nest(doc, own.unwrap_or(resources), path, budget);
        path.pop();
        if !within {
            return false;
        }
    }
    true
}

fn form_of<'a>(doc: &'a Document, entry: &Object) -> Option<(ObjectId, &'a Stream)> {
    let id = entry.as_reference().ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    let form = stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form");
    form.then_some((id, stream))
}

/// Whether a form's drawing calls `Do` (its size was checked by `prepare`).
fn form_draws(form: &Stream) -> bool {
    let plain = form
        .get_plain_content()
        .unwrap_or_else(|_| form.content.clone());
    memchr::memmem::find(&plain, b"Do").is_some()
}

thread_local! {
    /// Set while a call that may panic runs, so its panic is not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without printing it: pdf-extract and lopdf panic on some
/// malformed files, and a notice that cannot be read must say so in one line.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

/// The glyphs pdf-extract draws, made into lines page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Line>>,
    glyphs: Vec<Glyph>,
    chars: String,
    /// A space was drawn since the last glyph.
    space: bool,
    /// The text drawn so far, in bytes.
    bytes: usize,
    over: bool,
}

impl OutputDev for Collector {
    fn begin_page(&mut self, _: u32, _: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Out {
        self.glyphs.clear();
        self.chars.clear();
        self.space = false;
        Ok(())
    }

    fn end_page(&mut self) -> Out {
        self.pages.push(layout::lines(&self.glyphs, &self.chars));
        Ok(())
    }

    fn output_character(&mut self, trm: &Transform, width: f64, _: f64, size: f64, c: &str) -> Out {
        if c.chars().all(char::is_whitespace) {
            self.space = true;
            return Ok(());
        }
        // Text turned or mirrored is a stamp or a watermark, not the notice's lines.
        let upright = trm.m11 > 0.0
            && trm.m22 > 0.0
            && trm.m12.abs() <= 0.05 * trm.m11
            && trm.m21.abs() <= 0.05 * trm.m22;
        let size = size.abs() * (trm.m11 * trm.m22).sqrt();
        let placed = [trm.m31, trm.m32, size, width]
            .iter()
            .all(|v| v.is_finite());
        if !upright || !placed || size <= 0.0 || c.chars().any(char::is_control) {
            return Ok(());
        }
        self.bytes += c.len();
        if self.bytes > MAX_TEXT {
            self.over = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let at = self.chars.len();
        self.chars.push_str(c);
        self.glyphs.push(Glyph {
            x: trm.m31,
            // Down the page, as it is read.
            y: -trm.m32,
            end: trm.m31 + width * size,
            size,
            text: at..self.chars.len(),
            space_before: std::mem::take(&mut self.space),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Out {
        Ok(())
    }

    fn end_word(&mut self) -> Out {
        Ok(())
    }

    fn end_line(&mut self) -> Out {
        Ok(())
    }
}

type Out = Result<(), OutputError>;

#[cfg(test)]
mod tests;
