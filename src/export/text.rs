//! An item as plain text: for `lvzhi show`, and for copying an item elsewhere.

use std::fmt::Write;

use crate::model::{Dataset, Item, ListKind, Section};

/// The whole item, readable: list and number, category, title, departments, then each duty
/// column with its section headings and numbered steps.
pub fn item_text(dataset: &Dataset, item: &Item) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} 第 {} 项（{}）",
        item.list.full_name(),
        item.no,
        item.id
    );
    let _ = writeln!(out, "事项类别：{}", item.category);
    let _ = writeln!(out, "事项名称：{}", item.title);
    if item.list != ListKind::Basic {
        let _ = writeln!(
            out,
            "{}：{}",
            item.list.departments_label(),
            item.departments.join("、")
        );
        duty_block(&mut out, item.list.upper_label(), &item.upper_duties);
    }
    if item.list == ListKind::Coop {
        duty_block(&mut out, &dataset.town_duties_label(), &item.town_duties);
    }
    crate::inert::text(&out).into_owned()
}

fn duty_block(out: &mut String, label: &str, sections: &[Section]) {
    let _ = writeln!(out, "\n{label}");
    for section in sections {
        let indent = if let Some(heading) = &section.heading {
            let _ = writeln!(out, "  {heading}");
            "    "
        } else {
            "  "
        };
        for (n, step) in section.steps.iter().enumerate() {
            let _ = writeln!(out, "{indent}{}{step}", section.step_marker(n));
        }
    }
}

/// An item's review as `show` prints it after the item: the verdict (未审 when there is none),
/// who and when, the note, and a draft waiting to be saved.
pub fn review_text(review: Option<&crate::review::Review>) -> String {
    use crate::review::Review;
    let none = Review::default();
    let review = review.unwrap_or(&none);
    let mut out = format!(
        "\n审核：{}",
        Review::verdict_label(review.status, &review.note)
    );
    if review.has_mark() {
        let _ = write!(out, "（{}，{}）", review.reviewer, review.updated_at);
    }
    out.push('\n');
    for (label, text) in [
        ("备注", Some(&review.note)),
        ("草稿（没有保存）", review.draft.as_ref()),
    ] {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            let _ = writeln!(out, "{label}：");
            for line in text.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    crate::inert::text(&out).into_owned()
}
