//! Notices written as forms: a 12345 work order (工单编号：…, 诉求内容：…, 处理要求：…), a phone
//! record (来电单位：…, 通话内容：…, 处理意见：…), a meeting's header (时间：…, 地点：…, 出席：…).
//! Their fields say who, when and how urgently; only the request is a task, read with what the
//! resident reported as its subject. (Task tables are table.rs's.)

use super::marks::numbering;
use super::task::{Notice, Task};

/// Fields about the form itself: never a task.
const META: &[&str] = &[
    "工单编号",
    "编号",
    "受理时间",
    "受理渠道",
    "诉求人",
    "诉求类型",
    "工单类型",
    "工单来源",
    "事项来源",
    "来源",
    "紧急程度",
    "办理时限",
    "回复时限",
    "派单单位",
    "派单时间",
    "交办单位",
    "承办单位",
    "处理意见",
    "拟办意见",
    "领导批示",
    "来电单位",
    "来电人",
    "来电号码",
    "来电时间",
    "接听人",
    "记录人",
    "时间",
    "地点",
    "主持",
    "主持人",
    "出席",
    "列席",
    "参会人员",
    "参加人员",
    "记录",
    "联系人",
    "联系电话",
    "联系方式",
    "工单信息",
    "工单号",
    "反映人",
    "所属区域",
    "问题分类",
    "诉求分类",
    "转办时间",
    "转办单位",
    "办结时限",
    "签收时间",
    "会议时间",
    "会议地点",
    "参会单位",
    // How the hotline wants every order answered: the same words under every batch.
    "办理说明",
    "处理说明",
];

/// Fields that tell what happened: the subject of the request.
/// (A 12345 work order's fields as domain.md lists them: 工单信息, 群众诉求, 办理时限, 处理要求.)
const SUBJECT: &[&str] = &[
    "诉求内容",
    "群众诉求",
    "主要诉求",
    "具体诉求",
    "反映内容",
    "反映问题",
    "问题描述",
    "来电内容",
    "事项内容",
    "工单内容",
    "事件描述",
    "情况描述",
    "来信内容",
];

/// Fields that ask the town to act.
const REQUEST: &[&str] = &[
    "处理要求",
    "办理要求",
    "处置要求",
    "交办事项",
    "交办内容",
    "具体要求",
    "交办要求",
    "派单意见",
    "转派意见",
    "通话内容",
    // A 县长信箱 form's ask: "拟办意见：请六户地镇核实来信反映情况…".
    "拟办意见",
];

/// Fields that name who sent it.
const SENDER: &[&str] = &["来电单位", "派单单位", "交办单位"];

/// What a form says beside its request: the subject the request is about, and the sender. (A
/// meeting's header has neither: its clauses follow it.)
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Form {
    pub subject: Option<String>,
    pub from: Option<String>,
    /// A batch of orders: each request's line and the subject reported just above it.
    pub subjects: Vec<(usize, String)>,
}

/// A work order's or a phone record's fields on its tasks: who sent it, and what the resident
/// reported as what each request is about.
pub fn fill_in(notice: &mut Notice, form: Form) {
    if notice.from.is_none() {
        notice.from = form.from;
    }
    let with = |task: &mut Task, subject: String| {
        task.context = Some(match task.context.take() {
            Some(context) => format!("{context} {subject}"),
            None => subject,
        });
    };
    if let (Some(subject), [task]) = (form.subject, notice.tasks.as_mut_slice()) {
        with(task, subject);
    }
    // Each line's first task, found once: a batch of thousands of orders went quadratic.
    let mut on_line: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for (k, task) in notice.tasks.iter().enumerate() {
        on_line.entry(task.line).or_insert(k);
    }
    for (line, subject) in form.subjects {
        if let Some(task) = on_line.get(&line).and_then(|&k| notice.tasks.get_mut(k)) {
            with(task, subject);
        }
    }
}

/// "标签：内容" as (label, content) when the label is a form's field.
fn field(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(['：', ':'])?;
    let label = label.trim();
    let known = META.contains(&label) || SUBJECT.contains(&label) || REQUEST.contains(&label);
    // A phone record's 拟办意见 routes it inside the town ("请经济发展办阿××同志办理"); a
    // mailbox's asks the town ("请六户地镇核实来信反映情况").
    let routed = label == "拟办意见" && !value.replace("镇长", "").contains('镇');
    (known && !routed).then_some((label, value.trim()))
}

/// A field of a form that this table does not name ("办理单位：六户地镇人民政府"): a short
/// label and a short value that asks nothing. Only read as such in what is already a form.
fn other_field(line: &str) -> bool {
    line.split_once(['：', ':']).is_some_and(|(label, value)| {
        let label = label.trim();
        // "备注：" heads the notes under a batch: the clauses read them as no tasks.
        label != "备注"
            && (2..=6).contains(&label.chars().count())
            && label
                .chars()
                .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            && value.chars().count() <= 30
            && !value.contains(['请', '。'])
    })
}

