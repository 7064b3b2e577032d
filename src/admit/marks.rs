//! What marks a notice's parts: clause numbers (一、 （一） 1. （1） ①), document numbers, dates
//! due, and the lines of its heading and signature (titles, salutations, issuers, dates).

/// Endings of an organisation's name, for signatures and headings.
pub(super) const ORG_ENDINGS: &[&str] = &[
    "局",
    "委",
    "办",
    "办公室",
    "部",
    "会",
    "中心",
    "政府",
    "指挥部",
    "委员会",
    "分局",
    "所",
    "站",
    "队",
    "院",
    "处",
    "科",
    "组",
    "专班",
    "大队",
    "联合会",
    "工会",
    "团委",
    "妇联",
    "党委",
];

pub(super) fn is_salutation(line: &str) -> bool {
    let Some(head) = line.strip_suffix('：').or_else(|| line.strip_suffix(':')) else {
        return false;
    };
    head.chars().count() <= 30
        && (head.starts_with('各') || head.contains("乡镇") || head.ends_with("同志"))
}

/// A line of the heading: a title, an issuer, a document number (no sentence in it).
pub(super) fn is_heading_line(line: &str) -> bool {
    doc_ref_in(line).is_some_and(|r| r.chars().count() + 4 >= line.chars().count())
        || is_title(line)
        || is_org(line)
}

pub(super) fn is_title(line: &str) -> bool {
    let endings = [
        "通知",
        "方案",
        "通报",
        "函",
        "意见",
        "安排",
        "预案",
        "提示",
        "要点",
        "紧急通知",
        "办法",
    ];
    !line.ends_with('。')
        && line.chars().count() <= 60
        && !starts_numbered(line)
        && (line.starts_with("关于") || line.contains("关于"))
        && endings.iter().any(|e| line.ends_with(e))
}

/// "玛纳斯县农业农村局关于…的通知" names its issuer before 关于.
pub(super) fn issuer_in_title(title: &str) -> Option<String> {
    let (before, _) = title.split_once("关于")?;
    is_org(before).then(|| before.to_string())
}

/// The issuer a 红头 names: "玛纳斯县农业农村局文件" → "玛纳斯县农业农村局".
pub(super) fn red_head(line: &str) -> Option<&str> {
    line.trim().strip_suffix("文件").filter(|org| is_org(org))
}

pub(super) fn is_org(line: &str) -> bool {
    let n = line.chars().count();
    (2..=30).contains(&n)
        && !line.contains(['，', '。', '：', ':', ',', '；'])
        && !starts_numbered(line)
        && ORG_ENDINGS.iter().any(|e| line.ends_with(e))
}

pub(super) fn is_date(line: &str) -> bool {
    let n = line.chars().count();
    let digits = line.chars().filter(|c| c.is_ascii_digit()).count();
    n <= 20
        && ((line.contains('年') && line.contains('月') && line.ends_with('日'))
            || (digits >= 6
                && line
                    .chars()
                    .all(|c| c.is_ascii_digit() || "-./年月日 ".contains(c)))
            || (line.contains('〇') && line.contains('年')))
}

/// A register's entry: "11月3日  县气象局（短信）：请镇上…", a day, who sent it and how, and
/// what was asked; or a message log's line, "[2025-07-03 09:40] 【县统计局】各乡镇：请于…", a
/// time, the sender in brackets and the message. Each entry is its own message; the ask is
/// returned.
pub(super) fn log_entry(line: &str) -> Option<&str> {
    let line = line.trim();
    if let Some(rest) = stamped(line) {
        let (sender, ask) = rest.strip_prefix('【')?.split_once('】')?;
        let named = (2..=30).contains(&sender.chars().count()) && !sender.contains(['。', '，']);
        return (named && ask.trim().chars().count() >= 4).then(|| ask.trim());
    }
    let (day, rest) = line.split_once([' ', '\u{3000}'])?;
    let dated = day.contains('月')
        && day.ends_with(['日', '号'])
        && day
            .chars()
            .all(|c| c.is_ascii_digit() || "年月日号".contains(c));
    let (sender, ask) = rest.trim().split_once(['：', ':'])?;
    let named = (2..=30).contains(&sender.chars().count()) && !sender.contains(['。', '，']);
    (dated && named && !ask.trim().is_empty()).then(|| ask.trim())
}

