//! The PDF reader on the fixtures LibreOffice made and on damaged and hostile files written
//! here by hand.

use std::io::Write;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/notices/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

#[test]
fn a_notice_printed_from_text_reads_as_its_text() {
    // LibreOffice wrapped the third clause after "邮箱：": joined again.
    let expected = fixture_text("pdf_notice.txt");
    for name in [
        "pdf_notice.pdf",
        "pdf_notice_from_docx.pdf",
        "pdf_restricted.pdf",
    ] {
        assert_eq!(text(&fixture(name)).unwrap(), expected, "{name}");
    }
}

#[test]
fn a_laid_out_notice_loses_its_header_and_page_numbers_and_joins_its_wrapped_lines() {
    // Three pages of 公文: running header, "— 1 —" footers, justified and indented
    // paragraphs wrapping across lines and pages, a title wrapping onto a centred line.
    // And 31 pages set ragged right, "第 1 页 共 31 页" at each foot.
    for name in ["pdf_notice_long", "pdf_notice_31_pages"] {
        assert_eq!(
            text(&fixture(&format!("{name}.pdf"))).unwrap(),
            fixture_text(&format!("{name}.txt")),
            "{name}"
        );
    }
}

#[test]
fn a_scan_a_locked_file_and_a_blank_page_say_so() {
    assert_eq!(
        text(&fixture("pdf_scanned.pdf")),
        Err(NoticeError::Scanned { pages: 1 })
    );
    let locked = text(&fixture("pdf_password.pdf")).unwrap_err().to_string();
    assert!(locked.contains("设了打开密码"), "{locked}");
    assert_eq!(text(&fixture("pdf_blank.pdf")), Err(NoticeError::Empty));
}

#[test]
fn damaged_files_are_errors_not_panics() {
    let whole = fixture("pdf_notice.pdf");
    for cut in [whole.len() / 2, 2000, 10] {
        assert!(
            matches!(text(&whole[..cut]), Err(NoticeError::Pdf(_))),
            "cut at {cut}"
        );
    }
    let mut garbage = b"%PDF-1.7\n".to_vec();
    let mut seed = 7u64;
    garbage.extend((0..20_000).map(|_| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u8
    }));
    assert!(matches!(text(&garbage), Err(NoticeError::Pdf(_))));
}

/// A PDF of `objects`, numbered from 1 (the first the catalog), with its cross-reference
/// table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").unwrap();
    }
    let trailer = format!("<< /Size {} /Root 1 0 R >>", objects.len() + 1);
    write!(out, "trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n").unwrap();
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// One page drawing `content` with Helvetica as /F1 and `xobjects` as its XObject resources;
/// `more` objects follow from number 6.
fn page(content: Vec<u8>, xobjects: &str, more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R \
             /Resources << /Font << /F1 4 0 R >> /XObject << {xobjects} >> >> >>"
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        content,
    ];
    objects.extend(more);
    pdf(&objects)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

#[test]
fn a_page_written_by_hand_reads_with_its_words_spaced() {
    let content = b"BT /F1 12 Tf 72 700 Td (Notice 12) Tj 0 -20 Td (second line) Tj ET";
    let bytes = page(stream("", content), "", vec![]);
    assert_eq!(text(&bytes).unwrap(), "Notice 12\nsecond line\n");
}

#[test]
fn a_stream_inflating_past_the_limit_is_refused_before_it_is_read() {
    let bomb = deflate(&vec![b' '; MAX_STREAM as usize + 1]);
    let bytes = page(stream("/Filter /FlateDecode", &bomb), "", vec![]);
    let refused = text(&bytes).unwrap_err().to_string();
    assert!(refused.contains("压缩炸弹"), "{refused}");
    // An object stream, which lopdf inflates as it loads the file, its zlib header broken so
    // that lopdf reads it as raw deflate.
    let mut broken = bomb.clone();
    broken[..2].copy_from_slice(b"xx");
    let objects = stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &broken);
    let bytes = page(stream("", b""), "", vec![objects]);
    assert_eq!(text(&bytes), Err(too_large()));
}

#[test]
fn a_form_that_draws_itself_is_refused_not_followed() {
    let content = stream("", b"/X1 Do");
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 6 0 R >> >>",
        b"/X1 Do",
    );
    let bytes = page(content, "/X1 6 0 R", vec![form]);
    let refused = text(&bytes).unwrap_err().to_string();
    assert!(refused.contains("套着自己"), "{refused}");
    // Without resources of its own it draws with the page's, itself among them.
    let form = stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"/X1 Do");
    let bytes = page(stream("", b"/X1 Do"), "/X1 6 0 R", vec![form]);
    assert!(text(&bytes).is_err());
}

#[test]
fn text_past_the_limit_is_refused_as_it_is_drawn() {
    let mut content = b"BT /F1 1 Tf 0 800 Td (".to_vec();
    content.extend(std::iter::repeat_n(b'a', MAX_TEXT + 1));
    content.extend_from_slice(b") Tj ET");
    let bytes = page(stream("", &content), "", vec![]);
    assert_eq!(text(&bytes), Err(NoticeError::TooLong));
}

#[test]
fn a_pdf_without_pages_says_so() {
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
    ]);
    let said = text(&bytes).unwrap_err().to_string();
    assert!(said.contains("一页也没有"), "{said}");
}

#[test]
fn a_page_tree_whose_parents_go_round_is_refused_not_climbed() {
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 4 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>".to_vec(),
        stream("", b"BT ET"),
    ]);
    assert!(matches!(text(&bytes), Err(NoticeError::Pdf(_))));
}
