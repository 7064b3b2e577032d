//! Where each reviewer left the lists (tab, filter, item), kept in a small per-user file so a
//! dropped link or a quit brings them back to the same place, not to 全部, item 1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How many places the file keeps (reviewers × data sets), the most recent first; older ones
/// are dropped so the file never grows without bound.
const KEPT: usize = 32;

/// The place one reviewer left, in words that survive a rebuilt index: list ids, not rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftAt {
    /// `basic`, `coop`, `recalled` or `all`.
    pub tab: String,
    pub query: String,
    /// The town the lists were narrowed to, when several are loaded.
    pub town: Option<String>,
    /// The selected item: its town and its id (`coop-19`).
    pub item: Option<(String, String)>,
    /// Seconds since 1970, for dropping the oldest.
    #[serde(default)]
    pub at: u64,
}

/// The file and the key of this reviewer on this data.
#[derive(Debug, Clone)]
pub struct Resume {
    path: PathBuf,
    key: String,
}

impl Resume {
    /// The per-user file (`~/.local/share/lvzhi/places.json`), for `reviewer` on `data`.
    pub fn for_user(reviewer: &str, data: &str) -> Option<Resume> {
        let dirs = directories::ProjectDirs::from("", "", "lvzhi")?;
        Some(Resume::at(
            dirs.data_dir().join("places.json"),
            reviewer,
            data,
        ))
    }

    pub fn at(path: PathBuf, reviewer: &str, data: &str) -> Resume {
        Resume {
            path,
            key: format!("{reviewer}\u{1f}{data}"),
        }
    }

    /// The place last left, if any; a missing or unreadable file is no place (it only
    /// saves a few keystrokes, never worth a refusal to start).
    pub fn load(&self) -> Option<LeftAt> {
        read(&self.path).remove(&self.key)
    }

    /// Keeps `place` for next time, replacing the file whole so a concurrent reader never sees
    /// half of it.
    pub fn save(&self, mut place: LeftAt) -> std::io::Result<()> {
        place.at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut places = read(&self.path);
        places.insert(self.key.clone(), place);
        if places.len() > KEPT {
            let mut ages: Vec<(u64, String)> =
                places.iter().map(|(k, p)| (p.at, k.clone())).collect();
            ages.sort();
            for (_, key) in ages.iter().take(places.len() - KEPT) {
                places.remove(key);
            }
        }
        let text = serde_json::to_string_pretty(&places).map_err(std::io::Error::other)?;
        crate::cache::replace(&self.path, |file| {
            std::io::Write::write_all(file, text.as_bytes())
        })
    }
}

fn read(path: &Path) -> BTreeMap<String, LeftAt> {
    // 32 places of a few lines each: a file far larger is not ours, and is started afresh.
    crate::files::read_capped(path, 1024 * 1024)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reviewer_gets_their_own_place_back_and_the_file_stays_small() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("places.json");
        let (a, b) = (
            Resume::at(path.clone(), "张三", "六户地镇"),
            Resume::at(path.clone(), "李四", "六户地镇"),
        );
        assert_eq!(a.load(), None, "no file is no place");
        let place = LeftAt {
            tab: "coop".into(),
            query: "犬".into(),
            town: None,
            item: Some(("六户地镇".into(), "coop-19".into())),
            at: 0,
        };
        a.save(place.clone()).expect("saved");
        b.save(LeftAt::default()).expect("saved");
        let back = a.load().expect("a's place");
        assert_eq!(
            (back.tab, back.query, back.item),
            ("coop".into(), "犬".into(), place.item)
        );
        assert_eq!(b.load().expect("b's place").query, "");
        for i in 0..KEPT + 5 {
            Resume::at(path.clone(), &format!("r{i}"), "x")
                .save(LeftAt::default())
                .expect("saved");
        }
        assert_eq!(read(&path).len(), KEPT);
        std::fs::write(&path, "{ not json").expect("written");
        assert_eq!(a.load(), None, "a damaged file is no place, not an error");
    }
}
