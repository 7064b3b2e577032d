//! Which sentences of a notice ask the town to act, and which only tell: the words that ask
//! (请, 要, 负责…), the ones that only look like it (申请, 请示), a clerk's note of what was done,
//! a preamble's purpose and a citation's authority before the ask.

use super::lines::strip_salutation;

/// Words that make a sentence ask someone to act.
const ASKS: &[&str] = &[
    "请",
    "要",
    "须",
    "务必",
    "负责",
    "组织",
    "开展",
    "做好",
    "落实",
    "报送",
    "上报",
    "完成",
    "确保",
    "配合",
    "协助",
    "排查",
    "统计",
    "填报",
    "签订",
    "建立",
    "督促",
    "及时",
    "核实",
    "摸排",
    "巡查",
    "收集",
    "宣传",
    "整改",
    "清理",
    "发放",
    "办理",
    "出具",
    "提交",
    "安排",
    "部署",
    "实施",
    "推进",
    "加强",
    "做到",
    "制止",
    "劝导",
    "登记",
    "上交",
    "处置",
    "检查",
    "召开",
    "参加",
    "报名",
    "发动",
    "动员",
    "汇总",
    // How a chat asks: "报表今天下班前交一下", "把每户的投保面积跟实际种的对一下", "每家至少去一次"
    // ("辛苦再填一下" only presses on an ask already made).
    "交一下",
    "对一下",
    "核一下",
    "下班前",
    "至少",
    // A quota set for the towns ("每村每天不少于200票") is a demand.
    "不少于",
    // How residents and villages ask in a group or a mailbox: "麻烦给看一下", "镇上能不能帮他…",
    // "希望镇上管一管".
    "麻烦",
    "帮忙",
    "能不能",
    "能否",
    "管管",
    "管一下",
    "哪个办公室",
    "在镇上申请",
    "在镇上办",
    "在镇便民服务中心办",
    "希望镇",
    "管一管",
    // The town named as the one who acts: "今年起医疗救助直接由镇上审批".
    "由镇上",
    "由镇里",
    "由乡镇",
    "由各乡镇",
    "由你镇",
];

/// Words with 请 or 要 in them that ask nobody to act: applying, asking a superior, inviting;
/// "主要靠外地客商上门收购", "重要抓手".
const NOT_ASKING: &[&str] = &[
    "申请", "请示", "邀请", "聘请", "提请", "请假", "主要", "重要",
];

/// Whether a sentence asks someone to act. A clerk's note of what was done ("已转镇教育专干
/// 办理") and a group's "收到请回复" ask nothing of the town's duties.
pub(super) fn asks(sentence: &str) -> bool {
    if recorded(sentence) {
        return false;
    }
    let mut bare = sentence.to_string();
    for word in NOT_ASKING {
        bare = bare.replace(word, "");
    }
    ASKS.iter().any(|a| bare.contains(a)) || town_does(&bare)
}

/// The town as the subject of a clause: "镇上去看一下", "各乡镇先垫上", "你们镇上先把当事人找到"
/// ask it to act; "镇上的食品
/// 摊贩" names a place.
fn town_does(sentence: &str) -> bool {
    // Where one name begins another, the longer comes first.
    const TOWN: [&str; 8] = [
        "各乡镇",
        "各镇",
        "乡镇",
        "镇上",
        "镇里",
        "你镇",
        "你们镇上",
        "你们镇",
    ];
    sentence
        .split(['，', '。', '；', ',', ';', '：'])
        .any(|clause| {
            // The longest name that begins the clause ("你们镇上的…" is not "你们镇" + "上的…").
            TOWN.iter()
                .find_map(|t| clause.trim().strip_prefix(t))
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with(['的', '是', '有']))
        })
}

/// A clerk's note of what was done, or a group's acknowledgement.
pub(super) fn recorded(sentence: &str) -> bool {
    let short = sentence.chars().count() <= 8;
    sentence.starts_with('已')
        || (short && (sentence.contains("回复") || sentence.contains("收到")))
}

