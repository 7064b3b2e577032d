//! A `Letter` as .docx, laid out as GB/T 9704-2012 lays out a 公文: A4, a 156 × 225 mm 版心 of
//! 22 lines of 28 characters in 仿宋_GB2312 三号, the title in 方正小标宋简体 二号, the 落款
//! placed for a seal, the page number "— N —" outside the 版心.
//!
//! docx-rs writes the document; `parts` writes or amends what it cannot (see there).

mod amend;
mod parts;
mod table;
#[cfg(test)]
mod tests;

use docx_rs::{
    AlignmentType, BorderType, CharacterSpacingValues, DocGrid, DocGridType, Docx, FieldCharType,
    Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
};
use unicode_width::UnicodeWidthStr;

use super::{Block, Letter};
use crate::error::{Error, Result};

/// Twips (1/20 pt) in `tenths` of a millimetre, rounded: 1 mm = 1440 / 25.4 twips.
const fn mm10(tenths: i32) -> i32 {
    (tenths * 1440 + 127) / 254
}

/// A4 portrait, 210 × 297 mm: 11906 × 16838 twips.
const PAGE_WIDTH: i32 = mm10(2100);
const PAGE_HEIGHT: i32 = mm10(2970);
/// 天头 37 mm, 订口 28 mm: 2098 and 1587 twips.
const MARGIN_TOP: i32 = mm10(370);
const MARGIN_LEFT: i32 = mm10(280);
/// 35 mm below and 26 mm on the right leave the 156 × 225 mm 版心: 1984 and 1474 twips.
const MARGIN_BOTTOM: i32 = mm10(350);
const MARGIN_RIGHT: i32 = mm10(260);
/// The 版心: 11906 − 1587 − 1474 = 8845 twips (156 mm) by 16838 − 2098 − 1984 = 12756 (225 mm).
pub(super) const TEXT_WIDTH: i32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
const TEXT_HEIGHT: i32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;

/// 22 lines of 28 characters a page (GB/T 9704 5.2.2).
const LINES: i32 = 22;
const CHARS: i32 = 28;
/// 12756 / 22 = 579 twips (10.2 mm), rounded down so that 22 lines fit.
const LINE_PITCH: i32 = TEXT_HEIGHT / LINES;

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
const TITLE_SIZE: usize = 44;
pub(super) const BODY_SIZE: usize = 32;
const SMALL_SIZE: usize = 28;

/// One character of the line, 8845 / 28 = 315 twips (rounded down, so 28 always fit): a
/// 三号 character, 320 twips, is condensed by 5 to it. LibreOffice cannot set 28 on Word's
/// character grid (a 16 pt character wider than its 15.8 pt cell takes two cells, 14 a
/// line), so the grid is of lines only and the characters are spaced instead.
const CHAR: i32 = TEXT_WIDTH / CHARS;
const CONDENSE: i32 = CHAR - BODY_SIZE as i32 * 10;
/// Word's own 28-character pitch, 16 pt plus charSpace/4096 pt: floor(4096 × (8845 − 28 ×
/// 320) / (28 × 20)) = −842. Kept on the line grid, where Word ignores it, so that switching
/// the grid to 行和字符网格 in Page Setup gives 28 at once.
const CHAR_SPACE: i32 =
    (4096 * (TEXT_WIDTH - CHARS * BODY_SIZE as i32 * 10)).div_euclid(CHARS * 20);
/// One 四号 character, 14 pt: the 版记's and the page number's unit.
const SMALL_CHAR: i32 = SMALL_SIZE as i32 * 10;

/// The 版记's first and last 分隔线, 0.35 mm ≈ 1 pt (eighths of a point).
const SEPARATOR_RULE: usize = 8;

/// The page number's line, and how far it sits below the page: its middle, where the dashes
/// are, 7 mm below the 版心 (GB/T 9704 7.5): 1984 − 397 − 400 / 2 = 1387 twips (24.5 mm).
const FOOTER_LINE: i32 = 400;
const FOOTER_DISTANCE: i32 = MARGIN_BOTTOM - mm10(70) - FOOTER_LINE / 2;

pub(super) const TITLE_FONT: &str = "方正小标宋简体";
pub(super) const TEXT_FONT: &str = "仿宋_GB2312";
pub(super) const HEADER_FONT: &str = "黑体";
pub(super) const PAGE_FONT: &str = "宋体";
pub(super) const LATIN_FONT: &str = "Times New Roman";

/// The letter as the bytes of a .docx file.
pub fn render(letter: &Letter) -> Result<Vec<u8>> {
    let mut pieces: Vec<Piece> = head(letter).into_iter().map(Piece::from).collect();
    for block in &letter.body {
        match block {
            Block::Text(text) => {
                let lines = clean(text);
                pieces.extend(lines.split('\n').map(|l| Piece::from(indented(l))));
            }
            Block::Table(table) => {
                pieces.extend(table::grid(table).map(|t| Piece::Table(Box::new(t))))
            }
        }
    }
    // The body's last lines go with the 落款: no page holds only the seal and the date.
    if let Some(Piece::Paragraph(last)) = pieces.last_mut() {
        **last = std::mem::take(&mut **last).keep_next(true);
    }
    pieces.extend(close(letter).into_iter().map(Piece::from));
    let docx = pieces.into_iter().fold(page(), |docx, piece| match piece {
        Piece::Paragraph(paragraph) => docx.add_paragraph(*paragraph),
        Piece::Table(table) => docx.add_table(*table),
    });
    parts::pack(docx, &line(&letter.title), letter.date)
}

