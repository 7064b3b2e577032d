//! A .doc (Word 97–2003) or .wps (WPS Writer): the text of the WordDocument stream.

use super::NoticeError;

pub(super) fn text(_bytes: &[u8]) -> Result<String, NoticeError> {
    Err(NoticeError::Word("尚未支持".into()))
}
