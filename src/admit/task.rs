//! What the stages pass along: a notice as read, and each thing it asks the towns to do.

use serde::Serialize;

/// A notice as read: what it says about itself, and its tasks in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub title: Option<String>,
    /// The issuing department, from the signature, the heading or the title.
    pub from: Option<String>,
    /// The document number (文号), such as 玛政办发〔2026〕12号.
    pub doc_ref: Option<String>,
    pub deadline: Option<String>,
    pub tasks: Vec<Task>,
}

/// One thing the towns are asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Task {
    /// The clause or sentences, as written (numbering removed).
    pub text: String,
    /// The headings above a clause ("一、秸秆禁烧"): they name its subject, so they are read with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The line of the notice it starts on, from 1.
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The department that leads it, as a task table's row names it (牵头单位).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Who a task table's row makes responsible (责任单位): the towns, or only departments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// The points an assessment sheet's row scores (分值): what the town loses if it fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<String>,
}
