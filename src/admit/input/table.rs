//! Task tables (任务分解表, 责任分工表) and assessment sheets (考核细则) as workbooks or CSV.

use super::NoticeError;

pub(super) fn workbook(_bytes: &[u8]) -> Result<String, NoticeError> {
    Err(NoticeError::Table("尚未支持".into()))
}

pub(super) fn csv(_text: &str) -> Result<String, NoticeError> {
    Err(NoticeError::Table("尚未支持".into()))
}