/// What follows a bracketed date and time at the start of a line ("[2025-07-02 10:15] …").
fn stamped(line: &str) -> Option<&str> {
    let (stamp, rest) = line.strip_prefix('[')?.split_once(']')?;
    let dated = stamp.contains(['-', '/', '月']) && stamp.contains(':');
    let plain = stamp
        .chars()
        .all(|c| c.is_ascii_digit() || " -/:年月日".contains(c));
    (dated && plain).then(|| rest.trim_start())
}

/// A message's time stamp alone on its line ("2025年6月5日 10:12", "2026-03-14 10:22").
pub(super) fn is_timestamp(line: &str) -> bool {
    let n = line.chars().count();
    let (date, time) = line.rsplit_once(' ').unwrap_or((line, ""));
    let clock = !time.is_empty() && time.chars().all(|c| c.is_ascii_digit() || c == ':');
    n <= 25 && clock && is_date(date.trim())
}

/// "附件：1.核查表" and the lines that go on listing attachments ("2.核查标准"): titles of
/// enclosed files, no asks.
pub(super) fn is_attachment_list(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut listing = false;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        let heads = line
            .strip_prefix("附件")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['：', ':', '1', '１']));
        let title = line.chars().count() <= 40 && !line.contains(['。', '，', '；', '：', ':']);
        listing = heads || (listing && title && !line.is_empty());
        out[i] = listing;
    }
    out
}

/// A file or a picture posted in a chat ("[文件] 两癌筛查报名表.xlsx", "[图片] [图片]"): no
/// words of its own.
pub(super) fn is_posted(line: &str) -> bool {
    [
        "[文件]",
        "[图片]",
        "[视频]",
        "[链接]",
        "[表情]",
        "[动画表情]",
        "【文件】",
        "【图片】",
    ]
    .iter()
    .any(|w| line.trim_start().starts_with(w))
}

pub(super) fn is_contact(line: &str) -> bool {
    [
        "联系人",
        "联系电话",
        "电话：",
        "邮箱",
        "附件",
        "此件",
        "抄送",
        "特此通知",
        "印发",
        // A chat export's own lines ("导出人：六户地镇-宣传委员 李军").
        "导出人",
        "导出时间",
    ]
    .iter()
    .any(|w| line.starts_with(w))
        // "附件是你镇的名单，请逐家核查…" asks something: a signature line asks nothing.
        && !(line.chars().count() > 30 && line.contains(['。', '，']) && line.contains('请'))
}

/// A message's sender line: a department and a person, with a time or a colon, and nothing
/// asked ("县统计局 周××：", "县民政局社会事务股 马晓燕 2026年6月16日 15:02").
pub(super) fn is_sender(line: &str) -> bool {
    is_bracketed_sender(line) || is_letter_head(line) || is_plain_sender(line)
}

/// "【县卫健委 疾控股 何XX】12月8日", "【三岔坪村 书记 马XX】": a chat exported with the
/// sender in brackets, a date or a time after it or nothing.
pub(super) fn is_bracketed_sender(line: &str) -> bool {
    let Some((name, rest)) = line
        .trim()
        .strip_prefix('【')
        .and_then(|l| l.split_once('】'))
    else {
        return false;
    };
    let when = rest
        .chars()
        .all(|c| c.is_ascii_digit() || " :：年月日号上下午晚早点分-/\u{3000}".contains(c));
    let n = name.chars().count();
    // A department and a person ("县卫健委 疾控股 何XX"), not a channel's label ("【微信】").
    // A group's name ("【六户地镇—县发改委业务对接群】") is no sender.
    let person = name.trim().contains([' ', '\u{3000}', '-', '—']) && !name.ends_with('群');
    (4..=30).contains(&n) && person && !name.contains(['。', '，']) && when
}

/// "留言1（鸡心梁村 村民 王先生 10月6日）", "来信2：": one resident's letter of several in a
/// mailbox's list.
pub(super) fn is_letter_head(line: &str) -> bool {
    let line = line.trim();
    let Some(rest) = ["留言", "来信", "来电"]
        .iter()
        .find_map(|h| line.strip_prefix(h))
    else {
        return false;
    };
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &rest[digits..];
    digits > 0
        && line.chars().count() <= 40
        && (rest.is_empty() || rest.starts_with(['（', '(', '：', ':']))
        && !rest.contains(['。', '，'])
}