enum Piece {
    Paragraph(Box<Paragraph>),
    Table(Box<docx_rs::Table>),
}

impl From<Paragraph> for Piece {
    fn from(paragraph: Paragraph) -> Piece {
        Piece::Paragraph(Box::new(paragraph))
    }
}

/// The page, its grid, its defaults and its page numbers: everything but the text.
fn page() -> Docx {
    let margins = PageMargin::new()
        .top(MARGIN_TOP)
        .bottom(MARGIN_BOTTOM)
        .left(MARGIN_LEFT)
        .right(MARGIN_RIGHT)
        .footer(FOOTER_DISTANCE)
        .gutter(0);
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH as u32, PAGE_HEIGHT as u32)
        .page_margin(margins)
        .default_size(BODY_SIZE)
        .default_fonts(
            RunFonts::new()
                .east_asia(TEXT_FONT)
                .ascii(LATIN_FONT)
                .hi_ansi(LATIN_FONT)
                .cs(LATIN_FONT),
        )
        .footer(page_number(true))
        .even_footer(page_number(false));
    let grid = DocGrid::new()
        .grid_type(DocGridType::Lines)
        .line_pitch(LINE_PITCH as usize)
        .char_space(CHAR_SPACE as isize);
    docx.document = docx.document.doc_grid(grid);
    // Full-width punctuation keeps its full cell, or the 28-character lines would drift.
    docx.settings = docx
        .settings
        .character_spacing_control(CharacterSpacingValues::DoNotCompress);
    docx
}

/// The title, a blank line, and the 主送机关 with its colon.
fn head(letter: &Letter) -> Vec<Paragraph> {
    // Off the grid, or LibreOffice gives each 二号 line two of its lines (the exact spacing
    // already keeps it to one in Word).
    let mut title = on_grid(TITLE_FONT, TITLE_SIZE)
        .snap_to_grid(false)
        .align(AlignmentType::Center);
    // A line break the writer put in the title is kept: GB/T 9704 leaves where to break to them.
    for (i, part) in clean(&letter.title).split('\n').enumerate() {
        if i > 0 {
            title = title.add_run(
                run("", TITLE_FONT, TITLE_SIZE).add_break(docx_rs::BreakType::TextWrapping),
            );
        }
        title = title.add_run(run(part, TITLE_FONT, TITLE_SIZE));
    }
    let to = format!("{}：", line(&letter.to));
    vec![title, blank(), text(&to).align(AlignmentType::Both)]
}

/// The 落款 (GB/T 9704 7.3.5.1, with a seal): two blank lines, the sender centred over the
/// date, the date four characters from the right; then the 附注 and the 抄送.
fn close(letter: &Letter) -> Vec<Paragraph> {
    let sender = line(&letter.sender);
    let date = format!(
        "{}年{}月{}日",
        letter.date.year(),
        letter.date.month(),
        letter.date.day()
    );
    let mut paragraphs = vec![
        blank().keep_next(true),
        blank().keep_next(true),
        text(&sender)
            .align(AlignmentType::Right)
            .indent(None, None, Some(sender_indent(&sender, &date)), None)
            .keep_next(true),
        text(&date)
            .align(AlignmentType::Right)
            .indent(None, None, Some(4 * CHAR), None)
            .keep_next(letter.note.is_some()),
    ];
    if let Some(note) = &letter.note {
        paragraphs.push(indented(&format!("（{}）", line(note))));
    }
    paragraphs.extend(copies(&letter.cc));
    paragraphs
}

/// The sender's right indent: centred over the date, which is four characters from the right,
/// so 4 + (date − sender) / 2 characters, a digit counting half; never below 0.
fn sender_indent(sender: &str, date: &str) -> i32 {
    let half = |s: &str| i32::try_from(s.width()).unwrap_or(i32::MAX / 4);
    // In quarter characters: 4 characters are 16, half a width difference of w halves is w.
    let quarters = 16_i32
        .saturating_add(half(date))
        .saturating_sub(half(sender));
    quarters.max(0) * CHAR / 4
}

/// The 版记's 抄送 between its two 分隔线, one character in from each side; a second line
/// starts under the first name (GB/T 9704 7.4.2). Flowing text cannot pin it to the foot of
/// the last page as the standard wants: it follows the 附注 after a blank line.
fn copies(cc: &[String]) -> Vec<Paragraph> {
    let names: Vec<String> = cc
        .iter()
        .map(|c| line(c))
        .filter(|c| !c.is_empty())
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    let label = "抄送：";
    let label_width = SMALL_CHAR * 3;
    let copies = on_grid(TEXT_FONT, SMALL_SIZE)
        .align(AlignmentType::Both)
        .indent(
            Some(SMALL_CHAR + label_width),
            Some(SpecialIndentType::Hanging(label_width)),
            Some(SMALL_CHAR),
            None,
        )
        .add_run(run(
            &format!("{label}{}。", names.join("，")),
            TEXT_FONT,
            SMALL_SIZE,
        ));
    vec![
        blank(),
        separator(ParagraphBorderPosition::Bottom).keep_next(true),
        copies.keep_next(true),
        separator(ParagraphBorderPosition::Top),
    ]
}

