//! The PDF reader on the fixtures made by LibreOffice and on damaged and hostile files.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/notices/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn debug_print() {
    let path = std::env::var("PDF").unwrap_or_default();
    if path.is_empty() {
        return;
    }
    let bytes = std::fs::read(path).unwrap();
    match text(&bytes) {
        Ok(t) => println!("{t}"),
        Err(e) => println!("ERR {e}"),
    }
    let _ = fixture;
}
