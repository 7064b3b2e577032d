//! Where a command's output goes: standard output (a reader that went away is no error), and a
//! binary format never to a terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::export::Format;

/// The formats `export` writes, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    Md,
}

pub(super) fn export_format(format: ExportFormat, output: Option<&Path>) -> Result<Format> {
    let format = match format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Md => Format::Markdown,
    };
    if format.is_binary() && output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::BinaryToTerminal {
            format: format.extension(),
        });
    }
    Ok(format)
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub(super) fn emit(text: &str) -> Result<()> {
    emit_bytes(text.as_bytes())
}

pub(super) fn emit_bytes(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "标准输出".into(),
            cause: e,
        }),
        _ => Ok(()),
    }
}

/// A text to the file given (replaced whole, never half-written), else to standard output.
pub(super) fn write_output(output: Option<&Path>, contents: &str) -> Result<()> {
    match output {
        Some(path) => crate::export::write_atomically(path, contents.as_bytes()),
        None => emit(contents),
    }
}
