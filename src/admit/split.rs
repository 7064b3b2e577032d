//! Reading a notice into its tasks. A county notice has a shape: a title, a document number, a
//! salutation (各乡镇：), a preamble (为做好…，现将有关事项通知如下：), numbered clauses
//! (一、 （一） 1. （1） ①, or 一是…二是… inside a paragraph), closing requirements (工作要求) and a
//! signature with a date. Only the clauses, and the sentences of unnumbered paragraphs that ask
//! the towns to act, are tasks. A message (微信, 电话记录) has no shape: its asking sentences are
//! its task.

use super::asking::{ask_of, asking_and_told, asking_sentences, asks, county_does_it, sentences};
use super::chat::{NEW_ASK, asks_of_paragraph, call_points, is_call, messages, one_per_message};
use super::clauses::{Clause, heading_subject, is_closing, is_non_task, read_line};
use super::lines::{clean_line, split_inline};
pub use super::marks::{deadline_in, doc_ref_in};
use super::marks::{
    is_attachment_list, is_contact, is_date, is_heading_line, is_org, is_posted, is_salutation,
    is_sender, is_timestamp, is_title, issuer_in_title, red_head, starts_numbered,
};
use super::table::table_row;
use super::task::{Notice, Task};

/// Reads a notice's text into its tasks.
pub fn split(text: &str) -> Notice {
    let mut lines = readable_lines(text);
    // A work group's sender line ("县统计局 周××：") says who wrote, not what is asked.
    let sender = lines
        .iter()
        .take(3)
        .find(|(_, l)| is_sender(l))
        .map(|(_, l)| l.split([' ', '\u{3000}']).next().unwrap_or("").to_string());
    super::names::inline_senders(&mut lines);
    for (_, line) in lines.iter_mut() {
        if let Some(sender) = super::marks::without_leading_time(line) {
            *line = sender;
        }
    }
    let messages = messages(&mut lines);
    // "一、…。二、…。三、…" typed on one line (a WeChat message) is three clauses.
    lines = lines
        .into_iter()
        .flat_map(|(number, line)| {
            split_inline(&line)
                .into_iter()
                .map(move |part| (number, part))
        })
        .collect();
    let mut notice = Notice::default();
    super::table::row_fields(&mut lines);
    let call = is_call(&lines);
    let form = super::form::read(&mut lines);
    let (start, end) = body_bounds(&lines, &mut notice);
    let mut clauses = Vec::new();
    for (number, line) in &lines[start..end] {
        read_line(*number, line, &mut clauses);
    }
    // A phone record's content: each paragraph that asks is the caller's next point ("另：上月
    // 冰雹受灾农户的补助名单，请镇里审核…"), read as a message of its own.
    let messages = match &form {
        Some(f) if messages.is_empty() && f.subjects.is_empty() && call => call_points(&clauses),
        _ => messages,
    };
    notice.tasks = tasks_of(&clauses, &messages);
    if notice.tasks.is_empty() {
        notice.tasks.extend(whole_message(&lines, start, end));
    }
    if notice.from.is_none() {
        notice.from = sender;
    }
    if let Some(form) = form {
        super::form::fill_in(&mut notice, form);
    }
    // A date inside one of several tasks is that task's, not the notice's.
    notice.deadline = deadline_in(text).filter(|date| {
        notice.tasks.len() <= 1
            || !notice.tasks.iter().any(|t| {
                t.deadline
                    .as_ref()
                    .is_some_and(|d| d.contains(date.as_str()))
            })
    });
    if notice.doc_ref.is_none() {
        notice.doc_ref = doc_ref_in(text);
    }
    notice
}

