//! A work group's chat as messages: who is writing, the town's own replies, and where a new ask
//! begins. A letter or a message with no numbered clauses asks one thing; a chat asks one thing
//! per message that is not the same person answering the town.

use super::marks::is_sender;

use super::split::Task;

/// How the same person starts another ask in a new message: "另外有个事", "还有", "最后提醒一下".
const NEW_ASK: [&str; 6] = ["另外", "还有", "最后", "此外", "另请", "再有"];

/// A group's chat as messages: the town's own replies ("六户地镇 韩××：收到") are dropped, and
/// the lines where a message asks something new are returned: another person of the county
/// writing, or the same one starting "另外", "还有", "最后"… (the same person writing again
/// otherwise answers the town and goes on with the same ask). Sender lines are dropped.
pub(super) fn messages(lines: &mut Vec<(usize, String)>) -> Vec<usize> {
    let who = |line: &str| -> String {
        line.split(|c: char| c.is_ascii_digit())
            .next()
            .unwrap_or("")
            .trim_end_matches(['：', ':', ' ', '\u{3000}'])
            .to_string()
    };
    let mut starts = Vec::new();
    let mut kept = Vec::with_capacity(lines.len());
    let (mut last, mut town) = (None::<String>, false);
    for (i, (number, line)) in lines.iter().enumerate() {
        if !is_sender(line) {
            if !town {
                kept.push((*number, line.clone()));
            }
            continue;
        }
        let first = line.split([' ', '\u{3000}']).next().unwrap_or("");
        // The town answering ("六户地镇 韩××：", "六户地镇党政办 韩××：").
        town = first.contains(['镇', '乡']) && !first.contains(['县', '州', '市']);
        if town {
            continue;
        }
        let name = who(line);
        let more = lines
            .get(i + 1)
            .is_some_and(|(_, next)| NEW_ASK.iter().any(|w| next.starts_with(w)));
        if last.as_ref().is_some_and(|l| *l != name || more) {
            starts.push(*number);
        }
        last = Some(name);
    }
    *lines = kept;
    starts
}

/// A letter or a message with no numbered clauses asks one thing: its later paragraphs add
/// how and by when ("另请于周五前报送", "没有固定摊位的也要登记上"), so its asks are one task.
/// A group's chat is several messages (a sender line starts each): one task each.
pub(super) fn one_per_message(tasks: Vec<Task>, messages: &[usize]) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for next in tasks {
        let same = out
            .last()
            .is_some_and(|last: &Task| !messages.iter().any(|&m| last.line < m && m <= next.line));
        match out.last_mut() {
            Some(last) if same => {
                last.text.push_str(&next.text);
                last.deadline = last.deadline.take().or(next.deadline);
                last.context = match (last.context.take(), next.context) {
                    (Some(a), Some(b)) => Some(format!("{a} {b}")),
                    (a, b) => a.or(b),
                };
            }
            _ => out.push(next),
        }
    }
    out
}