/// Reads the fields out of `lines` when they make a form (two fields about the form itself, and
/// a subject or a request): meta fields are dropped, a subject is kept aside, and a request
/// stays as a line of its own. Lines that are not fields stay as they are.
pub fn read(lines: &mut Vec<(usize, String)>) -> Option<Form> {
    // "诉求内容：" alone on its line with its text on the next is one field (numbered lines
    // under "办理要求：" stay clauses of their own).
    let mut joined = Vec::with_capacity(lines.len());
    let mut rest = std::mem::take(lines).into_iter().peekable();
    while let Some((number, line)) = rest.next() {
        // Only what was asked or reported: a "领导批示：" field's text is no form's to drop.
        let bare = field(&line).is_some_and(|(label, value)| {
            value.is_empty() && (SUBJECT.contains(&label) || REQUEST.contains(&label))
        });
        let text = rest.next_if(|(_, next)| {
            let next = next.trim();
            bare && !next.is_empty() && field(next).is_none() && numbering(next).is_none()
        });
        match text {
            Some((_, text)) => joined.push((number, format!("{}{}", line.trim_end(), text.trim()))),
            None => joined.push((number, line)),
        }
    }
    // "群众诉求：…。处理要求：请…" typed on one line is two fields.
    *lines = joined
        .into_iter()
        .flat_map(|(number, line)| {
            let at = REQUEST
                .iter()
                .filter_map(|label| line.find(&format!("{label}：")))
                .filter(|&at| at > 0)
                .min();
            match at {
                Some(at) => {
                    let (subject, request) = line.split_at(at);
                    vec![
                        (number, subject.trim().to_string()),
                        (number, request.to_string()),
                    ]
                }
                None => vec![(number, line)],
            }
        })
        .collect();
    let fields: Vec<(&str, &str)> = lines.iter().filter_map(|(_, l)| field(l)).collect();
    let meta = fields.iter().filter(|(l, _)| META.contains(l)).count();
    if meta < 2 {
        return None;
    }
    let mut form = Form::default();
    let has_request = fields.iter().any(|(l, _)| REQUEST.contains(l));
    for (label, value) in &fields {
        if SENDER.contains(label) && !value.is_empty() {
            form.from.get_or_insert_with(|| value.to_string());
        }
        if SUBJECT.contains(label) && has_request && !value.is_empty() {
            form.subject = Some(value.to_string());
        }
    }
    // A batch of orders asks as many things as it has requests: each is numbered, so none runs
    // into the next, and read with its own subject.
    let batch = fields.iter().filter(|(l, _)| REQUEST.contains(l)).count() >= 2;
    let (mut count, mut subject) = (0, None);
    lines.retain_mut(|(number, line)| {
        let Some((label, value)) = field(line) else {
            return !other_field(line);
        };
        let keep = REQUEST.contains(&label) || (SUBJECT.contains(&label) && !has_request);
        if SUBJECT.contains(&label) {
            subject = Some(value.to_string());
        }
        let mut value = value.to_string();
        if keep && batch && REQUEST.contains(&label) {
            count += 1;
            value = format!("{count}. {value}");
            if let Some(subject) = subject.take() {
                form.subjects.push((*number, subject));
            }
        }
        if keep {
            *line = value.clone();
        }
        keep && !value.is_empty()
    });
    if batch {
        form.subject = None;
    }
    Some(form)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A text as the splitter's numbered lines (the chat's tests read them too).
    pub(in crate::admit) fn lines(text: &str) -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_string()))
            .collect()
    }

    #[test]
    fn a_work_order_is_its_request_about_its_subject() {
        let mut l = lines(
            "12345热线工单\n工单编号：MNS-1\n受理时间：2026年3月17日\n诉求内容：路牌被撞倒了。\n\
             办理时限：5个工作日\n处理要求：请六户地镇把路牌立好。\n派单单位：县12345热线中心",
        );
        let form = read(&mut l).expect("a form");
        assert_eq!(form.subject.as_deref(), Some("路牌被撞倒了。"));
        assert_eq!(form.from.as_deref(), Some("县12345热线中心"));
        let kept: Vec<&str> = l.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(kept, ["12345热线工单", "请六户地镇把路牌立好。"]);
    }

    #[test]
    fn a_phone_record_is_what_was_said() {
        let mut l = lines(
            "电话记录\n来电单位：县林草局\n来电人：王某\n通话内容：请镇里巡查野猪。\n处理意见：请领导阅示。",
        );
        let form = read(&mut l).expect("a form");
        assert_eq!(form.from.as_deref(), Some("县林草局"));
        let kept: Vec<&str> = l.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(kept, ["电话记录", "请镇里巡查野猪。"]);
    }

    #[test]
    fn a_mailbox_forms_proposal_asks_the_town_and_a_routing_note_does_not() {
        let mut l = lines(
            "县长信箱来信转办单\n承办单位：六户地镇人民政府\n来信内容：丧葬补助金还没批下来。\n\
             拟办意见：请六户地镇核实来信反映情况，抓紧完成丧葬补助金审核报送。",
        );
        let form = read(&mut l).expect("a form");
        assert_eq!(form.subject.as_deref(), Some("丧葬补助金还没批下来。"));
        let kept: Vec<&str> = l.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            kept,
            [
                "县长信箱来信转办单",
                "请六户地镇核实来信反映情况，抓紧完成丧葬补助金审核报送。"
            ]
        );
        // In the town's own phone record it routes the call inside the town.
        assert_eq!(field("拟办意见：请经济发展办阿××同志办理。"), None);
        assert_eq!(field("拟办意见：请黄镇长阅示。"), None);
    }

    #[test]
    fn a_notice_with_one_field_is_no_form() {
        let mut l = lines("各乡镇：\n一、请做好防汛。\n联系人：张三");
        assert_eq!(read(&mut l), None);
        assert_eq!(l.len(), 3);
    }
}
