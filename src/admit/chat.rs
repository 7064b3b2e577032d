//! A work group's chat as messages: who is writing, the town's own replies, and where a new ask
//! begins. A letter or a message with no numbered clauses asks one thing; a chat asks one thing
//! per message that is not the same person answering the town.

use super::asking::{asks, sentences};
use super::clauses::Clause;
use super::marks::{is_bracketed_sender, is_letter_head, is_sender, log_entry};

use super::task::Task;

/// How the same person starts another ask in a new message: "另外有个事", "还有", "最后提醒一下",
/// "第二个，…" (a village secretary counting what he reports).
pub(super) const NEW_ASK: [&str; 13] = [
    "另外",
    "还有",
    "最后",
    "此外",
    "另请",
    "再有",
    "再说",
    "第二个",
    "第三个",
    "第四个",
    "第二件",
    "第三件",
    "对了",
];

/// A group's chat as messages: the town's own replies ("六户地镇 韩××：收到") are dropped, and
/// the lines where a message asks something new are returned: another person of the county
/// writing, or the same one starting "另外", "还有", "最后"… (the same person writing again
/// otherwise answers the town and goes on with the same ask). Sender lines are dropped.
pub(super) fn messages(lines: &mut Vec<(usize, String)>) -> Vec<usize> {
    let who = |line: &str| -> String {
        if is_bracketed_sender(line) {
            let name = line.trim().trim_start_matches('【');
            return name.split('】').next().unwrap_or(name).to_string();
        }
        // Each letter of a mailbox is its own person's.
        if is_letter_head(line) {
            return line.to_string();
        }
        line.split(|c: char| c.is_ascii_digit())
            .next()
            .unwrap_or("")
            .trim_end_matches(['：', ':', ' ', '\u{3000}'])
            .to_string()
    };
    let heading: String = lines.iter().take(3).map(|(_, l)| l.as_str()).collect();
    let mut starts = Vec::new();
    let mut kept = Vec::with_capacity(lines.len());
    let (mut last, mut town) = (None::<String>, false);
    // Whether the town wrote since the last county message, and if so whether it asked back.
    let mut replied: Option<bool> = None;
    for (i, (number, line)) in lines.iter().enumerate() {
        if let Some(ask) = log_entry(line) {
            if last.is_some() {
                starts.push(*number);
            }
            last = Some(line.clone());
            kept.push((*number, ask.to_string()));
            town = false;
            continue;
        }
        if !is_sender(line) {
            if !town {
                kept.push((*number, line.clone()));
            }
            continue;
        }
        let first = line.split([' ', '\u{3000}']).next().unwrap_or("");
        // The town answering ("六户地镇 韩××：", "六户地镇党政办 韩××："), or a person the
        // chat's heading names as the town's ("县民政局-何静 ⇄ 六户地镇民政办-李梅").
        town = (first.contains(['镇', '乡'])
            && !first.contains(['县', '市'])
            && !is_prefecture_office(first)
            && !is_letter_head(line))
            || town_named(&heading, &who(line))
            || village_answers(first, &lines[i + 1..]);
        if town {
            // The town asking something back ("报名表还是用去年的吗？"): the county's next
            // message answers it. "收到" answers nothing.
            let reply: String = lines[i + 1..]
                .iter()
                .take_while(|(_, l)| !is_sender(l))
                .map(|(_, l)| l.as_str())
                .collect();
            let question = reply.contains(['？', '?', '吗']) || reply.contains("是否");
            replied = Some(replied.unwrap_or(false) || question);
            continue;
        }
        let name = who(line);
        let more = lines
            .get(i + 1)
            .is_some_and(|(_, next)| NEW_ASK.iter().any(|w| next.starts_with(w)));
        // The same person again, nobody answering between, asking in the new message: a new
        // ask ("【县残联 邢XX】…请各村核实" then "【县残联 邢XX】新申请…的，请镇上收齐").
        let body: String = lines[i + 1..]
            .iter()
            .take_while(|(_, l)| !is_sender(l))
            .map(|(_, l)| l.as_str())
            .collect();
        // After the town said "收到", a short message presses on the same ask ("尽快，月底前必须
        // 追回"); after the town asked something back, the message answers it.
        let asking = sentences(&body).iter().any(|s| asks(s));
        let later = match replied {
            None => asking,
            Some(false) => asking && body.chars().count() > 40,
            Some(true) => false,
        };
        if last.as_ref().is_some_and(|l| *l != name || more || later) {
            starts.push(*number);
        }
        last = Some(name);
        replied = None;
    }
    *lines = kept;
    starts
}

