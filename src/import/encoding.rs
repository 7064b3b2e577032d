//! Text files as Windows and Chinese office software save them: UTF-8 with or without a
//! byte-order mark, UTF-16 with one (Notepad's "Unicode"), and GB18030/GBK, what Chinese Excel,
//! WPS and Notepad write by default ("ANSI"). Anything else is named, not guessed.

use std::borrow::Cow;

/// Where and why a file is not text we can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

/// The file's text, its byte-order mark dropped.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, NotText> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    match utf8(bytes) {
        Err(not_utf8) if not_utf8.message == NOT_UTF8 && ascii_until_invalid(bytes) => {
            gb18030(bytes).ok_or(not_utf8)
        }
        other => other,
    }
}

/// A GBK file stops being UTF-8 at its first Chinese character; one that has UTF-8 Chinese
/// before the bad byte is UTF-8 with a fault, and is reported as such rather than read as GBK
/// mojibake.
fn ascii_until_invalid(bytes: &[u8]) -> bool {
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    bytes[..valid].is_ascii()
}

/// GB18030 (a superset of GBK and GB2312) when every byte decodes: a file that is neither it nor
/// UTF-8 keeps the UTF-8 error, with its line and column.
fn gb18030(bytes: &[u8]) -> Option<Cow<'static, str>> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| Cow::Owned(text.into_owned()))
}

const NOT_UTF8: &str = "既不是 UTF-8 也不是 GBK 文本：请另存为 UTF-8";

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, NotText> {
    if utf16_without_bom(bytes) {
        return Err(NotText {
            line: 1,
            column: 1,
            message: UTF16_WITHOUT_BOM,
        });
    }
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        let (line, column) = crate::model::line_column(bytes, e.valid_up_to());
        NotText {
            line,
            column,
            message: NOT_UTF8,
        }
    })
}

/// What every reader of text (import, admit) says of UTF-16 saved without its mark.
pub const UTF16_WITHOUT_BOM: &str = "是没有字节顺序标记（BOM）的 UTF-16 文本：请另存为 UTF-8";

/// How much of a file is looked at to tell UTF-16 without a mark: a few lines of text.
const UTF16_SAMPLE: usize = 4096;

/// Whether `bytes` read as UTF-16 (either byte order) without a byte-order mark: they hold zero
/// bytes (UTF-8 and GBK text never does), those of an ASCII character or a line break fall in
/// one byte order, and the start decodes in it to text with no control character. Chinese
/// text has zero bytes only in its line breaks, digits and Latin letters, so their share does
/// not matter; a binary file fails the decoding. Refused, not decoded: the byte order of a
/// short file is a guess, and saving as UTF-8 is one step for the user.
pub fn utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE) & !1];
    if !sample.contains(&0) {
        return false;
    }
    let reads_as = |unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = sample.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
        let ascii = units
            .iter()
            .filter(|&&u| u == 0x09 || u == 0x0A || u == 0x0D || (0x20..0x7F).contains(&u))
            .count();
        let mut chars = char::decode_utf16(units.iter().copied()).peekable();
        let mut text = true;
        while let Some(c) = chars.next() {
            text &= match c {
                Ok(c) => !c.is_control() || matches!(c, '\t' | '\n' | '\r'),
                // A surrogate pair cut by the sample's end is still text.
                Err(_) => chars.peek().is_none() && sample.len() < bytes.len(),
            };
        }
        text && ascii > 0
    };
    reads_as(u16::from_le_bytes) || reads_as(u16::from_be_bytes)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Cow<'static, str>, NotText> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => unit([*a, *b]),
        // An odd last byte cannot be UTF-16: let it decode as an unpaired surrogate.
        _ => 0xD800,
    });
    let mut text = String::with_capacity(bytes.len());
    let (mut line, mut column) = (1, 1);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                if c == '\n' {
                    (line, column) = (line + 1, 1);
                } else {
                    column += 1;
                }
            }
            Err(_) => {
                return Err(NotText {
                    line,
                    column,
                    message: "UTF-16 编码有误（文件可能被截断）",
                });
            }
        }
    }
    Ok(Cow::Owned(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn bom_and_utf16_are_read_and_the_rest_is_named() {
        assert_eq!(decode("\u{FEFF}序号".as_bytes()).unwrap(), "序号");
        assert_eq!(decode(&utf16le("序号\t事项", true)).unwrap(), "序号\t事项");
        let mut be = vec![0xFE, 0xFF];
        be.extend("犬".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), "犬");
        let no_bom = decode(&utf16le("{\"town\": \"x\"}", false)).unwrap_err();
        assert!(no_bom.message.contains("UTF-16"), "{no_bom:?}");
        // "县" in GBK, as Chinese Excel and Notepad save it: read.
        assert_eq!(decode(b"ok\nab\xCF\xD8").unwrap(), "ok\nab县");
        // UTF-8 Chinese with one GBK character in it is UTF-8 with a fault, not GBK.
        let mixed = decode(
            "第一行\n第二"
                .as_bytes()
                .iter()
                .chain(b"\xCF\xD8")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap_err();
        assert_eq!((mixed.line, mixed.column), (2, 3));
        // Bytes that are neither UTF-8 nor GBK: named, at the first bad byte.
        let neither = decode(b"ok\nab\xFF\xFF").unwrap_err();
        assert_eq!((neither.line, neither.column), (2, 3));
        assert!(neither.message.contains("GBK"));
    }

    #[test]
    fn utf16_without_a_mark_is_named_though_mostly_chinese_and_binary_is_not() {
        // A notice is Chinese but for its line breaks: few zero bytes, at one parity.
        let text =
            "关于做好秸秆禁烧工作的通知\n各乡镇：\n一、请组织巡查。\n二、请于12月20日前上报。\n";
        let le = utf16le(text, false);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [&le, &be] {
            let message = decode(bytes).unwrap_err().message;
            assert_eq!(
                message,
                "是没有字节顺序标记（BOM）的 UTF-16 文本：请另存为 UTF-8"
            );
        }
        // Zero bytes in what is no UTF-16 text (a PNG's header) are not called UTF-16.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
        let png = decode(png).map(|_| "").unwrap_or_else(|e| e.message);
        assert!(!png.contains("UTF-16"), "{png}");
    }
}
