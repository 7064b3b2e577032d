//! An .ofd (GB/T 33190-2016): the text of its pages in reading order.

use super::NoticeError;

pub(super) fn text(_bytes: &[u8]) -> Result<String, NoticeError> {
    Err(NoticeError::Ofd("尚未支持".into()))
}
