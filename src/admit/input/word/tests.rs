use std::io::Write;

use super::*;

const NOTICE: &[u8] = include_bytes!("../../../../tests/fixtures/notices/notice.doc");
const TABLE: &[u8] = include_bytes!("../../../../tests/fixtures/notices/table.doc");
const MARKS: &[u8] = include_bytes!("../../../../tests/fixtures/notices/marks.doc");

/// A piece of a .doc made here: one byte a character, or UTF-16.
enum Text<'a> {
    Compressed(&'a [u8]),
    Unicode(&'a str),
}

/// A .doc made here as Word lays one out: the FIB (`n_fib`, `flags`), then `pieces` one after
/// another in WordDocument, the main document their first `main` characters; the piece table
/// in 1Table; no paragraph properties (so tables are told by their marks alone).
fn doc(pieces: &[Text], main: u32, flags: u16, n_fib: u16) -> Vec<u8> {
    let mut word = vec![0u8; 1024];
    let put = |bytes: &mut Vec<u8>, at: usize, value: &[u8]| {
        bytes[at..at + value.len()].copy_from_slice(value)
    };
    put(&mut word, 0, &0xA5ECu16.to_le_bytes());
    put(&mut word, 2, &n_fib.to_le_bytes());
    put(&mut word, 10, &(flags | 0x0200).to_le_bytes());
    put(&mut word, 32, &14u16.to_le_bytes());
    put(&mut word, 62, &22u16.to_le_bytes());
    put(&mut word, 76, &main.to_le_bytes());
    put(&mut word, 152, &93u16.to_le_bytes());
    let (mut cps, mut pcds) = (vec![0u32], Vec::new());
    for piece in pieces {
        let (bytes, count, fc) = match piece {
            Text::Compressed(b) => (b.to_vec(), b.len(), (word.len() as u32 * 2) | 0x4000_0000),
            Text::Unicode(s) => {
                let units: Vec<u16> = s.encode_utf16().collect();
                let bytes = units.iter().flat_map(|u| u.to_le_bytes()).collect();
                (bytes, units.len(), word.len() as u32)
            }
        };
        word.extend(bytes);
        cps.push(cps[cps.len() - 1] + count as u32);
        pcds.extend([0, 0]);
        pcds.extend(fc.to_le_bytes());
        pcds.extend([0, 0]);
    }
    let plc: Vec<u8> = cps
        .iter()
        .flat_map(|cp| cp.to_le_bytes())
        .chain(pcds)
        .collect();
    let mut table = vec![0x02];
    table.extend((plc.len() as u32).to_le_bytes());
    table.extend(plc);
    put(&mut word, 422, &(table.len() as u32).to_le_bytes());
    ole(&[("WordDocument", &word), ("1Table", &table)])
}

/// An OLE compound file holding `streams`.
fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        file.create_stream(format!("/{name}"))
            .unwrap()
            .write_all(bytes)
            .unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn unicode(text: &str) -> Vec<u8> {
    let chars = text.encode_utf16().count() as u32;
    doc(&[Text::Unicode(text)], chars, 0, 0x00C1)
}

/// The message of a damaged file, for comparing.
fn message(result: Result<String, NoticeError>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn a_doc_saved_by_libreoffice_reads_as_the_text_it_was_made_from() {
    let source = "玛纳斯县农业农村局\n关于开展农村人居环境整治春季行动的通知\n\
        玛农发〔2026〕12号\n各乡镇人民政府：\n为进一步改善农村人居环境，现将有关事项通知如下：\n\
        一、开展村庄清洁行动。各乡镇于2026年12月15日前组织清理村内垃圾、杂物。\n\
        二、对农村户厕问题进行摸排整改，建立问题台账。\n\
        三、请各乡镇于12月20日前将工作总结报县农业农村局。\n玛纳斯县农业农村局\n2026年12月1日\n";
    assert_eq!(text(NOTICE).unwrap(), source);
    // A .wps is told by its content, whatever its name.
    assert_eq!(
        super::super::Format::of(NOTICE, Some("通知.wps")),
        super::super::Format::Word
    );
}

#[test]
fn a_table_comes_out_a_row_a_line_with_its_cells_joined_by_tabs() {
    let text = text(TABLE).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[4],
        "现将《2026年冬季安全生产大检查任务分解表》印发给你们，请认真抓好落实。"
    );
    assert_eq!(lines[5], "序号\t工作任务\t牵头单位\t责任单位\t完成时限");
    assert_eq!(
        lines[6],
        "1\t开展燃气安全隐患排查整治\t县住建局\t各乡镇人民政府\t2026年12月20日前"
    );
    assert_eq!(
        lines[8],
        "3\t组织冬季森林草原防火巡查\t县林草局\t各乡镇人民政府\t2026年12月31日前"
    );
    assert_eq!(lines[9..], ["玛纳斯县人民政府办公室", "2026年12月1日"]);
}

#[test]
fn empty_cells_paragraphs_in_cells_fields_notes_and_headers_read_as_a_person_sees_them() {
    // The fixture has a footnote, a header and footer with a page number, a hyperlink field,
    // an empty cell in the middle and at the end of a row, two paragraphs in one cell, a line
    // break and a page break.
    assert_eq!(
        text(MARKS).unwrap(),
        "关于报送“村庄清洁”情况的通知\n详见县农业农村局网站。\n\
         Smart “quotes” – and ‘dashes’ — done…\n序号\t工作任务\t牵头单位\n1\t\t县住建局\n\
         2\t清理垃圾 建立台账\t\n第一行\n第二行\n分页之后\n"
    );
}

#[test]
fn words_marks_become_text_and_field_instructions_are_dropped() {
    let marks = "标题\r第一\u{0B}第二\u{0C}下页\r详见\u{13} HYPERLINK \"http://x\" \u{14}网站\u{15}。\
        \u{01}\u{08}非\u{1E}断\u{1F}字\r\u{13} IF \u{13} PAGE \u{14}1\u{15} = 1 \u{14}是\u{15}\
        \u{13} TOC \u{15}末\r";
    assert_eq!(
        text(&unicode(marks)).unwrap(),
        "标题\n第一\n第二\n下页\n详见网站。非-断字\n是末\n"
    );
}

#[test]
fn a_table_without_paragraph_properties_is_told_by_its_marks() {
    let table = "表\r序号\u{07}名称\u{07}\u{07}1\u{07}清理\u{07}\u{07}完\r";
    assert_eq!(
        text(&unicode(table)).unwrap(),
        "表\n序号\t名称\n1\t清理\n完\n"
    );
}

#[test]
fn one_byte_pieces_map_as_the_spec_says_and_the_main_document_ends_at_ccp_text() {
    let pieces = [
        Text::Unicode("通知\r"),
        Text::Compressed(b"Smart \x93quotes\x94 \x85 \x80 caf\xe9\r"),
        Text::Unicode("脚注不应出现\r"),
    ];
    let main = 3 + 24;
    assert_eq!(
        text(&doc(&pieces, main, 0, 0x00C1)).unwrap(),
        "通知\nSmart “quotes” … \u{80} café\n"
    );
    // Cut inside a piece: the rest of it is not the main document.
    assert_eq!(text(&doc(&pieces, 2, 0, 0x00C1)).unwrap(), "通知");
}

#[test]
fn a_password_an_old_word_or_a_damaged_file_is_named() {
    let encrypted = doc(&[Text::Unicode("密\r")], 2, 0x0100, 0x00C1);
    assert_eq!(text(&encrypted), Err(NoticeError::Encrypted));
    let word95 = doc(&[Text::Unicode("旧\r")], 2, 0, 0x0068);
    assert!(message(text(&word95)).contains("Word 6.0/95"));
    let truncated = &NOTICE[..NOTICE.len() / 2 + 100];
    assert_eq!(
        message(text(truncated)),
        "是 Word 97–2003 或 WPS 文档，但读不了：文件已损坏或不完整（只有 4 KB，像是没下载完或\
         被截断）：请在 WPS 或 Word 里打开后另存为 .docx 再读，或向来文单位重新要一份"
    );
    // Cut at a sector's end: cfb names what is missing.
    let truncated = &NOTICE[..NOTICE.len() / 2];
    assert!(
        message(text(truncated))
            .starts_with("是 Word 97–2003 或 WPS 文档，但读不了：文件已损坏或不完整（OLE 结构有误")
    );
    let mut garbage = NOTICE[..8].to_vec();
    garbage.extend((0..4600u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    assert!(message(text(&garbage)).contains("OLE 结构有误"));
    let empty = ole(&[("WordDocument", b"")]);
    assert!(message(text(&empty)).contains("WordDocument 流太短"));
    let no_table = ole(&[("WordDocument", &streams(NOTICE).unwrap().0)]);
    assert!(
        message(text(&no_table)).contains("没有 0Table 流")
            || message(text(&no_table)).contains("没有 1Table 流")
    );
}

#[test]
fn pieces_outside_the_stream_or_over_one_another_are_refused() {
    let (word, table, fib) = streams(NOTICE).unwrap();
    let (fc, lcb) = fib.clx;
    let (start, end) = (fc as usize, (fc + lcb) as usize);
    let count = (lcb as usize - 5 - 4) / 12;
    let pcd = start + 5 + 4 * (count + 1);
    // The first piece moved past the end of WordDocument.
    let mut far = table.clone();
    far[pcd + 2..pcd + 6].copy_from_slice(&(word.len() as u32).to_le_bytes());
    assert!(message(document(&word, &far, &fib)).contains("文档流以外"));
    // One piece a million times over the same bytes: refused, not read for minutes.
    let mut clx = vec![0x02];
    let n = 1_000_000u32;
    clx.extend((4 + 12 * n).to_le_bytes());
    clx.extend((0..=n).flat_map(|i| (i * 64).to_le_bytes()));
    let piece = &table[pcd..pcd + 8];
    clx.extend((0..n).flat_map(|_| piece.iter().copied()));
    let fib = Fib {
        clx: (0, clx.len() as u32),
        ccp_text: u32::MAX,
        ..fib
    };
    assert!(message(document(&word, &clx, &fib)).contains("重叠"));
    assert!(end <= table.len());
}

#[test]
fn text_past_the_limit_is_refused() {
    let long = "开展巡查\r".repeat(MAX_TEXT / 12 + 1);
    assert_eq!(text(&unicode(&long)), Err(NoticeError::TooLong));
}

#[test]
fn damaged_streams_never_panic() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let streams = [streams(NOTICE).unwrap(), streams(TABLE).unwrap()];
    for round in 0..3000 {
        let (mut word, mut table, _) = streams[round % 2].clone();
        for _ in 0..1 + next() % 4 {
            let which = next() % 3;
            let bytes = if which == 0 { &mut word } else { &mut table };
            if bytes.is_empty() {
                continue;
            }
            // Mostly the FIB, else anywhere in the table stream.
            let span = if which == 0 {
                bytes.len().min(1024)
            } else {
                bytes.len()
            };
            let at = next() as usize % span;
            match next() % 4 {
                0 => bytes[at] = next() as u8,
                1 => bytes[at] ^= 1 << (next() % 8),
                2 => bytes[at] = 0xFF,
                _ => bytes.truncate(at),
            }
        }
        match Fib::read(&word).and_then(|fib| document(&word, &table, &fib)) {
            Ok(_) | Err(NoticeError::Word(_) | NoticeError::Encrypted | NoticeError::TooLong) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
}
