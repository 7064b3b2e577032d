//! A path in the notice editor: the file or the folder of this week's documents is read, every
//! notice in it answered, and the results group its tasks under their notice.

use std::path::PathBuf;

use crate::admit::input::many;
use crate::admit::{Admission, Admitter, Recorded};
use crate::model::Dataset;

/// A notice among several read at once: its file, what it says of itself (its flags outside
/// every task; its tasks are in the results), and where its tasks are there.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub file: String,
    pub notice: Admission,
    pub first: usize,
}

impl Source {
    /// The file's name, for a header: the folder is the same for all.
    pub fn name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

/// The editor's text as a path on the server, when it is one line that starts as a path does
/// ("/home/…", "~/…", "./…"), quotes pasted around it taken off.
pub fn notice_path(text: &str) -> Option<PathBuf> {
    let line = text.trim();
    if line.contains('\n') || line.len() > 4096 {
        return None;
    }
    let line = line.trim_matches(['"', '\'']);
    if let Some(rest) = line.strip_prefix("~/") {
        return Some(PathBuf::from(std::env::var_os("HOME")?).join(rest));
    }
    ["/", "./", "../"]
        .iter()
        .any(|p| line.starts_with(p))
        .then(|| PathBuf::from(line))
}

/// The notices at `path`, read; what was skipped is said in one line with the first of them.
pub fn read(path: PathBuf) -> crate::Result<(Vec<many::Found>, Option<String>)> {
    let read = many::read_paths(&[path])?;
    // One file, with its reason; several, by name, each reason being `lvzhi admit -f`'s to say.
    let skipped = match read.skipped.as_slice() {
        [] => None,
        [only] => Some(format!("跳过 {}：{}", only.file, only.problem)),
        several => Some(format!(
            "跳过 {} 个读不了的文件：{}（lvzhi admit -f 列出原因）",
            several.len(),
            several
                .iter()
                .map(|s| s.file.rsplit('/').next().unwrap_or(&s.file))
                .collect::<Vec<_>>()
                .join("、")
        )),
    };
    Ok((read.found, skipped))
}

/// Every notice answered, the model's budget shared; one notice is its own answer, several
/// are one answer of all their tasks with a `Source` each.
pub fn admit_all(
    admitter: &Admitter,
    dataset: &Dataset,
    found: &[many::Found],
    recorded: &[Recorded],
) -> (Admission, Vec<Source>) {
    let mut budget = crate::admit::MEANING_BUDGET;
    let mut answers: Vec<Admission> = found
        .iter()
        .map(|f| admitter.admit_within(dataset, &f.text, recorded, &mut budget))
        .collect();
    if answers.len() == 1 {
        return (answers.remove(0), Vec::new());
    }
    let mut all = Admission {
        title: Some(format!("{} 份通知", answers.len())),
        from: None,
        doc_ref: None,
        deadline: None,
        date: None,
        tasks: Vec::new(),
        flags: Vec::new(),
    };
    let mut sources = Vec::new();
    for (file, mut answer) in found.iter().zip(answers) {
        let loose: Vec<_> = answer.loose_flags().into_iter().cloned().collect();
        let first = all.tasks.len();
        all.tasks.append(&mut answer.tasks);
        answer.flags = loose;
        sources.push(Source {
            file: file.file.clone(),
            notice: answer,
            first,
        });
    }
    (all, sources)
}

impl super::App {
    /// The notice's text, or the notices at the path typed or pasted in its place (read as
    /// `lvzhi admit -f` reads them) and what was skipped; a path that cannot be read is said
    /// and the editor stays, with it.
    pub(super) fn notices_in(
        &mut self,
        text: String,
    ) -> Option<(Vec<many::Found>, Option<String>)> {
        let Some(path) = notice_path(&text) else {
            let found = many::Found {
                file: String::new(),
                text,
            };
            return Some((vec![found], None));
        };
        match read(path) {
            Ok(read) => Some(read),
            Err(e) => {
                self.say(e.to_string(), true);
                self.mode = super::Mode::Notice;
                None
            }
        }
    }

    /// The notice a task was read from, among several read at once.
    pub fn source_of(&self, task: usize) -> Option<&Source> {
        let at = self.admit.sources.partition_point(|s| s.first <= task);
        self.admit.sources.get(at.checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_one_line_that_starts_as_a_path_does() {
        assert_eq!(
            notice_path(" /srv/本周 \n"),
            Some(PathBuf::from("/srv/本周"))
        );
        assert_eq!(
            notice_path("\"/srv/本周/通知.docx\""),
            Some(PathBuf::from("/srv/本周/通知.docx"))
        );
        assert_eq!(notice_path("./通知.pdf"), Some(PathBuf::from("./通知.pdf")));
        assert_eq!(notice_path("各乡镇：\n/请于12月5日前"), None);
        assert_eq!(notice_path("请各乡镇于12月5日前上报"), None);
    }
}