/// A message's paragraph as its asks: a sentence that starts "另外" or "此外" and makes a request
/// of its own (请…, 由镇上…) begins another ("…材料收齐审一遍。另外，今年起医疗救助直接由镇上
/// 审批"); "另外跟店里说一声" goes on with the same one.
pub(super) fn asks_of_paragraph(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = vec![String::new()];
    for sentence in text.split_inclusive(['。', '！', '？', '；']) {
        let trimmed = sentence.trim_start();
        let request = ["请", "由镇上", "由镇里", "由乡镇", "由各乡镇"]
            .iter()
            .any(|w| trimmed.contains(w));
        let another = request && NEW_ASK.iter().any(|w| trimmed.starts_with(w));
        if another && parts.last().is_some_and(|p| !p.trim().is_empty()) {
            parts.push(String::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push_str(sentence);
        }
    }
    parts.into_iter().flat_map(and_also).collect()
}

/// How a sentence goes on to a second ask after a semicolon ("…当场督促整改；同时为辖区独居老人
/// 安装烟感报警器…").
const AND_ALSO: &str = "；同时";

/// What a second ask says when it only tells how to do the first (宣传, 提醒): not cut.
const HOW: [&str; 4] = ["宣传", "提醒", "讲一讲", "告知"];

/// A part cut where a sentence goes on, after "；同时", to a second ask of its own that says
/// enough to be one; or where it lists its asks one thing at a time ("调查处理：对养殖场排污问题
/// 核实制止；对水库死羊及时打捞…").
fn and_also(part: String) -> Vec<String> {
    if let Some(at) = part.find(AND_ALSO) {
        let (first, second) = part.split_at(at + '；'.len_utf8());
        let own = han(second) >= MATTER && !HOW.iter().any(|w| second.contains(w));
        if own && han(first) >= MATTER {
            return vec![first.to_string(), second.to_string()];
        }
    }
    one_thing_at_a_time(part)
}

/// "…：对A…；对B…。" cut into its asks, the words before the colon read with the first.
fn one_thing_at_a_time(part: String) -> Vec<String> {
    let Some(colon) = part.find("：对") else {
        return vec![part];
    };
    let mut cuts = vec![0];
    let mut from = colon;
    while let Some(at) = part[from..].find("；对") {
        cuts.push(from + at + '；'.len_utf8());
        from += at + "；对".len();
    }
    cuts.push(part.len());
    let pieces: Vec<String> = cuts
        .windows(2)
        .map(|w| part[w[0]..w[1]].to_string())
        .collect();
    // Each thing says enough to be an ask of its own (a list of places is one ask).
    if pieces.len() < 2 || pieces.iter().skip(1).any(|p| han(p) < 8) {
        return vec![part];
    }
    pieces
}

/// A prefecture's office (昌吉州…), not a town whose name has 州 in it (凉州户镇).
pub(super) fn is_prefecture_office(name: &str) -> bool {
    name.find('州').is_some_and(|at| {
        !name[at..]
            .chars()
            .skip(1)
            .take(3)
            .any(|c| matches!(c, '镇' | '乡'))
    })
}

/// A village of the town answering the county in its group ("土炮营村-周书记：收到。…咋弄？"):
/// the county's next message answers it, as it would the town. A village asking the town
/// something ("三岔坪村-马书记：能不能请镇上…") is an ask of its own.
fn village_answers(sender: &str, after: &[(usize, String)]) -> bool {
    let village = sender.contains('村') && !sender.contains(['县', '市', '局', '镇', '乡']);
    let body: String = after
        .iter()
        .take_while(|(_, l)| !is_sender(l))
        .map(|(_, l)| l.as_str())
        .collect();
    village && !sentences(&body).iter().any(|s| asks(s))
}

/// Whether a private chat's heading names `person` as the town's: the few characters before
/// the name say 镇 or 乡 and not 县 ("⇄ 六户地镇民政办-李梅", "→ 六户地镇 副镇长 李娜").
fn town_named(heading: &str, person: &str) -> bool {
    let person = person.trim();
    if super::names::is_town_post(person) {
        return true;
    }
    let Some(at) = heading
        .find(person)
        .filter(|_| (2..=4).contains(&person.chars().count()))
    else {
        return false;
    };
    let before: String = heading[..at].chars().rev().take(10).collect();
    // "李主任（六户地镇社会事务办）": the post written after the name, in brackets.
    let after = &heading[at + person.len()..];
    let post = after
        .strip_prefix(['（', '('])
        .and_then(|a| a.split([')', '）']).next())
        .unwrap_or("");
    let town = |s: &str| s.contains(['镇', '乡']) && !s.contains(['县', '州', '市', '局']);
    town(&before) || town(post)
}

/// How a letter turns to a second matter ("另，为压降电信网络诈骗发案，请你镇…").
const ANOTHER_MATTER: [&str; 7] = ["另，", "另:", "另：", "另外，", "此外，", "另请", "另据"];

/// A second matter says at least this many Chinese characters: "另请于周五前报送" (7) only
/// says by when.
const MATTER: usize = 20;

/// Whether a sentence turns to another matter: "另，…", or "另外…" with a request of its own
/// ("另外这个小区…，请镇上指导…").
fn turns(sentence: &str) -> bool {
    let sentence = sentence.trim_start();
    ANOTHER_MATTER.iter().any(|w| sentence.starts_with(w))
        || (["另外", "此外"].iter().any(|w| sentence.starts_with(w)) && sentence.contains('请'))
}

fn han(text: &str) -> usize {
    text.chars().filter(|c| super::probe::is_han(*c)).count()
}

/// A task of a letter that begins with another matter and says enough to be one: "另，…",
/// "另据…通报，…", or a purpose of its own before its request ("为迎接…督查，请你镇…").
fn starts_another_matter(text: &str) -> bool {
    let first = text.split_inclusive(['。', '！', '？']).next();
    // "同时，请对…进行一次全面检修", or the second ask `and_also` cut off: a task that goes on
    // with 同时 to more than how the first is done.
    let also = text.starts_with("同时") && !HOW.iter().any(|w| text.contains(w));
    first.is_some_and(|s| turns(s) || has_own_purpose(s) || also) && han(text) >= MATTER
}

/// "为迎接州人民政府年度综合督查，请你镇…": a sentence that gives its own reason, then asks.
fn has_own_purpose(sentence: &str) -> bool {
    let sentence = sentence.trim_start();
    sentence.starts_with('为')
        && sentence.split_once('，').is_some_and(|(_, rest)| {
            ["请你镇", "请各乡镇", "请镇里", "请六户地镇"]
                .iter()
                .any(|w| rest.starts_with(w))
        })
}

/// A letter's paragraph cut where a sentence turns to another matter that runs to its end
/// (counted from the end once, so a long paragraph is read in one pass).
pub(super) fn another_matter(text: &str) -> Vec<String> {
    let sentences: Vec<&str> = text.split_inclusive(['。', '！', '？']).collect();
    let mut after = vec![0; sentences.len() + 1];
    for i in (0..sentences.len()).rev() {
        after[i] = after[i + 1] + han(sentences[i]);
    }
    let mut parts: Vec<String> = vec![String::new()];
    for (i, sentence) in sentences.iter().enumerate() {
        let begun = parts.last().is_some_and(|p| !p.trim().is_empty());
        if begun && turns(sentence) && after[i] >= MATTER {
            parts.push(String::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push_str(sentence);
        }
    }
    parts.into_iter().flat_map(and_also).collect()
}

/// Labels of what the town wrote on a call's record: what it did, what its leader said.
const TOWN_NOTES: [&str; 6] = [
    "处理情况",
    "处理意见",
    "办理情况",
    "领导批示",
    "批示",
    "拟办意见",
];

/// Whether a form is a phone call's record: who called and who took it.
pub(super) fn is_call(lines: &[(usize, String)]) -> bool {
    let labelled = |label: &str| lines.iter().any(|(_, l)| l.trim_start().starts_with(label));
    (labelled("来电") || labelled("时间")) && labelled("接听人")
}

/// A phone record's points: each paragraph that asks, after the first, begins a message of
/// its own ("另：上月冰雹受灾农户的补助名单，请镇里审核…"); the town's notes ask nothing.
pub(super) fn call_points(clauses: &[Clause]) -> Vec<usize> {
    clauses
        .iter()
        .filter(|c| !c.numbered && sentences(&c.text).iter().any(|s| asks(s)))
        .filter(|c| !TOWN_NOTES.iter().any(|n| c.text.starts_with(n)))
        .map(|c| c.line)
        .skip(1)
        .collect()
}

/// A letter or a message with no numbered clauses asks one thing: its later paragraphs add
/// how and by when ("另请于周五前报送", "没有固定摊位的也要登记上"), so its asks are one task.
/// A group's chat is several messages (a sender line starts each): one task each.
pub(super) fn one_per_message(tasks: Vec<Task>, messages: &[usize]) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for next in tasks {
        // "另外请各村…" inside a message is another ask of it; in a letter, "另，…" that says
        // enough to be a second matter.
        // A task ending in "；" is an item of a list (an assessment sheet's row, or a sentence
        // `and_also` cut at its semicolon): the next is another item.
        let cut = out.last().is_some_and(|last| last.text.ends_with('；'));
        let another = cut
            || if messages.is_empty() {
                starts_another_matter(&next.text)
            } else {
                NEW_ASK.iter().any(|w| next.text.starts_with(w))
            };
        // Messages start in line order: the first after the last task's line tells.
        let same = !another
            && out.last().is_some_and(|last: &Task| {
                let after = messages.partition_point(|&m| m <= last.line);
                messages.get(after).is_none_or(|&m| m > next.line)
            });
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

#[cfg(test)]
mod tests {
    use super::super::form::tests::lines;
    use super::*;

    #[test]
    fn a_town_office_and_its_person_after_two_dashes_answer_for_the_town() {
        // "六户地镇-李副镇长" asks back; the county's ask before it stays an ask.
        let mut chat = lines(
            "2025-04-08 09:41  县水利局水资源股-王建军\n还有个事，你们镇上先把当事人找到，直接下处罚决定。\n\
             2025-04-08 09:52  六户地镇-环保办-李磊\n这个处罚不是已经收回到县局了吗？\n\
             2025-04-08 10:03  县水利局节水办-张丽\n各乡镇注意：每个灌溉农户都要下载注册APP。",
        );
        for (_, line) in chat.iter_mut() {
            if let Some(sender) = super::super::marks::without_leading_time(line) {
                *line = sender;
            }
        }
        assert_eq!(messages(&mut chat), vec![5]);
        let said: Vec<&str> = chat.iter().map(|(_, l)| l.as_str()).collect();
        assert!(said.iter().all(|l| !l.contains("收回到县局")), "{said:?}");
        assert!(said[0].contains("你们镇上"), "{said:?}");
    }

    #[test]
    fn a_new_ask_is_another_person_or_the_same_one_asking_again_unanswered() {
        // Bracketed senders; the same person twice with nobody between, each asking.
        let mut chat = lines(
            "【县残联 康复部 邢XX】9月10日\n请各村核实名单。\n【县残联 康复部 邢XX】9月10日\n\
             新申请补贴的，请镇上把材料收齐。\n【县红十字会 王XX】9月12日\n请组织捐款。",
        );
        assert_eq!(messages(&mut chat), vec![3, 5]);
        assert!(chat.iter().all(|(_, l)| !l.starts_with('【')));
    }

    #[test]
    fn after_the_town_asks_back_the_county_answers_and_after_shou_dao_it_may_press_on() {
        let mut asked_back = lines(
            "卫健委-李科长 09:12\n请镇里4月底前把符合条件的妇女摸底报名。\n六户地镇社会事务办-马 09:20\n\
             收到。报名表还是用去年的吗？\n卫健委-李科长 09:22\n用新版的，请用新表报。",
        );
        assert_eq!(messages(&mut asked_back), Vec::<usize>::new());
        assert_eq!(
            asked_back.len(),
            2,
            "the town's reply is dropped: {asked_back:?}"
        );
        let mut pressed = lines(
            "县民政局 社会事务股 郭××：\n请镇上这个月底前上门追回多领的津贴。\n六户地镇民政办 孙××：\n\
             我们先联系。\n县民政局 社会事务股 郭××：\n尽快，月底前必须追回。",
        );
        assert_eq!(messages(&mut pressed), Vec::<usize>::new());
    }

    #[test]
    fn another_request_inside_a_message_begins_another_ask() {
        assert_eq!(
            asks_of_paragraph("请镇上提醒一下饭馆。另外请各村组织签订承诺书。"),
            vec!["请镇上提醒一下饭馆。", "另外请各村组织签订承诺书。"]
        );
        assert_eq!(
            asks_of_paragraph("麻烦重新找一家商店。另外跟店里说一声，要配合保供。").len(),
            1
        );
    }
}
