//! What a shell completes that the clap definition alone cannot know: the item ids of the data
//! the settings name (with their titles, which zsh and fish show beside them), and the words
//! our own value parsers take.

use std::ffi::OsStr;

use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};

use super::{config, data};
use crate::model::{Dataset, ListKind, Status};

/// The environment variable that asks the binary for completions instead of running.
pub const VAR: &str = "LVZHI_COMPLETE";

/// Item ids for `show` and `mark`.
pub fn item_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let Some(current) = current.to_str() else {
            return Vec::new();
        };
        // The configured data (the line being completed is not parsed: a `--data` on it is
        // not seen). Whatever fails, the shell just offers nothing.
        let sources = config::Sources::from_environment();
        let Ok(settings) = config::resolve(&sources, &config::Flags::default()) else {
            return Vec::new();
        };
        match data::load_all(&settings.data.value) {
            Ok(towns) => id_candidates(&towns, current),
            Err(_) => Vec::new(),
        }
    })
}

/// The ids that start with `current`: full ids (coop-19), or short ones (c19) once the word is
/// a letter and a digit; with several towns, each behind its town (六户地镇/c19).
pub fn id_candidates(towns: &[Dataset], current: &str) -> Vec<CompletionCandidate> {
    let several = towns.len() > 1;
    let (town_part, id_part) = match current.split_once('/') {
        Some((town, id)) => (Some(town), id),
        None => (None, current),
    };
    let short = id_part.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    let mut out = Vec::new();
    for dataset in towns {
        if several && town_part.is_none() {
            // First the town: its items follow once it is chosen.
            if dataset.town.starts_with(current) {
                out.push(
                    CompletionCandidate::new(format!("{}/", dataset.town))
                        .help(Some(dataset.place().into())),
                );
            }
            continue;
        }
        if town_part.is_some_and(|t| t != dataset.town) {
            continue;
        }
        for item in &dataset.items {
            let id = if short {
                // The initial ListKind::parse takes (c19 for coop-19).
                format!("{}{}", &item.list.key()[..1], item.no)
            } else {
                item.id.clone()
            };
            if !id.starts_with(id_part) {
                continue;
            }
            let value = match town_part {
                Some(town) => format!("{town}/{id}"),
                None => id,
            };
            let title: String = item.title.chars().take(30).collect();
            let title = crate::inert::line(&title).into_owned();
            out.push(CompletionCandidate::new(value).help(Some(title.into())));
        }
    }
    out
}

/// The verdicts `mark` takes, in the words staff use.
pub fn statuses() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        Status::ALL
            .iter()
            .map(|s| CompletionCandidate::new(s.label()).help(Some(s.key().into())))
            .chain([CompletionCandidate::new(Status::UNDECIDED).help(Some("none".into()))])
            .collect::<Vec<_>>()
    })
}

/// The lists `--list` takes.
pub fn lists() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        ListKind::ALL
            .iter()
            .map(|l| CompletionCandidate::new(l.key()).help(Some(l.full_name().into())))
            .collect::<Vec<_>>()
    })
}

/// The registration script a shell sources: it calls `lvzhi` (found on PATH) for each
/// completion, so the script never goes stale against the installed binary.
/// The shells whose completions lvzhi writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

pub fn registration(shell: Shell) -> Vec<u8> {
    use clap_complete::env::EnvCompleter;
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
    };
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = completer.write_registration(VAR, "lvzhi", "lvzhi", "lvzhi", &mut out);
    if shell == Shell::Zsh {
        // Installed as `_lvzhi` in zsh's function path, the file is the body of a completion
        // function autoloaded at the first Tab: that Tab must complete too, not only register.
        out.extend_from_slice(
            b"if [ \"$funcstack[1]\" = \"_lvzhi\" ]; then\n    _clap_dynamic_completer_lvzhi \"$@\"\nfi\n",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(candidates: &[CompletionCandidate]) -> Vec<String> {
        candidates
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn ids_complete_long_short_and_behind_a_town() {
        let one = vec![Dataset::embedded().unwrap()];
        let got = values(&id_candidates(&one, "coop-1"));
        assert_eq!(got.len(), 11, "{got:?}");
        assert!(got.contains(&"coop-19".to_string()));
        assert_eq!(
            values(&id_candidates(&one, "r4")),
            ["r4", "r40", "r41", "r42", "r43"]
        );
        assert_eq!(values(&id_candidates(&one, "recalled")).len(), 43);
        assert!(id_candidates(&one, "x").is_empty());
        let help = id_candidates(&one, "coop-19")[0]
            .get_help()
            .unwrap()
            .to_string();
        assert_eq!(
            help,
            one[0]
                .find("coop-19")
                .unwrap()
                .title
                .chars()
                .take(30)
                .collect::<String>()
        );

        let mut other = one[0].clone();
        other.town = "乐土驿镇".into();
        let two = vec![one[0].clone(), other];
        assert_eq!(values(&id_candidates(&two, "")), ["六户地镇/", "乐土驿镇/"]);
        assert_eq!(values(&id_candidates(&two, "乐")), ["乐土驿镇/"]);
        assert_eq!(
            values(&id_candidates(&two, "乐土驿镇/b11")),
            ["乐土驿镇/b11", "乐土驿镇/b110"]
        );
    }
}