/// A chat line's leading time ("2025-08-12 16:05  县住建局物业股 任晓琳：", "[2026-03-09 09:47]
/// 县民政局-社会救助股 李娜："): the line without it when what follows names a sender.
pub(super) fn without_leading_time(line: &str) -> Option<String> {
    let trimmed = line.trim_start().trim_start_matches('[');
    let mut rest = trimmed;
    let mut clock = false;
    // Up to two runs of date and time, each followed by spaces or a closing bracket.
    for _ in 0..2 {
        let end = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || "-/.:年月日".contains(*c)))
            .map_or(rest.len(), |(i, _)| i);
        if end == 0 {
            break;
        }
        clock |= rest[..end].contains(':');
        rest = rest[end..].trim_start_matches([']', ' ', '\u{3000}']);
    }
    let stamp = trimmed[..trimmed.len() - rest.len()].trim_end_matches([']', ' ', '\u{3000}']);
    let rest = rest.trim();
    if !clock || stamp.is_empty() || rest.is_empty() {
        return None;
    }
    // "2025/06/03 08:47  赵建国：": a person's name alone, written as "赵建国 2025/06/03 08:47".
    let name = rest.trim_end_matches(['：', ':']);
    if (2..=4).contains(&name.chars().count()) && name.chars().all(super::probe::is_han) {
        return Some(format!("{name} {stamp}"));
    }
    // "2026/6/3 10:28  县卫健委妇幼股-周丽": the sender without a colon.
    let signed = if rest.ends_with(['：', ':']) {
        rest.to_string()
    } else {
        format!("{rest}：")
    };
    is_sender(&signed).then_some(signed)
}

fn is_plain_sender(line: &str) -> bool {
    let n = line.chars().count();
    let named = line.split([' ', '\u{3000}']).next().is_some_and(|first| {
        // "李所长（六户地市场监管所）  9:02": the person's office in brackets after the name.
        let first = match first.split_once(['（', '(']) {
            Some((name, office)) if office.ends_with(['）', ')']) => name,
            _ => first,
        };
        // "卫健委-李科长 09:12", "六户地镇社会事务办-马": a department, a dash, a person.
        let dashed = is_dashed_name(first);
        // The town answering in the group ("六户地镇 韩××：收到") is a sender too.
        // A resident in a town's service group ("村民 阿依古丽 08:31").
        let resident = ["村民", "居民", "群众", "网友"].contains(&first);
        // A person by name and post in a private chat ("马书记  11月21日 10:05").
        let titled =
            first.chars().count() <= 6 && super::names::TITLES.iter().any(|t| first.ends_with(t));
        dashed
            || resident
            || titled
            || ORG_ENDINGS.iter().any(|e| first.ends_with(e))
            || first.ends_with(['股', '镇', '乡'])
    });
    let signed = line.trim_end().ends_with(['：', ':'])
        || line
            .chars()
            .rev()
            .take(5)
            .filter(|c| c.is_ascii_digit())
            .count()
            >= 3;
    // A person's name and the time alone ("马福贵 08:05", "何静  10:15"): a private chat.
    let words: Vec<&str> = line
        .split([' ', '\u{3000}'])
        .filter(|w| !w.is_empty())
        .collect();
    let person = words.len() >= 2
        && (2..=4).contains(&words[0].chars().count())
        && words[0].chars().all(super::probe::is_han)
        && words[1..].iter().all(|w| is_clock(w) || is_date(w));
    // "县卫健委妇幼股-周丽：" needs no space between the department and the person.
    let spaced = line.contains([' ', '\u{3000}']) || is_dashed_name(line);
    let plain = n <= 40 && named && signed && spaced && !line.contains(['。', '，']);
    // "张建华：" alone, as a chat written a message a line is read (`names::inline_senders`).
    let chat = line
        .strip_suffix(['：', ':'])
        .is_some_and(super::names::is_chat_name);
    plain || person || chat
}

/// A department, a dash and a person ("卫健委-李科长", "县卫健委妇幼股-周丽").
fn is_dashed_name(name: &str) -> bool {
    // "六户地镇-环保办-李磊": the department may itself be a town and its office.
    let name = name.trim_end_matches(['：', ':']);
    name.rsplit_once(['-', '—']).is_some_and(|(dept, who)| {
        (2..=16).contains(&dept.chars().count())
            && (1..=4).contains(&who.chars().count())
            && !dept.contains(['：', ':'])
            && who
                .chars()
                .all(|c| super::probe::is_han(c) || c == '×' || c == 'X')
    })
}