/// The notice's lines worth reading, each with its number from 1: tables and records made
/// lines, an attachment list, empty lines and chat timestamps left out.
fn readable_lines(text: &str) -> Vec<(usize, String)> {
    let raw = super::table::tables(super::table::records(
        text.split('\n').map(String::from).collect(),
    ));
    let attached = is_attachment_list(
        &raw.iter()
            .map(|l| clean_line(l))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    raw.iter()
        .enumerate()
        .filter(|(i, _)| !attached[*i])
        .map(|(i, line)| (i + 1, clean_line(line)))
        .filter(|(_, line)| !line.is_empty() && !is_timestamp(line) && !is_posted(line))
        .collect()
}

/// A message with no clause and no asking sentence (a line typed on the command line) is one
/// task: its body, or failing that everything it says.
fn whole_message(lines: &[(usize, String)], start: usize, end: usize) -> Option<Task> {
    let body: Vec<&str> = lines[start..end].iter().map(|(_, l)| l.as_str()).collect();
    let all: Vec<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
    let text = if body.is_empty() { all } else { body }.join("");
    let line = lines.get(start).or(lines.first()).map_or(1, |(n, _)| *n);
    text.chars()
        .any(is_word_char)
        .then(|| task(text, None, line))
}

/// Finds the title, document number and salutation before the body and the signature after
/// it; returns the range of lines in between.
fn body_bounds(lines: &[(usize, String)], notice: &mut Notice) -> (usize, usize) {
    let mut start = 0;
    // Everything up to a salutation (各乡镇：) is heading; without one, only lines that look
    // like a title, an issuer or a document number are.
    let salutation = lines.iter().take(6).position(|(_, l)| is_salutation(l));
    let head_end = salutation.map_or(0, |s| s + 1);
    // A first line with no sentence in it, above more lines, is a title of some kind
    // ("县长办公会议纪要（涉及乡镇事项）", "紧急通知").
    let untitled_heading = |i: usize, line: &str| {
        i == 0
            && lines.len() > 1
            && line.chars().count() <= 40
            && !line.contains(['，', '。', '；', ',', ';'])
            && !starts_numbered(line)
            && !is_salutation(line)
    };
    for (i, (_, line)) in lines.iter().enumerate() {
        if i < head_end
            || (salutation.is_none()
                && (is_heading_line(line) || untitled_heading(i, line) || red_head(line).is_some()))
        {
            if let Some(reference) = doc_ref_in(line) {
                notice.doc_ref.get_or_insert(reference);
            } else if let Some(org) = red_head(line) {
                // The 红头 ("玛纳斯县人民政府办公室文件") names the issuer; the title is below it.
                notice.from.get_or_insert(org.to_string());
            } else if is_title(line) || (untitled_heading(i, line) && !is_org(line)) {
                notice.title.get_or_insert(line.clone());
                if let Some(org) = issuer_in_title(line) {
                    notice.from.get_or_insert(org);
                }
            } else if is_org(line) {
                notice.from = Some(line.clone());
            }
            start = i + 1;
        } else {
            break;
        }
    }
    let mut end = lines.len();
    while end > start {
        let line = &lines[end - 1].1;
        if is_date(line) || is_contact(line) {
            end -= 1;
        } else if is_org(line) {
            notice.from = Some(line.clone());
            end -= 1;
        } else {
            break;
        }
    }
    (start, end)
}

/// The clauses that are tasks. A clause with deeper clauses under it is a heading: its text is
/// read with each of them. Unnumbered paragraphs give their asking sentences.
fn tasks_of(clauses: &[Clause], messages: &[usize]) -> Vec<Task> {
    let mut tasks = Vec::new();
    let parted: Vec<Clause>;
    let clauses = if !messages.is_empty() {
        parted = cut_paragraphs(clauses, asks_of_paragraph);
        &parted
    } else if clauses.iter().all(|c| !c.numbered) {
        parted = cut_paragraphs(clauses, super::chat::another_matter);
        &parted
    } else {
        clauses
    };
    // In a notice of numbered clauses, a paragraph before the first is its preamble and one
    // after the last its closing ("会议强调…", "会议要求各成员单位…"): neither is a task.
    let numbered: Vec<usize> = (0..clauses.len())
        .filter(|&i| clauses[i].numbered)
        .collect();
    let body = match (numbered.first(), numbered.last()) {
        (Some(&first), Some(&last)) if numbered.len() >= 2 => first..last + 1,
        _ => 0..clauses.len(),
    };
    // The headings above the current clause, by level.
    let mut headings: Vec<(u8, String)> = Vec::new();
    let mut told_alone: Vec<(usize, String)> = Vec::new();
    for (i, clause) in clauses.iter().enumerate() {
        let has_children = clauses
            .get(i + 1)
            .is_some_and(|next| next.numbered && next.level > clause.level && clause.numbered);
        // A numbered clause closes the headings at its level and below; a paragraph, all.
        if clause.numbered {
            headings.retain(|(level, _)| *level < clause.level);
        } else {
            headings.clear();
        }
        let under_non_task = headings.iter().any(|(_, h)| is_non_task(h));
        if has_children {
            headings.push((clause.level, clause.text.clone()));
            // A heading that also asks something in a sentence of its own is a task too.
            if clause.text.chars().count() > 40 && !under_non_task && !is_non_task(&clause.text) {
                let asked = asking_sentences(&clause.text);
                if !asked.is_empty() && asked.chars().count() > 20 {
                    tasks.push(task(asked, None, clause.line));
                }
            }
            continue;
        }
        // What a heading's paragraph says without asking ("一、整治重点：农村小超市、小作坊…")
        // names the subject of the clauses after it, not a task.
        let tells_only = clause.content && !sentences(&clause.text).iter().any(|s| asks(s));
        if under_non_task
            || is_non_task(&clause.text)
            || !body.contains(&i)
            || county_does_it(&clause.text)
            || tells_only
            || is_closing(&clause.text)
        {
            continue;
        }
        let mut context: Vec<&str> = headings.iter().map(|(_, h)| heading_subject(h)).collect();
        let (text, told) = if clause.numbered {
            (clause.text.clone(), String::new())
        } else {
            asking_and_told(&clause.text)
        };
        // A chat's message that opens another matter ("第二个，…", "对了，…") is one even when
        // no sentence of it asks in so many words: a village secretary reports what he wants.
        let opens = !messages.is_empty() && NEW_ASK.iter().any(|w| clause.text.starts_with(w));
        let (text, told) =
            if opens && ask_of(&text).chars().filter(|c| is_word_char(*c)).count() < 4 {
                (clause.text.clone(), String::new())
            } else {
                (text, told)
            };
        // What an unnumbered paragraph tells besides its asks is read with them.
        if !told.trim().is_empty() {
            context.push(told.trim());
        }
        let context = (!context.is_empty()).then(|| context.join(" "));
        let text = ask_of(&text);
        if text.chars().filter(|c| is_word_char(*c)).count() >= 4 {
            tasks.push(task(text, context, clause.line));
        } else if let Some(context) = context {
            // A paragraph that only tells (what a caller reported) is what the asks are about.
            told_alone.push((clause.line, context));
        }
    }
    if numbered.is_empty() {
        tasks = one_per_message(tasks, messages);
        tell_with_asks(&mut tasks, told_alone, messages);
    }
    tasks
}

/// Each unnumbered paragraph cut into its asks by `cut`: in a chat, at "另外请…" inside a
/// message (`asks_of_paragraph`); in a letter with no numbered clauses, where it turns to
/// another matter ("另，…", not "另请于周五前报送"; `chat::another_matter`).
fn cut_paragraphs(clauses: &[Clause], cut: fn(&str) -> Vec<String>) -> Vec<Clause> {
    clauses
        .iter()
        .flat_map(|c| match c.numbered {
            true => vec![c.clone()],
            false => cut(&c.text)
                .into_iter()
                .map(|text| Clause { text, ..c.clone() })
                .collect(),
        })
        .collect()
}

/// What a paragraph only tells goes with the ask of its message, told first; messages start in
/// line order, found by halves (a chat of thousands of messages went cubic).
fn tell_with_asks(tasks: &mut [Task], told_alone: Vec<(usize, String)>, messages: &[usize]) {
    let message = |at: usize| messages.partition_point(|&m| m <= at);
    let mut first_task: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for (k, task) in tasks.iter().enumerate() {
        first_task.entry(message(task.line)).or_insert(k);
    }
    for (line, told) in told_alone {
        if let Some(task) = first_task
            .get(&message(line))
            .and_then(|&k| tasks.get_mut(k))
        {
            task.context = Some(match task.context.take() {
                Some(context) if line < task.line => format!("{told} {context}"),
                Some(context) => format!("{context} {told}"),
                None => told,
            });
        }
    }
}

fn task(text: String, context: Option<String>, line: usize) -> Task {
    let (text, row) = table_row(&ask_of(&text));
    let deadline = row.deadline.or_else(|| deadline_in(&text));
    Task {
        text,
        context,
        line,
        deadline,
        lead: row.lead,
        responsible: row.responsible,
        points: row.points,
    }
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
