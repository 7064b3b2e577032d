//! What a task table's row says that the lists do not bear out: an assessment sheet scoring the
//! town on what is not its own duty (以单明责、依单考核), and a row that makes no town responsible.

use super::acts::{Act, Side};
use super::{Match, Verdict};
use crate::model::Dataset;

/// The words an assessment row outside the town's basic list is flagged with.
pub const SCORED_OUTSIDE: &str = "依单考核：本项考核超出本镇清单";

/// The notes on one row, given its verdict, the item it rests on and the acts it asks.
pub fn notes(
    dataset: &Dataset,
    task: &super::Task,
    verdict: Verdict,
    best: Option<&Match>,
    acts: &[Act],
) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(points) = task.points.as_deref() {
        if let Some(why) = scored_outside(verdict, best, acts) {
            notes.push(format!(
                "{SCORED_OUTSIDE}（分值 {}；{why}）",
                points_said(points)
            ));
        }
    }
    if let Some(responsible) = task.responsible.as_deref() {
        if !names_a_town(responsible, &dataset.town) {
            notes.push(format!(
                "责任单位没有列乡镇（{responsible}）：本表没有把这一项派给乡镇"
            ));
        }
    }
    notes
}

/// The advice on a task table's row that gives the work to no town: said first, since what
/// the lists say of it matters only if a department still asks the town to do it.
pub fn unassigned(dataset: &Dataset, task: &super::Task, advice: String) -> String {
    match task.responsible.as_deref() {
        Some(responsible) if !names_a_town(responsible, &dataset.town) => format!(
            "本表的责任单位是{responsible}，没有派给乡镇：部门不要求本镇做，就不必承办；若要求，{advice}"
        ),
        _ => advice,
    }
}

/// Why an assessed row is not the town's to be scored on, if it is not.
fn scored_outside(verdict: Verdict, best: Option<&Match>, acts: &[Act]) -> Option<String> {
    let id = best.map(|m| m.id.as_str()).unwrap_or_default();
    match verdict {
        Verdict::Basic => None,
        Verdict::Outside => Some("三张清单都没有这一项".into()),
        Verdict::Recalled => Some(format!("{id} 已由上级部门收回")),
        Verdict::Coop => {
            let upper: Vec<&str> = acts
                .iter()
                .filter(|a| a.side == Side::Upper)
                .map(|a| a.text.as_str())
                .collect();
            (!upper.is_empty())
                .then(|| format!("「{}」是配合事项 {id} 中上级部门的职责", upper.join("」「")))
        }
    }
}

/// "5" as "5 分"; a cell that says more ("5分", "扣完为止") as written.
fn points_said(points: &str) -> String {
    if points.parse::<f64>().is_ok() {
        format!("{points} 分")
    } else {
        points.to_string()
    }
}

/// Whether a 责任单位 cell gives the work to the towns: all of them, or this one.
fn names_a_town(cell: &str, town: &str) -> bool {
    ["乡镇", "各镇", "镇人民政府", "镇政府", "属地", "街道"]
        .iter()
        .any(|w| cell.contains(w))
        || (!town.is_empty() && cell.contains(town))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_names_the_towns_or_only_departments() {
        assert!(names_a_town("各乡镇", "六户地镇"));
        assert!(names_a_town("县民政局、六户地镇", "六户地镇"));
        assert!(names_a_town("属地镇人民政府", "六户地镇"));
        assert!(!names_a_town("县交通运输局", "六户地镇"));
        assert!(!names_a_town("县民政局、县财政局", "六户地镇"));
    }

    #[test]
    fn points_are_said_in_fen_unless_the_cell_says_more() {
        assert_eq!(points_said("5"), "5 分");
        assert_eq!(points_said("2.5"), "2.5 分");
        assert_eq!(points_said("5分，扣完为止"), "5分，扣完为止");
    }
}