/// "08:05", "10:15:02".
fn is_clock(w: &str) -> bool {
    let parts: Vec<&str> = w.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn starts_numbered(line: &str) -> bool {
    numbering(line).is_some()
}

/// The level and length (in bytes) of a clause number at the start of `line`.
pub(super) fn numbering(line: &str) -> Option<(u8, usize)> {
    const CN: &str = "一二三四五六七八九十";
    let chars: Vec<(usize, char)> = line.char_indices().take(6).collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let end = |i: usize| chars.get(i).map_or(line.len(), |&(b, _)| b);
    // 一、 二十、
    let cn = chars.iter().take_while(|(_, c)| CN.contains(*c)).count();
    if cn > 0 && matches!(at(cn), Some('、' | '.' | '．')) {
        return Some((1, end(cn + 1)));
    }
    // 第一件， 第二件事： (a resident's letter counting its matters)
    if at(0) == Some('第') {
        let cn = chars[1..]
            .iter()
            .take_while(|(_, c)| CN.contains(*c))
            .count();
        let after = if at(1 + cn) == Some('件') { 2 + cn } else { 0 };
        let after = after + usize::from(after > 0 && at(after) == Some('事'));
        if cn > 0 && after > 0 && matches!(at(after), Some('，' | '：' | '、' | ':' | ',')) {
            return Some((1, end(after + 1)));
        }
    }
    // （一） (二)
    if matches!(at(0), Some('（' | '(')) {
        let cn = chars[1..]
            .iter()
            .take_while(|(_, c)| CN.contains(*c))
            .count();
        if cn > 0 && matches!(at(1 + cn), Some('）' | ')')) {
            return Some((2, end(cn + 2)));
        }
        let digits = chars[1..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        // （1）, not （2026）: a year in brackets heads a meeting's minutes (（2026）第3期).
        if (1..=2).contains(&digits) && matches!(at(1 + digits), Some('）' | ')')) {
            return Some((4, end(digits + 2)));
        }
    }
    // 1. 1、 1． 1); a task table's rows run past 99 ("120."), a year never has a clause's mark.
    let digits = chars.iter().take_while(|(_, c)| c.is_ascii_digit()).count();
    let mark = match digits {
        1 | 2 => matches!(at(digits), Some('.' | '、' | '．' | ')' | '）')),
        3 => matches!(at(digits), Some('.' | '、' | '．')),
        _ => false,
    };
    if mark {
        // Not a decimal: "1.5万亩", "12.5"; but "1.8月中旬…" is the first clause, about August.
        let decimal = at(digits) == Some('.') && at(digits + 1).is_some_and(|c| c.is_ascii_digit());
        let month = (digits + 1..digits + 4)
            .take_while(|&k| at(k).is_some_and(|c| c.is_ascii_digit()))
            .last()
            .is_some_and(|k| at(k + 1) == Some('月'));
        // "1.2025年65岁及以上老年人…" is the first clause, about a year.
        let year = (digits + 1..digits + 5).all(|k| at(k).is_some_and(|c| c.is_ascii_digit()))
            && line[end(digits + 1)..].chars().nth(4) == Some('年');
        if !decimal || month || year {
            return Some((3, end(digits + 1)));
        }
    }
    // ① … ⑳
    if at(0).is_some_and(|c| ('\u{2460}'..='\u{2473}').contains(&c)) {
        return Some((4, end(1)));
    }
    None
}

/// A date a task is due: "12月5日前", "2026年12月5日之前", "于本月20日前".
pub fn deadline_in(text: &str) -> Option<String> {
    for marker in ["日前", "日之前", "日下班前", "日12时前", "日中午前"] {
        let Some(at) = text.find(marker) else {
            continue;
        };
        let before = &text[..at + "日".len()];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || "年月日本".contains(*c))
            .last()
            .map(|(i, _)| i)?;
        let date = &before[start..];
        if date.chars().any(|c| c.is_ascii_digit()) {
            return Some(date.trim_start_matches('日').to_string());
        }
    }
    None
}

/// A document number: 玛政办发〔2026〕12号, 玛农发[2026]3号, 昌州环函【2026】8号.
pub fn doc_ref_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '〔' | '[' | '【' | '（' | '(') {
            continue;
        }
        let year: String = chars[i + 1..].iter().take(4).collect();
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !matches!(chars.get(i + 5), Some('〕' | ']' | '】' | '）' | ')')) {
            continue;
        }
        let digits = chars[i + 6..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || chars.get(i + 6 + digits) != Some(&'号') {
            continue;
        }
        let prefix = chars[..i]
            .iter()
            .rev()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(*c))
            .count()
            .min(10);
        if prefix == 0 {
            continue;
        }
        return Some(chars[i - prefix..i + 7 + digits].iter().collect());
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn senders_in_brackets_letters_and_register_entries() {
        assert!(is_sender("【县卫健委 疾控股 何XX】12月8日"));
        assert!(is_sender("【三岔坪村 书记 马XX】"));
        assert!(!is_sender("【微信】"), "a channel's label");
        assert!(
            !is_sender("【六户地镇—县发改委业务对接群】"),
            "a group's name"
        );
        assert!(is_sender("卫健委-李科长 09:12"));
        assert!(is_letter_head("留言3（镇区 居民 匿名 10月19日）"));
        assert_eq!(
            log_entry("11月3日  县气象局（短信）：请镇上在各村安装观测站。"),
            Some("请镇上在各村安装观测站。")
        );
        assert_eq!(log_entry("2025年11月3日"), None);
        assert_eq!(
            log_entry("[2025-07-03 09:40] 【玛纳斯县统计局】各乡镇：请于7月10日前报送产值。"),
            Some("各乡镇：请于7月10日前报送产值。")
        );
        assert_eq!(log_entry("[2025-07-03 16:30] 收到（已回复）"), None);
    }

    use super::*;

    #[test]
    fn a_senders_line_is_no_task() {
        assert!(is_sender("县统计局 周××："));
        assert!(is_sender(
            "县市场监督管理局登记注册股 杨帆　2026年6月16日 15:02"
        ));
        assert!(!is_sender("请各乡镇组织统计员入户登记。"));
        assert!(!is_contact(
            "附件是你镇被列入名录的合作社，请镇里逐家到登记地址上看一看，6月30日前报县里。"
        ));
        assert!(is_contact("附件：名单"));
    }

    #[test]
    fn numbering_levels() {
        assert_eq!(numbering("一、秸秆禁烧").map(|n| n.0), Some(1));
        assert_eq!(numbering("（二）加强宣传").map(|n| n.0), Some(2));
        assert_eq!(numbering("3. 上报").map(|n| n.0), Some(3));
        assert_eq!(numbering("（4）上报").map(|n| n.0), Some(4));
        assert_eq!(numbering("②上报").map(|n| n.0), Some(4));
        assert_eq!(numbering("1.5万亩"), None);
        assert_eq!(numbering("1.8月中旬办好采摘节").map(|n| n.0), Some(3));
        assert_eq!(numbering("1.2025年老年人体检5月启动").map(|n| n.0), Some(3));
        // A resident's letter counting its matters; "第一书记" is a post, not a number.
        assert_eq!(
            numbering("第二件，村东头有人在好地里盖房子").map(|n| n.0),
            Some(1)
        );
        assert_eq!(numbering("第一件事：地膜埋在地头").map(|n| n.0), Some(1));
        assert_eq!(numbering("第一书记要带头"), None);
        assert_eq!(numbering("1.2025"), None);
        assert_eq!(numbering("（2026）第3期"), None);
        assert_eq!(numbering("一是宣传"), None);
    }

    #[test]
    fn document_numbers_and_deadlines() {
        assert_eq!(
            doc_ref_in("玛政办发〔2026〕12号").as_deref(),
            Some("玛政办发〔2026〕12号")
        );
        assert_eq!(
            doc_ref_in("文号：玛农发[2026]3号").as_deref(),
            Some("玛农发[2026]3号")
        );
        assert_eq!(doc_ref_in("2026年12月5日"), None);
        assert_eq!(deadline_in("请于12月5日前报送").as_deref(), Some("12月5日"));
        assert_eq!(
            deadline_in("2026年12月10日之前完成").as_deref(),
            Some("2026年12月10日")
        );
        assert_eq!(deadline_in("尽快上报"), None);
    }
}
