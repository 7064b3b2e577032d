//! A .pdf with a text layer: its pages in order, lines rebuilt.

use super::NoticeError;

pub(super) fn text(_bytes: &[u8]) -> Result<String, NoticeError> {
    Err(NoticeError::Pdf("尚未支持".into()))
}
