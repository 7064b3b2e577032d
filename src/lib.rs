//! lvzhi (履职): read, search and review a town's three duty lists.

pub mod admit;
pub mod cache;
pub mod check;
pub mod cli;
pub mod date;
pub mod departments;
pub mod diff;
pub mod error;
pub mod export;
pub mod files;
pub mod import;
pub mod inert;
pub mod letter;
pub mod mapped;
pub mod meaning;
pub mod memory;
pub mod model;
pub mod review;
pub mod search;
pub mod towns;
pub mod tui;
pub mod workdays;

pub use error::{Error, Result};
pub use model::{Dataset, Item, ListKind, Section, Status};
