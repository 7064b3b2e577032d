//! For the minutes: each list, its items grouped by verdict (disputes first), notes quoted.

use std::fmt::Write;

use crate::model::{Dataset, Item, ListKind, Status};
use crate::review::Review;

use super::Options;

/// The order the minutes discuss verdicts in: what needs action first.
const ORDER: [(Option<Status>, bool); 6] = [
    (Some(Status::Dispute), true),
    (Some(Status::Change), true),
    (Some(Status::Check), true),
    (Some(Status::Agree), true),
    // Notes without a verdict, then the items nobody has spoken to.
    (None, true),
    (None, false),
];

pub fn render(dataset: &Dataset, items: &[(&Item, Option<&Review>)], options: Options) -> String {
    let mut out = String::new();
    let reviewed = items
        .iter()
        .filter(|(_, r)| r.is_some_and(Review::is_reviewed))
        .count();
    let _ = writeln!(
        out,
        "# {}{} 履职事项清单审核结果\n\n已审 {reviewed}/{} 项。",
        dataset.county,
        dataset.town,
        items.len()
    );
    for list in ListKind::ALL {
        if options.list.is_some_and(|l| l != list) {
            continue;
        }
        let of_list: Vec<_> = items.iter().filter(|(i, _)| i.list == list).collect();
        if of_list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {}", list.full_name());
        for (status, reviewed) in ORDER {
            let group: Vec<_> = of_list
                .iter()
                .filter(|(_, r)| {
                    r.and_then(|r| r.status) == status
                        && r.is_some_and(Review::is_reviewed) == reviewed
                })
                .collect();
            if group.is_empty() {
                continue;
            }
            let label = match (status, reviewed) {
                (Some(status), _) => status.label(),
                (None, true) => crate::review::NOTE_ONLY,
                (None, false) => Status::UNDECIDED,
            };
            let _ = writeln!(out, "\n### {label}（{} 项）\n", group.len());
            for (item, review) in group {
                let departments = if item.departments.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", item.departments.join("、"))
                };
                let _ = writeln!(
                    out,
                    "- {} 第 {} 项 {}{departments}",
                    list.short_name(),
                    item.no,
                    item.title
                );
                if let Some(review) = review.filter(|r| !r.note.is_empty()) {
                    for line in review.note.lines() {
                        let _ = writeln!(out, "  > {line}");
                    }
                    let _ = writeln!(
                        out,
                        "  >\n  > —— {}，{}",
                        review.reviewer, review.updated_at
                    );
                }
            }
        }
    }
    // The minutes are read in terminals too: the notes' and the list's controls shown inertly.
    crate::inert::text(&out).into_owned()
}