/// A 分隔线 the width of the 版心: a paragraph 1 pt high with a border. On the 抄送 paragraph
/// itself the line would stop at its indents.
fn separator(side: ParagraphBorderPosition) -> Paragraph {
    let mut paragraph = Paragraph::new()
        .id("")
        .snap_to_grid(false)
        .line_spacing(exact(20))
        .size(2);
    // Only this side: docx-rs's default borders box the paragraph in thin lines.
    let rule = ParagraphBorder::new(side)
        .val(BorderType::Single)
        .size(SEPARATOR_RULE)
        .space(0)
        .color("000000");
    paragraph.property = paragraph
        .property
        .set_borders(ParagraphBorders::with_empty().set(rule));
    paragraph
}

/// The footer of odd (right, one character in) or even pages (left): "— N —" in 四号 宋体.
fn page_number(odd: bool) -> Footer {
    let mut number = Paragraph::new()
        .id("")
        .snap_to_grid(false)
        .line_spacing(exact(FOOTER_LINE))
        .fonts(fonts(PAGE_FONT))
        .size(SMALL_SIZE);
    number = if odd {
        number
            .align(AlignmentType::Right)
            .indent(None, None, Some(SMALL_CHAR), None)
    } else {
        number
            .align(AlignmentType::Left)
            .indent(Some(SMALL_CHAR), None, None, None)
    };
    let field = Run::new()
        .fonts(fonts(PAGE_FONT))
        .size(SMALL_SIZE)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text(if odd { "1" } else { "2" })
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        number
            .add_run(run("— ", PAGE_FONT, SMALL_SIZE))
            .add_run(field)
            .add_run(run(" —", PAGE_FONT, SMALL_SIZE)),
    )
}

/// A body paragraph: 仿宋_GB2312 三号, justified, its first line two characters in.
fn indented(line: &str) -> Paragraph {
    text(line).align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(2 * CHAR)),
        None,
        None,
    )
}

/// A line of 仿宋_GB2312 三号 on the grid.
fn text(line: &str) -> Paragraph {
    with_text(on_grid(TEXT_FONT, BODY_SIZE), line, TEXT_FONT, BODY_SIZE)
}

fn blank() -> Paragraph {
    on_grid(TEXT_FONT, BODY_SIZE)
}

/// A paragraph one grid line per line: the grid's pitch as exact spacing too, since
/// LibreOffice honours only part of Word's grid. Its mark is in `font` and `size`.
fn on_grid(font: &str, size: usize) -> Paragraph {
    // docx-rs numbers paragraphs with an empty id from 1 when it builds, so the same letter
    // gives the same bytes whatever was built before on this thread.
    Paragraph::new()
        .id("")
        .line_spacing(exact(LINE_PITCH))
        .fonts(fonts(font))
        .size(size)
}

pub(super) fn with_text(paragraph: Paragraph, text: &str, font: &str, size: usize) -> Paragraph {
    if text.is_empty() {
        paragraph
    } else {
        paragraph.add_run(run(text, font, size))
    }
}

/// A run; one in 三号 is condensed to the line's 28 characters.
fn run(text: &str, font: &str, size: usize) -> Run {
    let mut run = Run::new().fonts(fonts(font)).size(size);
    if size == BODY_SIZE {
        run = run.character_spacing(CONDENSE);
    }
    if text.is_empty() {
        run
    } else {
        run.add_text(text)
    }
}

/// The same face for Chinese and Latin: a 公文's digits are in its text's face.
pub(super) fn fonts(font: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(font)
        .ascii(font)
        .hi_ansi(font)
        .cs(font)
}

pub(super) fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
        .before(0)
        .after(0)
}

/// A field on one line (title aside): `clean`, its line breaks as spaces.
fn line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

/// Text other people wrote, made fit for XML and for paper: terminal escape sequences
/// (`\x1b[31m`) and control characters dropped, bidi controls too (they can reorder a name),
/// U+FFFE/U+FFFF dropped, a tab a space, every line break a `\n`.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' if chars.peek() == Some(&'[') => {
                // CSI: parameters and intermediates (U+0020–U+003F), ended by U+0040–U+007E.
                chars.next();
                while let Some(&c) = chars.peek() {
                    if !(' '..='~').contains(&c) {
                        break;
                    }
                    chars.next();
                    if c >= '@' {
                        break;
                    }
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() || crate::inert::is_bidi(c) => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A failure to write a part of the package, as the library reports it.
fn failed(part: &str, cause: impl std::fmt::Display) -> Error {
    Error::LetterDocx {
        part: part.to_string(),
        cause: cause.to_string(),
    }
}
