//! Reading a notice into its tasks. A county notice has a shape: a title, a document number, a
//! salutation (各乡镇：), a preamble (为做好…，现将有关事项通知如下：), numbered clauses
//! (一、 （一） 1. （1） ①, or 一是…二是… inside a paragraph), closing requirements (工作要求) and a
//! signature with a date. Only the clauses, and the sentences of unnumbered paragraphs that ask
//! the towns to act, are tasks. A message (微信, 电话记录) has no shape: its asking sentences are
//! its task.

use super::asking::{ask_of, asking_and_told, asking_sentences, asks, county_does_it, sentences};
use super::chat::{asks_of_paragraph, call_points, is_call, messages, one_per_message};
use super::clauses::{Clause, heading_subject, is_closing, is_non_task, read_line};
use super::form::table_row;
use super::lines::{clean_line, split_inline};
pub use super::marks::{deadline_in, doc_ref_in};
use super::marks::{
    is_attachment_list, is_contact, is_date, is_heading_line, is_org, is_salutation, is_sender,
    is_timestamp, is_title, issuer_in_title, red_head, starts_numbered,
};
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
    super::form::row_fields(&mut lines);
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
    let raw = super::form::tables(super::form::records(
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
        .filter(|(_, line)| !line.is_empty() && !is_timestamp(line))
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
    let clauses = if messages.is_empty() {
        clauses
    } else {
        parted = parted_asks(clauses);
        &parted
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

/// In a chat, "另外请…" inside a message's paragraph begins another ask: each paragraph cut
/// at its asks.
fn parted_asks(clauses: &[Clause]) -> Vec<Clause> {
    clauses
        .iter()
        .flat_map(|c| match c.numbered {
            true => vec![c.clone()],
            false => asks_of_paragraph(&c.text)
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
mod tests {
    use super::*;

    fn texts(notice: &Notice) -> Vec<&str> {
        notice.tasks.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn title_number_salutation_preamble_requirements_and_signature_are_not_tasks() {
        let notice = split(
            "玛纳斯县民政局\n关于做好冬季救助工作的通知\n玛民发〔2026〕8号\n\n各乡镇（场）：\n\
             为切实做好今冬救助工作，现将有关事项通知如下：\n\
             一、摸排流浪乞讨人员。\n（一）对集市、车站开展摸排；\n（二）发现后及时报告。\n\
             二、做好高龄津贴发放。请于12月5日前完成。\n\
             三、工作要求\n各乡镇要高度重视，建立台账，每周报送进展。\n\n\
             玛纳斯县民政局\n2026年11月20日\n联系人：张三 电话：0994-1234567\n",
        );
        assert_eq!(notice.title.as_deref(), Some("关于做好冬季救助工作的通知"));
        assert_eq!(notice.doc_ref.as_deref(), Some("玛民发〔2026〕8号"));
        assert_eq!(notice.from.as_deref(), Some("玛纳斯县民政局"));
        assert_eq!(
            texts(&notice),
            [
                "对集市、车站开展摸排；",
                "发现后及时报告。",
                "做好高龄津贴发放。请于12月5日前完成。"
            ]
        );
        // A clause under a heading is read with the heading, which names its subject.
        assert_eq!(notice.tasks[0].context.as_deref(), Some("摸排流浪乞讨人员"));
        assert_eq!(notice.tasks[0].line, 8);
        assert_eq!(notice.tasks[2].deadline.as_deref(), Some("12月5日"));
    }

    #[test]
    fn an_unnumbered_notice_is_one_task_of_its_asking_sentences() {
        let notice = split(
            "各乡镇：\n近期气温骤降，火灾多发。请各乡镇组织网格员对居民楼开展电动车充电巡查，发现隐患当场劝导整改。\n\
             另请于本周五前报送巡查情况。\n特此通知。\n县消防救援大队\n",
        );
        assert_eq!(
            texts(&notice),
            [
                "请各乡镇组织网格员对居民楼开展电动车充电巡查，发现隐患当场劝导整改。另请于本周五前报送巡查情况。"
            ]
        );
        assert_eq!(notice.from.as_deref(), Some("县消防救援大队"));
    }

    #[test]
    fn a_clerks_note_and_an_application_ask_nothing() {
        let notice = split(
            "电话记录\n村民马某今年6月受伤，现在申请工伤认定。\n请镇社保所派人去砖厂做调查笔录。\n\
             已向分管领导报告。\n收到请回复。",
        );
        assert_eq!(texts(&notice), ["请镇社保所派人去砖厂做调查笔录。"]);
        assert_eq!(
            notice.tasks[0].context.as_deref(),
            Some("村民马某今年6月受伤，现在申请工伤认定。")
        );
    }

    #[test]
    fn a_pasted_table_is_its_rows_and_a_heading_with_yi_shi_is_no_task() {
        let notice = split(
            "各乡镇：\n现印发分工表，请抓好落实，每季度末报送落实情况。\n\
             序号\t工作任务\t牵头单位\t责任单位\t完成时限\n\
             1\t开展低保年度核查\t县民政局\t各乡镇\t6月底前\n\
             2\t修补村道坑槽\t县交通运输局\t各乡镇\t\n\
             备注：牵头单位负总责。\n工作要求：一是加强领导；二是按时报送。",
        );
        assert_eq!(texts(&notice), ["开展低保年度核查", "修补村道坑槽"]);
        assert_eq!(notice.tasks[0].lead.as_deref(), Some("县民政局"));
        assert_eq!(notice.tasks[0].deadline.as_deref(), Some("6月底前"));
        let sheet = split(
            "序号｜考核内容｜评分标准｜分值\n1｜就业援助｜建立台账，逐一帮扶｜5\n2｜招聘活动｜组织求职人员参加招聘会｜3",
        );
        assert_eq!(
            texts(&sheet),
            [
                "就业援助：建立台账，逐一帮扶",
                "招聘活动：组织求职人员参加招聘会"
            ]
        );
        // Columns are known by what their names say: 重点任务 and 具体内容 are both asked.
        let split_tasks = split(
            "序号\t重点任务\t具体内容\t牵头单位\t完成时限\n1\t辍学劝返\t逐人登记，上门劝返\t县教育局\t春季",
        );
        assert_eq!(texts(&split_tasks), ["辍学劝返：逐人登记，上门劝返"]);
        assert_eq!(split_tasks.tasks[0].lead.as_deref(), Some("县教育局"));
    }

    #[test]
    fn a_batch_of_orders_is_a_task_each_with_its_own_subject() {
        let notice = split(
            "工单转办单（批量）\n承办单位：六户地镇人民政府\n办理时限：见各工单\n\
             工单编号：1\n群众诉求：需要未婚证明。处理要求：请出具证明。\n\
             工单编号：2\n群众诉求：村道有坑。\n处理要求：请核实处理。\n\
             办理说明：请承办单位按时限办理并在系统中填写回复。",
        );
        assert_eq!(texts(&notice), ["请出具证明。", "请核实处理。"]);
        assert_eq!(notice.tasks[1].context.as_deref(), Some("村道有坑。"));
    }

    #[test]
    fn a_groups_chat_is_a_task_per_new_ask_and_the_towns_replies_none() {
        let notice = split(
            "【县教育局对接群】(26)\n2025年9月3日 09:18\n县教育局 基教股 杨××：\n\
             @六户地镇 有1个学生没来报到，请镇里上门劝返。\n\
             2025年9月3日 09:25\n六户地镇 韩××：\n收到，下午就去，请放心。\n\
             2025年9月3日 09:31\n县教育局 基教股 杨××：\n另外家长还不配合的，请镇里对家长处罚。\n\
             县教育局 财务股 陈××：\n请各镇入户收取校服费。\n\
             县教育局 财务股 陈××：\n格式不对，辛苦再填一下。",
        );
        assert_eq!(
            texts(&notice),
            [
                "有1个学生没来报到，请镇里上门劝返。",
                "另外家长还不配合的，请镇里对家长处罚。",
                "请各镇入户收取校服费。"
            ]
        );
        // The same person again answers the town: what they add is read with the same ask.
        assert_eq!(
            notice.tasks[2].context.as_deref(),
            Some("格式不对，辛苦再填一下。")
        );
    }

    #[test]
    fn a_rows_deadline_on_its_own_line_and_a_closing_exhortation_are_no_tasks() {
        let notice = split(
            "各乡镇：\n1. 开展矛盾纠纷大排查。\n完成时限：全年\n2. 开展禁毒宣传。\n完成时限：6月30日前\n\
             3. 严肃工作纪律。严禁摊派，完成情况全县通报。",
        );
        assert_eq!(texts(&notice), ["开展矛盾纠纷大排查。", "开展禁毒宣传。"]);
        assert_eq!(notice.tasks[1].deadline.as_deref(), Some("6月30日前"));
    }

    #[test]
    fn a_table_written_as_records_is_a_task_each() {
        let notice = split(
            "重点任务分解表\n\n序号：1\n工作任务：农村户厕改造\n具体内容：新建卫生户厕120座\n\
             牵头单位：县农业农村局\n完成时限：10月底\n\n序号：2\n工作任务：垃圾治理\n\
             具体内容：每个村配齐保洁员\n牵头单位：县住建局",
        );
        assert_eq!(
            texts(&notice),
            [
                "农村户厕改造：新建卫生户厕120座",
                "垃圾治理：每个村配齐保洁员"
            ]
        );
        assert_eq!(notice.tasks[0].deadline.as_deref(), Some("10月底"));
        assert_eq!(notice.tasks[1].lead.as_deref(), Some("县住建局"));
    }

    #[test]
    fn what_a_heading_covers_is_no_task_unless_it_asks() {
        let notice = split(
            "各乡镇：\n一、整治重点\n农村小超市、小饭馆和农村集体聚餐。\n二、主要任务\n\
             1. 落实包保责任，每月上门检查一次。\n2. 管好农村集体聚餐。",
        );
        assert_eq!(
            texts(&notice),
            ["落实包保责任，每月上门检查一次。", "管好农村集体聚餐。"]
        );
    }

    #[test]
    fn a_meetings_topic_is_a_task_and_its_views_and_closing_none() {
        let notice = split(
            "县人民政府常务会议纪要\n一、研究高标准农田建设项目\n会议听取了县农业农村局的汇报。\n\
             六户地镇要在3月底前把地块报县农业农村局。\n二、会议认为，去年征兵工作圆满完成。\n\
             三、会议要求，各镇要压实责任，县政府督查室将适时督查。",
        );
        assert_eq!(
            texts(&notice),
            ["会议听取了县农业农村局的汇报。六户地镇要在3月底前把地块报县农业农村局。"]
        );
        assert_eq!(
            notice.tasks[0].context.as_deref(),
            Some("研究高标准农田建设项目")
        );
    }

    #[test]
    fn an_attachment_list_asks_nothing() {
        let notice = split(
            "各乡镇：\n请各乡镇对辖区建筑业企业逐家核查，8月底前报县住建局。\n\
             附件：1.建筑业企业资质动态核查表\n　　　2.核查标准\n玛纳斯县住房和城乡建设局\n2025年7月30日",
        );
        assert_eq!(
            texts(&notice),
            ["请各乡镇对辖区建筑业企业逐家核查，8月底前报县住建局。"]
        );
    }

    #[test]
    fn a_clause_that_says_what_the_county_does_is_no_task() {
        let notice = split(
            "各乡镇：\n一、缴费渠道。群众可自行缴费，资助对象由县医保局统一办理。\n\
             二、工作任务。各乡镇要组织村干部逐户动员参保。",
        );
        assert_eq!(
            texts(&notice),
            ["工作任务。各乡镇要组织村干部逐户动员参保。"]
        );
    }

    #[test]
    fn a_salutation_before_the_first_clause_on_its_line_is_no_part_of_it() {
        let notice = split("各乡镇：一、请给村民开单身证明。\n二、请组织干部参加马拉松比赛。");
        assert_eq!(
            texts(&notice),
            ["请给村民开单身证明。", "请组织干部参加马拉松比赛。"]
        );
    }

    #[test]
    fn each_point_of_a_call_is_a_task_and_the_towns_notes_are_none() {
        let notice = split(
            "值班电话记录\n时间：2025年6月22日 21:40\n来电单位：县应急管理局值班室\n接听人：镇值班干部\n\
             内容：请镇里马上通知到各村转移低洼地群众。\n另：受灾农户的补助名单，请镇里审核公示后报县农业农村局。\n\
             处理情况：已转应急办，请于明天前反馈。",
        );
        assert_eq!(notice.tasks.len(), 2, "{:?}", texts(&notice));
    }

    #[test]
    fn a_batch_of_work_orders_pasted_as_a_table_is_a_task_an_order() {
        let notice = split(
            "工单批量转办单\n处理要求：请属地核实处理。\n工单编号｜来电时间｜诉求摘要\n\
             MNS01｜5月17日｜市民反映养羊场粪污堆在渠边，希望有人管管。\n\
             MNS02｜5月18日｜来电人称老板拖欠工钱，要求帮忙要回来。",
        );
        assert_eq!(notice.tasks.len(), 2, "{:?}", texts(&notice));
    }

    #[test]
    fn one_shi_er_shi_in_a_paragraph_are_tasks_each() {
        let notice = split("各乡镇要：一是加强禁毒宣传；二是开展吸毒人员排查；三是及时上报线索。");
        assert_eq!(
            texts(&notice),
            ["加强禁毒宣传；", "开展吸毒人员排查；", "及时上报线索。"]
        );
    }

    #[test]
    fn a_forwarded_message_loses_its_label_and_a_citation_its_authority() {
        let notice = split("12345工单：按照县委工作要求，请属地乡镇核实处理并回复。");
        assert_eq!(texts(&notice), ["请属地乡镇核实处理并回复。"]);
    }

    #[test]
    fn a_task_tables_row_gives_its_lead_and_deadline_not_its_text() {
        let notice = split(
            "任务分解表\n1. 开展农村户厕摸排（牵头单位：县农业农村局；责任单位：各乡镇；完成时限：2026年12月31日）\n\
             2. 修补村道坑槽（牵头单位：县交通运输局；责任单位：各乡镇）",
        );
        assert_eq!(texts(&notice), ["开展农村户厕摸排", "修补村道坑槽"]);
        assert_eq!(notice.tasks[0].lead.as_deref(), Some("县农业农村局"));
        assert_eq!(notice.tasks[0].deadline.as_deref(), Some("2026年12月31日"));
        assert_eq!(notice.tasks[1].deadline, None);
    }

    #[test]
    fn a_red_head_names_the_issuer_and_the_title_is_below_it() {
        let notice = split(
            "玛纳斯县人民政府办公室文件\n玛政办发〔2026〕31号\n关于做好冬季供暖保障工作的通知\n\
             各乡镇人民政府：\n一、请各乡镇摸排辖区困难群众取暖情况。\n",
        );
        assert_eq!(
            notice.title.as_deref(),
            Some("关于做好冬季供暖保障工作的通知")
        );
        assert_eq!(notice.from.as_deref(), Some("玛纳斯县人民政府办公室"));
        assert_eq!(texts(&notice), ["请各乡镇摸排辖区困难群众取暖情况。"]);
    }

    #[test]
    fn numbered_clauses_on_one_line_are_tasks_each() {
        let notice = split("各乡镇：一、摸排农村户厕。二、抽调2名干部到县里。三、宣传禁毒。");
        assert_eq!(
            texts(&notice),
            ["摸排农村户厕。", "抽调2名干部到县里。", "宣传禁毒。"]
        );
    }
}