/// Whether a numbered clause only says what the county or residents do ("群众可自行缴费，
/// 资助对象由县医保局统一办理"): a part of the notice that informs, no task.
pub(super) fn county_does_it(clause: &str) -> bool {
    // What the department itself will do ("局里将于5月组织各乡镇现场观摩").
    if ["局里将", "我局将", "县局将", "本局将"]
        .iter()
        .any(|p| clause.starts_with(p))
    {
        return true;
    }
    let mut county = false;
    let town_asked = clause.split(['，', '。', '；', ',', ';']).any(|part| {
        let part = part.trim();
        // "会议要求，县发改委、县财政局要…": the meeting asks county departments.
        if ["会议要求", "会议强调", "要求"].contains(&part) {
            return false;
        }
        let theirs = ["由县", "由市", "由州"].iter().any(|p| part.contains(p))
            || (part.starts_with('县') && !part.contains(['镇', '乡', '村']));
        county |= theirs;
        !theirs && asks(part)
    });
    county && !town_asked && !clause.contains(['镇', '村'])
}

/// Sentence openings of a preamble: why the notice was sent, not what it asks.
const PREAMBLE_OPENINGS: &[&str] = &[
    "为了",
    "为",
    "根据",
    "按照",
    "依据",
    "近期",
    "近日",
    "经研究",
    "现将",
    "目前",
    "当前",
    "随着",
    "鉴于",
    "今年以来",
    "自",
    "据",
];

/// Openings that cite an authority before the ask ("按照…要求，请各乡镇…"): the citation names
/// what the county plans, not what the town is asked.
const CITATIONS: &[&str] = &["按照", "根据", "依据", "依照", "遵照", "经"];

/// A task's text without a salutation or a citation before its ask.
pub(super) fn ask_of(text: &str) -> String {
    let text = strip_salutation(text.trim());
    if CITATIONS.iter().any(|c| text.starts_with(c)) {
        if let Some((_, rest)) = text.split_once('，') {
            if ASKS.iter().any(|a| rest.contains(a)) && rest.chars().count() >= 6 {
                return rest.to_string();
            }
        }
    }
    text.to_string()
}

/// The sentences of a paragraph that ask the towns to act, joined; the preamble and the
/// closing formulas left out.
pub(super) fn asking_sentences(paragraph: &str) -> String {
    asking_and_told(paragraph).0
}

/// A paragraph's asking sentences, and the others that tell what it is about ("3月份新满80周岁
/// 老人的名单已经从高龄津贴系统推到各乡镇了"): a message's subject is often in a sentence that
/// asks nothing.
pub(super) fn asking_and_told(paragraph: &str) -> (String, String) {
    let mut kept = String::new();
    let mut told = String::new();
    for sentence in sentences(paragraph) {
        let bare = sentence.trim_end_matches(['。', '！', '；', '？', '!', '?', ';', '：', ':']);
        if bare.ends_with("如下")
            || bare.ends_with("通知如下")
            || bare.starts_with("特此")
            || recorded(sentence.trim())
        {
            continue;
        }
        // "为迎接…测评，县创建办决定，每个乡镇每天抽调…": the purpose is no task; what
        // follows its first comma may be.
        let sentence = if PREAMBLE_OPENINGS.iter().any(|p| bare.starts_with(p)) {
            match sentence.split_once('，') {
                Some((_, rest)) => rest,
                None => continue,
            }
        } else {
            sentence
        };
        if asks(sentence) {
            kept.push_str(sentence);
        } else {
            told.push_str(sentence);
        }
    }
    (kept, told)
}

/// A paragraph cut after each sentence's closing mark, marks kept.
pub(super) fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in paragraph.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') {
            let end = i + c.len_utf8();
            out.push(&paragraph[start..end]);
            start = end;
        }
    }
    if start < paragraph.len() {
        out.push(&paragraph[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_to_the_town_asks_when_the_town_is_its_subject() {
        assert!(asks("你们镇上先把当事人找到，直接按私自凿井下处罚决定"));
        assert!(!asks("你们镇上的小卖部很多"));
    }

    #[test]
    fn a_chat_asks_with_a_deadline_a_quota_or_a_short_imperative() {
        assert!(asks("一季度机电井用水量报表今天下班前交一下"));
        assert!(asks(
            "C、D级食品经营主体包保督导还有一半没做，每家至少去一次"
        ));
        assert!(asks("把每户的投保面积跟实际种的对一下"));
        // The town's own reply asks nothing.
        assert!(!asks("好的，我先跟镇领导汇报一下"));
    }
}
